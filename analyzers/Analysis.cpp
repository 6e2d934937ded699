//===- Analysis.cpp - Analyse one Go package for every target -------------===//
//
// For each target: the package view (files and #cgo flags for the target),
// then each cgo file's preamble compiled for the target. Clang's diagnostics
// are mapped into the Go file through the file's SourceMap; a diagnostic in a
// header moves onto the #include line that brought the header in ("in
// included file: ..."), with the header location as related information.
// Finally the same diagnostic found on several targets becomes one, which
// names its targets when it does not occur on all of them.
//
//===----------------------------------------------------------------------===//
#include "Analysis.h"

#include "LineTable.h"
#include "checks/Checks.h"
#include "checks/FlagAllowlist.h"
#include "checks/PkgConfig.h"

#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace cgols {

std::shared_ptr<const CompileResult> PreambleCache::get(const std::string &K) {
  std::lock_guard<std::mutex> L(M);
  auto It = Map.find(K);
  if (It == Map.end()) {
    ++Misses;
    return nullptr;
  }
  ++Hits;
  It->second.LastUse = ++Tick;
  return It->second.R;
}

void PreambleCache::put(const std::string &K,
                        std::shared_ptr<const CompileResult> R) {
  std::lock_guard<std::mutex> L(M);
  if (Map.size() >= Capacity && !Map.count(K)) {
    auto Oldest = std::min_element(Map.begin(), Map.end(),
                                   [](const auto &A, const auto &B) {
                                     return A.second.LastUse < B.second.LastUse;
                                   });
    Map.erase(Oldest);
  }
  Map[K] = {std::move(R), ++Tick};
}

