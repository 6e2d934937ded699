//===- Check.cpp - `cgols check` ------------------------------------------===//
#include "Check.h"

#include "Analysis.h"
#include "Server.h"
#include "core/LineTable.h"
#include "gobuild/Walk.h"
#include "protocol/Utf8.h"

#include "llvm/Support/Path.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace cgols {
namespace {

/// Columns in Unicode code points (SARIF's "unicodeCodePoints"), 1-based.
unsigned codePointColumn(const std::string &Text, std::size_t LineStart,
                         std::size_t At) {
  unsigned Col = 1;
  for (std::size_t I = LineStart; I < At && I < Text.size(); ++I)
    if ((static_cast<unsigned char>(Text[I]) & 0xC0) != 0x80)
      ++Col;
  return Col;
}

/// The text after "**What.**" up to the first blank line: a rule's short
/// description.
std::string whatOf(const std::string &Doc) {
  std::size_t B = Doc.find("**What.**");
  std::string S = Doc.substr(B == std::string::npos ? 0 : B + 9);
  S = S.substr(0, S.find("\n\n"));
  std::replace(S.begin(), S.end(), '\n', ' ');
  while (!S.empty() && S.front() == ' ')
    S.erase(S.begin());
  return S;
}

/// SARIF 2.1.0, as GitHub code scanning reads it: one run, the rules from
/// the checks' own documentation, a result per diagnostic.
boost::json::object sarifLog(boost::json::array Results,
                             const std::set<std::string> &Used) {
  boost::json::array Rules;
  for (const Check *C : allChecks())
    for (const CodeDoc &D : C->Codes) {
      if (!Used.count(D.Code))
        continue;
      Rules.push_back(boost::json::object{
          {"id", D.Code},
          {"shortDescription", boost::json::object{{"text", whatOf(D.Doc)}}},
          {"fullDescription", boost::json::object{{"text", D.Doc}}},
          {"help", boost::json::object{{"text", D.Doc}, {"markdown", D.Doc}}},
      });
    }
  return boost::json::object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       boost::json::array{boost::json::object{
           {"tool",
            boost::json::object{
                {"driver", boost::json::object{{"name", "cgols"},
                                               {"version", CGOLS_VERSION},
                                               {"rules", std::move(Rules)}}}}},
           {"columnKind", "unicodeCodePoints"},
           {"originalUriBaseIds",
            boost::json::object{
                {"%SRCROOT%", boost::json::object{{"uri", "file:///"}}}}},
           {"results", std::move(Results)}}}}};
}

std::string absolute(const std::string &Cwd, const std::string &P) {
  if (!P.empty() && P.front() == '/')
    return P;
  llvm::SmallString<256> S(Cwd);
  llvm::sys::path::append(S, P);
  llvm::sys::path::remove_dots(S, /*remove_dot_dot=*/true);
  return std::string(S);
}

std::string display(const std::string &Cwd, const std::string &P) {
  if (!Cwd.empty() && P.size() > Cwd.size() &&
      P.compare(0, Cwd.size(), Cwd) == 0 && P[Cwd.size()] == '/')
    return P.substr(Cwd.size() + 1);
  return P;
}

// The message as text output shows it: an error moved from a header onto
// its #include names the header and its line, as JSON's related
// information does ("in included file gtk/gtk.h:12: ...").
std::string textMessage(const Diagnostic &D, llvm::vfs::FileSystem &FS,
                        const std::string &Cwd) {
  const std::string Prefix = "in included file: ";
  if (!D.InHeader)
    return D.Message;
  const Location &H = *D.InHeader;
  auto B = FS.getBufferForFile(H.File);
  if (!B)
    return D.Message;
  LineTable LT((*B)->getBuffer());
  std::string Msg = D.Message.rfind(Prefix, 0) == 0
                        ? D.Message.substr(Prefix.size())
                        : D.Message;
  return "in included file " + display(Cwd, H.File) + ":" +
         std::to_string(LT.lineCol(H.Begin).Line + 1) + ": " + Msg;
}

} // namespace