std::vector<std::pair<std::string, std::string>>
readPackageFiles(llvm::vfs::FileSystem &FS, const std::string &Dir) {
  std::vector<std::pair<std::string, std::string>> Out;
  std::error_code EC;
  for (llvm::vfs::directory_iterator It = FS.dir_begin(Dir, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Path = It->path();
    if (!Path.endswith(".go") ||
        It->type() == llvm::sys::fs::file_type::directory_file)
      continue;
    auto Buf = FS.getBufferForFile(Path);
    if (!Buf)
      continue;
    Out.emplace_back(Path.str(), (*Buf)->getBuffer().str());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

bool targetHeadersAvailable(const AnalysisOptions &O, const Target &T,
                            llvm::vfs::FileSystem &FS) {
  if (T.isDarwin())
    return !O.DarwinSDK.empty() && FS.exists(O.DarwinSDK + "/usr/include");
  if (T.GOOS != "linux")
    return false;
  std::string Root = O.LinuxSysroot.empty() ? "" : O.LinuxSysroot;
  if (!FS.exists(Root + "/usr/include"))
    return false;
  if (O.LinuxSysroot.empty() && T.GOARCH != O.HostGOARCH) {
    // Cross headers are in the multiarch directory.
    std::string Triple = T.clangTriple();
    return FS.exists("/usr/include/" + Triple);
  }
  return true;
}

namespace {

std::string flagText(const std::string &Flag, const std::string &Msg) {
  return Flag.empty() ? Msg : Msg + " [" + Flag + "]";
}

std::string cacheKey(const CompileRequest &R) {
  std::string K;
  K.reserve(R.Preamble.size() + 256);
  K += R.GoFilePath;
  K += '\0';
  K += R.T.name();
  K += '\0';
  K += R.Sysroot;
  K += '\0';
  K += R.ResourceDir;
  for (const std::string &F : R.Flags) {
    K += '\0';
    K += F;
  }
  K += '\1';
  K += R.Preamble;
  return K;
}

// Turns one compiled preamble's diagnostics into Go-file diagnostics.
class Mapper {
public:
  Mapper(const SourceFile &F, const Target &T, const TargetView &V,
         llvm::vfs::FileSystem &FS, const CheckContext &Ctx,
         const PreambleUnit &U)
      : F(F), T(T), V(V), FS(FS), Ctx(Ctx), U(U) {}

  void map(const CompileResult &R, std::vector<Diagnostic> &Out) {
    if (objectiveCWithoutFlag(R, Out))
      return;
    for (const CDiagnostic &C : R.Diags) {
      if (C.Lev == CDiagnostic::Level::Note)
        continue;
      Diagnostic D;
      D.Sev = C.Lev == CDiagnostic::Level::Warning ? Severity::Warning
                                                   : Severity::Error;
      D.Code = C.isFileNotFound           ? "cgo-header-not-found"
               : D.Sev == Severity::Error ? "cgo-preamble-error"
                                          : "cgo-preamble-warning";
      D.ClangFlag = C.Flag;
      D.Targets = {T.name()};
      std::string Msg = flagText(C.Flag, C.Message) +
                        clang16Explanation(C.Flag) + arcNote(C.Message);
      if (!C.HasLocation) {
        // The driver's own complaints (an unknown flag): at the #cgo flag
        // that caused it if one matches, else at import "C".
        D.Where = driverLocation(C.Message);
        D.Message = "C compiler: " + Msg;
      } else if (C.Where.InPreamble) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(C.Where.Begin, C.Where.End);
        D.Where = {F.Path, B, E};
        D.Message = Msg;
        addFixes(C, D);
        includeFixForUndeclaredFunction(C, D);
      } else if (C.HasIncludeSite) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(C.IncludeBegin, C.IncludeEnd);
        D.Where = {F.Path, B, E};
        D.Message = "in included file: " + Msg;
        D.Related.push_back({headerLocation(C.Where), Msg});
      } else {
        // In the builtin prolog or a -include'd file: at import "C".
        D.Where = importLocation();
        D.Message = "in " + C.Where.File + ": " + Msg;
      }
      for (const CDiagnostic &N : C.Notes) {
        if (!N.HasLocation)
          continue;
        if (N.Where.InPreamble) {
          auto [B, E] = F.Go.PreambleMap.rangeToGo(N.Where.Begin, N.Where.End);
          D.Related.push_back({{F.Path, B, E}, N.Message});
        } else if (!N.Where.File.empty() &&
                   N.Where.File.rfind("/__cgols__/", 0) != 0) {
          D.Related.push_back({headerLocation(N.Where), N.Message});
        }
        addFixes(N, D);
      }
      Out.push_back(std::move(D));
    }
  }

private:
  const SourceFile &F;
  const Target &T;
  const TargetView &V;
  llvm::vfs::FileSystem &FS;
  const CheckContext &Ctx;
  const PreambleUnit &U;

  bool hasFlag(std::initializer_list<const char *> Names,
               const FlagArg **Found = nullptr) const {
    for (const auto *L : {&V.Flags.CPPFLAGS, &V.Flags.CFLAGS})
      for (std::size_t I = 0; I < L->size(); ++I) {
        const std::string &A = (*L)[I].Value;
        for (const char *N : Names)
          if (A == N) {
            if (Found)
              *Found = &(*L)[I];
            return true;
          }
        // -x objective-c as two arguments.
        if (A == "-x" && I + 1 < L->size())
          for (const char *N : Names)
            if (std::string("-x") + (*L)[I + 1].Value == N)
              return true;
      }
    for (const std::string &A : Ctx.O.ExtraFlags)
      for (const char *N : Names)
        if (A == N)
          return true;
    return false;
  }

  // Objective-C compiled as C: Clang fails at the first '@' (in the
  // preamble or in a header such as Foundation.h) and cascades. One
  // diagnostic replaces them all (check id cgo-objc-without-flag).
  bool objectiveCWithoutFlag(const CompileResult &R,
                             std::vector<Diagnostic> &Out) {
    if (hasFlag({"-xobjective-c", "-ObjC"}))
      return false;
    for (const CDiagnostic &C : R.Diags) {
      if (!C.HasLocation || C.Lev == CDiagnostic::Level::Warning)
        continue;
      char At = 0;
      if (C.Where.InPreamble) {
        if (C.Where.Begin < F.Go.Preamble.size())
          At = F.Go.Preamble[C.Where.Begin];
      } else if (!C.Where.File.empty()) {
        if (auto B = FS.getBufferForFile(C.Where.File))
          if (C.Where.Begin < (*B)->getBufferSize())
            At = (*B)->getBuffer()[C.Where.Begin];
      }
      if (At != '@')
        continue;
      Diagnostic D;
      D.Code = "cgo-objc-without-flag";
      D.Targets = {T.name()};
      D.Sev = Severity::Error;
      std::string Cond = T.GOOS;
      if (C.Where.InPreamble) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(C.Where.Begin, C.Where.End);
        D.Where = {F.Path, B, E};
        D.Message = "this preamble is Objective-C, but the package's CFLAGS "
                    "for " +
                    T.name() +
                    " lack -x objective-c, so it is "
                    "compiled as C and fails here";
      } else if (C.HasIncludeSite) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(C.IncludeBegin, C.IncludeEnd);
        D.Where = {F.Path, B, E};
        D.Message = "this header is Objective-C, but the package's CFLAGS "
                    "for " +
                    T.name() +
                    " lack -x objective-c, so it is "
                    "compiled as C and fails";
        D.Related.push_back({{C.Where.File, C.Where.Begin, C.Where.End},
                             "the first Objective-C construct: " + C.Message});
      } else {
        continue;
      }
      if (auto Fx = addPreambleLine(
              F, "#cgo " + Cond + " CFLAGS: -x objective-c",
              "Add #cgo " + Cond + " CFLAGS: -x objective-c", false))
        D.Fixes.push_back(std::move(*Fx));
      Out.push_back(std::move(D));
      return true;
    }
    return false;
  }

  // Under -fobjc-arc, Clang forbids retain/release: say where ARC is on.
  std::string arcNote(const std::string &Msg) const {
    if (Msg.find("ARC forbids") == std::string::npos)
      return "";
    const FlagArg *A = nullptr;
    if (!hasFlag({"-fobjc-arc"}, &A) || !A)
      return "";
    std::string Base = A->File.substr(A->File.rfind('/') + 1);
    return " (-fobjc-arc is set by #cgo CFLAGS in " + Base +
           "; remove the call, or drop -fobjc-arc and manage memory by hand)";
  }

  void includeFixForUndeclaredFunction(const CDiagnostic &C,
                                       Diagnostic &D) const {
    if (C.Flag != "-Wimplicit-function-declaration")
      return;
    std::size_t Q1 = C.Message.find('\'');
    std::size_t Q2 = C.Message.find('\'', Q1 + 1);
    if (Q1 == std::string::npos || Q2 == std::string::npos)
      return;
    if (auto Fx =
            includeFixFor(Ctx, F, U, C.Message.substr(Q1 + 1, Q2 - Q1 - 1)))
      D.Fixes.push_back(std::move(*Fx));
  }

  Location importLocation() const {
    const go::CImport &CI = F.Go.CImports.front();
    return {F.Path, CI.Path.Begin, CI.Path.End};
  }

  Location driverLocation(const std::string &Msg) const {
    const std::vector<FlagArg> *Lists[] = {&V.Flags.CPPFLAGS, &V.Flags.CFLAGS};
    for (const auto *L : Lists)
      for (const FlagArg &A : *L)
        if (A.File == F.Path &&
            Msg.find("'" + A.Value + "'") != std::string::npos)
          return {A.File, A.Where.Begin, A.Where.End};
    return importLocation();
  }

  Location headerLocation(const CLocation &L) const {
    return {L.File, L.Begin, L.End};
  }

  void addFixes(const CDiagnostic &C, Diagnostic &D) const {
    if (C.FixIts.empty())
      return;
    Fix X;
    for (const CFixIt &FI : C.FixIts) {
      if (!F.Go.PreambleMap.isContiguous(FI.Begin, FI.End))
        return;
      auto [B, E] = F.Go.PreambleMap.rangeToGo(FI.Begin, FI.End);
      X.Edits.push_back({{F.Path, B, E}, FI.Text});
    }
    const CFixIt &First = C.FixIts.front();
    if (C.FixIts.size() == 1 && First.Begin == First.End)
      X.Title = "Insert '" + First.Text + "'";
    else if (C.FixIts.size() == 1 && First.Text.empty())
      X.Title = "Remove '" +
                F.Go.Preamble.substr(First.Begin, First.End - First.Begin) +
                "'";
    else if (C.FixIts.size() == 1)
      X.Title = "Replace with '" + First.Text + "'";
    else
      X.Title = "Apply Clang's fix: " + C.Message;
    D.Fixes.push_back(std::move(X));
  }
};

// Same place, code and message: the same diagnostic on another target.
std::string identity(const Diagnostic &D) {
  std::ostringstream S;
  S << D.Where.File << '\0' << D.Where.Begin << '\0' << D.Where.End << '\0'
    << D.Code << '\0' << D.Message;
  return S.str();
}

void mergeTargets(std::vector<Diagnostic> &Ds,
                  const std::vector<std::string> &AnalysedTargets) {
  std::vector<Diagnostic> Out;
  std::map<std::string, std::size_t> Seen;
  for (Diagnostic &D : Ds) {
    auto [It, New] = Seen.emplace(identity(D), Out.size());
    if (New) {
      Out.push_back(std::move(D));
      continue;
    }
    Diagnostic &Into = Out[It->second];
    for (const std::string &T : D.Targets)
      if (std::find(Into.Targets.begin(), Into.Targets.end(), T) ==
          Into.Targets.end())
        Into.Targets.push_back(T);
  }
  for (Diagnostic &D : Out) {
    std::sort(D.Targets.begin(), D.Targets.end());
    bool All =
        AnalysedTargets.size() > 1 &&
        std::all_of(AnalysedTargets.begin(), AnalysedTargets.end(),
                    [&](const std::string &T) {
                      return std::find(D.Targets.begin(), D.Targets.end(), T) !=
                             D.Targets.end();
                    });
    if (!D.Targets.empty() && !All && AnalysedTargets.size() > 1) {
      std::string L;
      for (const std::string &T : D.Targets)
        L += (L.empty() ? "" : ", ") + T;
      D.Message += " (" + L + ")";
    }
  }
  std::stable_sort(Out.begin(), Out.end(),
                   [](const Diagnostic &A, const Diagnostic &B) {
                     return A.Where.Begin < B.Where.Begin;
                   });
  Ds = std::move(Out);
}

} // namespace