int runCheck(const CheckOptions &O, Environment &Env, std::ostream &Out,
             std::ostream &Err) {
  auto FS = Env.fileSystem();
  // Which packages, and which files of them to report (empty: all).
  std::map<std::string, std::set<std::string>> Packages;
  for (const std::string &Arg : O.Paths) {
    std::string P = Arg;
    bool Recursive = false;
    if (P == "..." || llvm::StringRef(P).ends_with("/...")) {
      Recursive = true;
      P = P == "..." ? "." : P.substr(0, P.size() - 4);
    }
    std::string Abs = absolute(O.Cwd, P.empty() ? "." : P);
    auto St = FS->status(Abs);
    if (!St) {
      Err << "cgols: " << Arg << ": " << St.getError().message() << "\n";
      return 2;
    }
    if (St->isDirectory()) {
      std::set<std::string> Dirs;
      std::string WalkError;
      if (Recursive) {
        if (!packageDirectories(*FS, Abs, Dirs, WalkError)) {
          Err << "cgols: " << protocol::escapeInvalidUtf8(WalkError) << "\n";
          return 2;
        }
      } else {
        std::error_code EC;
        FS->dir_begin(Abs, EC);
        if (EC) {
          Err << "cgols: " << Arg << ": " << EC.message() << "\n";
          return 2;
        }
        Dirs.insert(Abs);
      }
      for (const std::string &D : Dirs)
        Packages[D];
    } else {
      if (!llvm::StringRef(Abs).ends_with(".go")) {
        Err << "cgols: " << Arg << ": not a .go file or a directory\n";
        return 2;
      }
      if (!FS->getBufferForFile(Abs)) {
        Err << "cgols: " << Arg << ": cannot read the file\n";
        return 2;
      }
      Packages[std::string(llvm::sys::path::parent_path(Abs))].insert(Abs);
    }
  }

  // Targets are arguments here: a wrong one is a usage error.
  bool AnyTarget = O.Targets.empty();
  for (const std::string &T : O.Targets) {
    if (parseTarget(T))
      AnyTarget = true;
    else
      Err << "cgols: unknown target '" << T
          << "' (expected GOOS/GOARCH, e.g. darwin/arm64)\n";
  }
  if (!AnyTarget) {
    Err << "cgols: no valid target to analyse\n";
    return 2;
  }
  // A mistyped SDK or sysroot would only say "no macOS SDK is set" later.
  for (const auto &[What, Dir] :
       {std::pair<const char *, std::string>{"macOS SDK", O.SDK},
        {"linux sysroot", O.LinuxSysroot}}) {
    if (Dir.empty())
      continue;
    auto St = FS->status(absolute(O.Cwd, Dir));
    if (!St || !St->isDirectory()) {
      Err << "cgols: the " << What << " " << Dir << " is not a directory\n";
      return 2;
    }
  }
  // The same core as the language server; notices go to stderr, once.
  ServerCallbacks CB;
  CB.Notice = [&](Severity, const std::string &, const std::string &Msg) {
    Out.flush();
    Err << protocol::escapeInvalidUtf8(Msg) << "\n";
  };
  Server Core(Env, CB);
  Core.setFeatureRequests(false); // no hover here: keep no symbols
  Core.setCacheOverride(0);       // each package is visited once
  Config C;
  C.Targets = O.Targets;
  C.SdkPath = O.SDK.empty() ? "" : absolute(O.Cwd, O.SDK);
  C.Sysroot = O.LinuxSysroot.empty() ? "" : absolute(O.Cwd, O.LinuxSysroot);
  // --untrusted (CI on a pull request from a fork): no program runs.
  Core.initialize(C, !O.Untrusted);
  int Errors = 0, Warnings = 0, Infos = 0;
  boost::json::array JsonOut, SarifResults;
  std::set<std::string> UsedCodes;
  // Exit code 2 when a requested target's cgo files could not be checked
  // because of the machine. With --target every target counts; without it,
  // a missing SDK or sysroot does not (the default darwin/arm64 on Linux
  // only gets its notice), the other causes do.
  // (target, why) -> how many packages, the first of them.
  std::map<std::pair<std::string, std::string>,
           std::pair<std::size_t, std::string>>
      Unchecked;
  std::size_t OtherTargetsOnly = 0; // packages with cgo for other targets
  std::string OtherTargetsExample;
  for (const auto &[Dir, Only] : Packages) {
    std::shared_ptr<const PackageAnalysis> A = Core.analyzeNow(Dir);
    const Package &Pkg = A->Pkg;
    const PackageResult &R = A->Result;
    for (const PackageResult::UncheckedTarget &U : R.Unchecked)
      if (!O.Targets.empty() || !U.NoHeaders) {
        auto &[N, First] = Unchecked[{U.Target, U.Why}];
        if (!N++)
          First = display(O.Cwd, Dir);
      }
    // A package with cgo files, none of them built for a requested target
    // (m_darwin.go checked for linux/amd64): nothing to check, as go vet
    // for that target would say.
    if (std::any_of(
            Pkg.Files.begin(), Pkg.Files.end(),
            [](const auto &F) { return F->Go.hasPreambleToCompile(); }) &&
        R.Units.empty() && R.Unchecked.empty()) {
      if (!OtherTargetsOnly++)
        OtherTargetsExample = display(O.Cwd, Dir);
    }
    for (const auto &F : Pkg.Files) {
      if (!Only.empty() && !Only.count(F->Path))
        continue;
      const auto &Ds = R.ByFile.at(F->Path);
      LineTable LT(F->Text);
      for (const Diagnostic &D : Ds) {
        (D.Sev == Severity::Error     ? Errors
         : D.Sev == Severity::Warning ? Warnings
                                      : Infos)++;
        auto LC = LT.lineCol(D.Where.Begin);
        std::string Path = display(O.Cwd, F->Path);
        if (O.Format == "sarif") {
          UsedCodes.insert(D.Code);
          std::size_t LineStart = D.Where.Begin - LC.Col;
          auto End = LT.lineCol(D.Where.End);
          boost::json::object Region{
              {"startLine", LC.Line + 1},
              {"startColumn",
               codePointColumn(F->Text, LineStart, D.Where.Begin)},
              {"endLine", End.Line + 1},
              {"endColumn",
               codePointColumn(F->Text, D.Where.End - End.Col, D.Where.End)}};
          SarifResults.push_back(boost::json::object{
              {"ruleId", D.Code},
              {"level", D.Sev == Severity::Error     ? "error"
                        : D.Sev == Severity::Warning ? "warning"
                                                     : "note"},
              {"message", boost::json::object{{"text", D.Message}}},
              {"locations",
               boost::json::array{boost::json::object{
                   {"physicalLocation",
                    boost::json::object{
                        {"artifactLocation",
                         boost::json::object{{"uri", Path},
                                             {"uriBaseId", "%SRCROOT%"}}},
                        {"region", std::move(Region)}}}}}}});
        } else if (O.Format == "json") {
          boost::json::array Related;
          for (const RelatedInfo &RI : D.Related)
            Related.push_back({{"file", RI.Where.File},
                               {"offset", RI.Where.Begin},
                               {"message", RI.Message}});
          boost::json::array Targets(D.Targets.begin(), D.Targets.end());
          boost::json::array Fixes;
          for (const Fix &X : D.Fixes)
            Fixes.push_back(boost::json::value(X.Title));
          JsonOut.push_back({{"file", Path},
                             {"line", LC.Line + 1},
                             {"column", LC.Col + 1},
                             {"severity", severityName(D.Sev)},
                             {"code", D.Code},
                             {"message", D.Message},
                             {"targets", std::move(Targets)},
                             {"related", std::move(Related)},
                             {"fixes", std::move(Fixes)}});
        } else {
          Out << protocol::escapeInvalidUtf8(Path) << ":" << LC.Line + 1 << ":"
              << LC.Col + 1 << ": " << severityName(D.Sev) << ": "
              << protocol::escapeInvalidUtf8(textMessage(D, *FS, O.Cwd)) << " ["
              << D.Code << "]\n";
        }
      }
    }
  }
  if (O.Format == "sarif") {
    boost::json::value V = sarifLog(std::move(SarifResults), UsedCodes);
    protocol::makeValidUtf8(V);
    Out << boost::json::serialize(V) << "\n";
  } else if (O.Format == "json") {
    boost::json::value V = std::move(JsonOut);
    protocol::makeValidUtf8(V);
    Out << boost::json::serialize(V) << "\n";
  }
  Out.flush();
  if (O.Format == "text" && OtherTargetsOnly)
    Err << "cgols: " << OtherTargetsOnly
        << (OtherTargetsOnly == 1 ? " package has" : " packages have")
        << " cgo files for other targets only, nothing to check there (e.g. "
        << protocol::escapeInvalidUtf8(OtherTargetsExample) << ")\n";
  for (const auto &[TW, NF] : Unchecked)
    Err << "cgols: the cgo files of " << NF.first
        << (NF.first == 1 ? " package" : " packages") << " ("
        << protocol::escapeInvalidUtf8(NF.second)
        << (NF.first == 1 ? "" : ", ...") << ") could not be checked for "
        << TW.first << ": " << protocol::escapeInvalidUtf8(TW.second) << "\n";
  if (O.Format == "text" && (Errors || Warnings || Infos))
    Err << Errors << (Errors == 1 ? " error, " : " errors, ") << Warnings
        << (Warnings == 1 ? " warning, " : " warnings, ") << Infos
        << " information\n";
  // 1 for a finding that go build would fail on; 2 when cgo code that was
  // asked for could not be checked on this machine; 0: nothing found.
  if (Errors)
    return 1;
  if (!Unchecked.empty())
    return 2;
  return 0;
}

} // namespace cgols