namespace {

// The .c and .m files of the package that go build compiles for T (file
// name suffixes and //go:build lines apply to them too).
std::vector<std::string> sourceFilesFor(const Package &P, const Target &T,
                                        llvm::vfs::FileSystem &FS) {
  std::vector<std::string> Out;
  std::error_code EC;
  for (llvm::vfs::directory_iterator It = FS.dir_begin(P.Dir, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Path = It->path();
    if (!(Path.endswith(".c") || Path.endswith(".m")) ||
        It->type() == llvm::sys::fs::file_type::directory_file)
      continue;
    std::string Base = std::string(llvm::sys::path::filename(Path));
    std::string Stem = Base.substr(0, Base.size() - 2) + ".go";
    if (Base[0] == '_' || Base[0] == '.' || !matchFileName(Stem, T))
      continue;
    auto Buf = FS.getBufferForFile(Path);
    if (!Buf)
      continue;
    go::GoFile Header = go::parseGoFile(Path.str(), (*Buf)->getBuffer());
    if (Header.GoBuild && !evalGoBuild(*Header.GoBuild, T).value_or(false))
      continue;
    Out.push_back(Path.str());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

std::shared_ptr<const CompileResult>
compileCached(const CompileRequest &Req, const std::string &ExtraKey,
              llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
              PreambleCache *Cache) {
  std::string Key = cacheKey(Req) + '\2' + ExtraKey;
  std::shared_ptr<const CompileResult> R = Cache ? Cache->get(Key) : nullptr;
  if (!R) {
    R = std::make_shared<CompileResult>(compilePreamble(Req, FS));
    if (Cache)
      Cache->put(Key, R);
  }
  return R;
}

} // namespace

PackageResult analyzePackage(const Package &P, const AnalysisOptions &O,
                             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                             PreambleCache *Cache,
                             const std::atomic<bool> *Cancelled) {
  PackageResult Res;
  for (const auto &F : P.Files)
    Res.ByFile[F->Path];
  auto Add = [&](std::vector<Diagnostic> &Ds) {
    for (Diagnostic &D : Ds)
      Res.ByFile[D.Where.File].push_back(std::move(D));
    Ds.clear();
  };
  // Checks that do not depend on the target.
  std::vector<Diagnostic> Once;
  checkImportC(P, Once);
  checkConditionTypos(P, Once);
  Add(Once);

  std::vector<std::string> Analysed;
  for (const Target &T : O.Targets) {
    if (Cancelled && Cancelled->load())
      return Res;
    TargetView V = viewForTarget(P, T);
    if (V.CgoFiles.empty())
      continue;
    Add(V.DirectiveErrors);
    std::vector<Diagnostic> Found;
    checkFlagAllowlist(V, O, Found);
    Add(Found);
    if (!targetHeadersAvailable(O, T, *FS)) {
      Notice N;
      N.Key = "headers-missing:" + T.name();
      N.Message =
          T.isDarwin()
              ? "cgols: no macOS SDK is set, so cgo preambles are not compiled "
                "for " +
                    T.name() +
                    ". Set cgols.sdkPath (or SDKROOT) to a MacOSX.sdk to "
                    "check them."
              : "cgols: no C headers for " + T.name() +
                    " (no sysroot for it), so cgo preambles are not compiled "
                    "for that target. Set cgols.sysroot, or remove the "
                    "target.";
      Res.Notices.push_back(std::move(N));
      continue;
    }
    // go build resolves pkg-config first; when it fails, nothing compiles.
    PkgConfigFlags PC = resolvePkgConfig(P, V, O, Found);
    Add(Found);
    if (!PC.Resolved)
      continue;
    Analysed.push_back(T.name());
    // Whatever their origin, only compile-only flags reach Clang.
    std::vector<std::string> Flags;
    auto AddFlags = [&](const std::vector<std::string> &L, const char *Origin) {
      std::vector<std::string> Rejected;
      for (std::string &S : compileOnlyFlags(L, Rejected))
        Flags.push_back(std::move(S));
      for (const std::string &R : Rejected) {
        Notice N;
        N.Key = std::string("unsafe-flag:") + Origin + ":" + R;
        N.Message = std::string("cgols: ") + Origin + ": " + R +
                    " is left out of cgols's compiles: only compile-only "
                    "flags (the go command's compiler allowlist) reach "
                    "Clang, so that no flag can make it write a file or "
                    "print";
        Res.Notices.push_back(std::move(N));
      }
    };
    AddFlags(O.EnvCPPFLAGS, "CGO_CPPFLAGS");
    AddFlags(acceptedFlags(V.Flags.CPPFLAGS, "CPPFLAGS", O), "#cgo CPPFLAGS");
    AddFlags(PC.CFlags, "pkg-config --cflags");
    AddFlags(O.EnvCFLAGS, "CGO_CFLAGS");
    AddFlags(acceptedFlags(V.Flags.CFLAGS, "CFLAGS", O), "#cgo CFLAGS");
    AddFlags(O.ExtraFlags, "cgols.extraFlags");
    CompileRequest Base;
    Base.T = T;
    Base.Flags = Flags;
    Base.Sysroot = T.isDarwin() ? O.DarwinSDK : O.LinuxSysroot;
    Base.ResourceDir = O.ResourceDir;
    Base.ClangPath = O.ClangPath;

    CheckContext Ctx{P, V, O, FS, {}, {}};
    for (const SourceFile *F : V.CgoFiles) {
      if (Cancelled && Cancelled->load())
        return Res;
      // An empty preamble is compiled too when Go code uses C.names: cgo
      // then knows only its builtins (a detached preamble, a typo).
      if (F->Go.Preamble.empty() && F->Go.Refs.empty())
        continue;
      CompileRequest Req = Base;
      Req.GoFilePath = F->Path;
      Req.Preamble = go::discardCgoDirectives(F->Go.Preamble);
      Ctx.Preambles.push_back({F, Req, compileCached(Req, "", FS, Cache)});
    }
    for (const std::string &Src : sourceFilesFor(P, T, *FS)) {
      if (Cancelled && Cancelled->load())
        return Res;
      auto Buf = FS->getBufferForFile(Src);
      if (!Buf)
        continue;
      CompileRequest Req = Base;
      Req.GoFilePath = Src;
      Req.SourcePath = Src;
      std::string Text = (*Buf)->getBuffer().str();
      Ctx.Sources.push_back({Src, Text, compileCached(Req, Text, FS, Cache)});
    }
    for (const PreambleUnit &U : Ctx.Preambles)
      Mapper(*U.File, T, V, *FS, Ctx, U).map(*U.R, Res.ByFile[U.File->Path]);
    checkUndeclaredNames(Ctx, Found);
    checkExportDefinitions(Ctx, Found);
    checkDuplicateSymbols(Ctx, Found);
    for (Diagnostic &D : Found)
      if (Res.ByFile.count(D.Where.File))
        Res.ByFile[D.Where.File].push_back(std::move(D));
  }
  for (auto &[Path, Ds] : Res.ByFile)
    mergeTargets(Ds, Analysed);
  return Res;
}

} // namespace cgols
