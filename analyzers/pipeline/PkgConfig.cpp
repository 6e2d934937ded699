//===- PkgConfig.cpp - #cgo pkg-config: as the go command resolves it -----===//
#include "PkgConfig.h"

#include "pipeline/Flags.h"

#include <algorithm>
#include <cstring>

namespace cgols {

std::vector<std::string> splitPkgConfigOutput(const std::string &Out) {
  std::vector<std::string> Flags;
  std::string Flag;
  bool Escaped = false, Have = false;
  char Quote = 0;
  for (char C : Out) {
    if (Escaped) {
      if (Quote && !std::strchr("$`\"\\", C))
        Flag.push_back('\\');
      Flag.push_back(C);
      Escaped = false;
      Have = true;
    } else if (Quote) {
      if (C == Quote)
        Quote = 0;
      else if (C == '\\')
        Escaped = true;
      else
        Flag.push_back(C);
    } else if (!std::strchr(" \t\n\v\f\r", C)) {
      if (C == '\\')
        Escaped = true;
      else if (C == '\'' || C == '"')
        Quote = C, Have = true;
      else
        Flag.push_back(C), Have = true;
    } else if (Have) {
      Flags.push_back(Flag);
      Flag.clear();
      Have = false;
    }
  }
  if (Have)
    Flags.push_back(Flag);
  return Flags;
}

PkgConfigFlags resolvePkgConfig(const Package &P, const TargetView &V,
                                const AnalysisOptions &O,
                                std::vector<Diagnostic> &Out) {
  PkgConfigFlags R;
  if (V.Flags.PkgConfig.empty())
    return R;
  const FlagArg &First = V.Flags.PkgConfig.front();
  R.Line = &First;
  // Until pkg-config has answered: the preambles compile without its flags.
  R.LibsKnown = false;
  // The host's pkg-config answers for the host's target only: its -I flags
  // name Linux headers, which in a darwin compile fail in thousands of
  // ways. Another target's packages are said to be unresolved, once.
  std::string Why = O.PkgConfigUnavailable;
  if (Why.empty() && O.PkgConfig &&
      (V.T.GOOS != O.HostGOOS || V.T.GOARCH != O.HostGOARCH))
    Why = "the host's pkg-config answers for " + O.HostGOOS + "/" +
          O.HostGOARCH + " only";
  if (!O.PkgConfig || !Why.empty()) {
    if (Why.empty()) { // no pkg-config to ask (unit tests): as before
      R.LibsKnown = true;
      return R;
    }
    Diagnostic D;
    D.Where = {First.File, First.Where.Begin, First.Where.End};
    D.Code = "cgo-pkg-config";
    D.Sev = Severity::Information;
    D.Message = "#cgo pkg-config is not resolved for " + V.T.name() + " (" +
                Why + "): the preambles are compiled without its flags";
    D.Targets = {V.T.name()};
    Out.push_back(std::move(D));
    R.Resolved = false;
    return R;
  }
  auto Report = [&](const FlagArg &At, std::string Msg) {
    Diagnostic D;
    D.Where = {At.File, At.Where.Begin, At.Where.End};
    D.Code = "cgo-pkg-config";
    D.Message = std::move(Msg);
    D.Targets = {V.T.name()};
    Out.push_back(std::move(D));
  };
  // cmd/go moved pkg-config's own --options to the front, before "--", and
  // passed them on: `--log-file=PATH` then made pkg-config write any file
  // the user can write (CVE-2025-61731). The go command rejects options
  // since Go 1.24.12 and 1.25.6; cgols never passes one, whatever the Go
  // version, and runs pkg-config with the package names alone.
  bool GoRejects = O.GoVer.atLeast(26) || O.GoVer.atLeast(25, 6) ||
                   (O.GoVer.Minor == 24 && O.GoVer.Patch >= 12);
  std::vector<std::string> Args = {"--cflags"}, Pkgs;
  for (const FlagArg &A : V.Flags.PkgConfig) {
    if (A.Value == "--")
      continue;
    if (!A.Value.empty() && A.Value[0] == '-') {
      Diagnostic D;
      D.Where = {A.File, A.Where.Begin, A.Where.End};
      D.Code = "cgo-pkg-config";
      D.Targets = {V.T.name()};
      if (GoRejects) {
        D.Message = "Remove " + A.Value +
                    " and set PKG_CONFIG_PATH instead: invalid flag in "
                    "pkg-config: " +
                    A.Value +
                    " (see https://go.dev/s/invalidflag); the go command "
                    "passes no options to pkg-config (CVE-2025-61731)";
      } else {
        D.Sev = Severity::Warning;
        D.Message = "Remove " + A.Value +
                    " and set PKG_CONFIG_PATH instead: go 1.24.12, 1.25.6 "
                    "and later reject pkg-config options (CVE-2025-61731: an "
                    "option such as --log-file lets a repository write "
                    "files); cgols does not pass it";
      }
      Out.push_back(std::move(D));
      if (GoRejects) {
        R.Resolved = false;
        return R;
      }
      continue;
    }
    if (!isSafeArg(A.Value)) {
      Report(A, "invalid pkg-config package name: " + A.Value);
      R.Resolved = false;
      return R;
    }
    // Each name once: every file's directive repeats the package's names.
    if (std::find(Pkgs.begin(), Pkgs.end(), A.Value) == Pkgs.end())
      Pkgs.push_back(A.Value);
  }
  if (Pkgs.empty())
    return R;
  Args.push_back("--");
  std::string Names;
  for (const std::string &N : Pkgs) {
    Args.push_back(N);
    Names += (Names.empty() ? "" : " ") + N;
  }
  PkgConfigOutput Res = O.PkgConfig(Args, P.Dir);
  if (!Res.Started) {
    // The machine, not the code: go build stops too ("exec: pkg-config:
    // executable file not found"), and `cgols check` exits 2, not 1.
    R.NotRun = "pkg-config could not be run (" + Res.Error + ")";
    Report(First, "Install pkg-config: it could not be run (" + Res.Error +
                      "), so #cgo pkg-config is not resolved for " +
                      V.T.name() +
                      " and go build stops here too; until then the "
                      "preambles are compiled without its flags");
    Out.back().Sev = Severity::Information;
    R.Resolved = false;
    return R;
  }
  if (!Res.Ok) {
    std::string Why = Res.Error;
    while (!Why.empty() && (Why.back() == '\n' || Why.back() == ' '))
      Why.pop_back();
    std::size_t NL = Why.find('\n');
    if (NL != std::string::npos)
      Why = Why.substr(0, NL);
    while (!Why.empty() && Why.back() == '.')
      Why.pop_back();
    Report(First, "pkg-config --cflags -- " + Names + " failed" +
                      (Why.empty() ? "" : ": " + Why) +
                      ". go build stops here: install the development "
                      "package that provides the .pc file (or set "
                      "PKG_CONFIG_PATH); until then the preambles are "
                      "compiled without its flags");
    R.Resolved = false;
    return R;
  }
  std::vector<std::string> Flags = splitPkgConfigOutput(Res.Out);
  std::vector<FlagProblem> Bad =
      checkFlagList(Flags, FlagKind::Compiler, "pkg-config --cflags",
                    O.GoVer.Minor, std::nullopt, std::nullopt);
  for (const FlagProblem &B : Bad)
    Report(First, B.Message + " (from pkg-config --cflags -- " + Names + ")");
  if (!Bad.empty()) {
    R.Resolved = false;
    return R;
  }
  R.CFlags = std::move(Flags);
  R.LibsKnown = true;
  // The libraries, for the link check only: a failure here is not go
  // build's (it stops at --cflags first), so it is not reported.
  Args[0] = "--libs";
  PkgConfigOutput Libs = O.PkgConfig(Args, P.Dir);
  R.LibsKnown = Libs.Ok;
  if (Libs.Ok)
    R.Libs = splitPkgConfigOutput(Libs.Out);
  return R;
}

std::vector<std::string> headersNotFound(const CompileResult &R) {
  std::vector<std::string> Out;
  for (const CDiagnostic &D : R.Diags) {
    if (!D.isFileNotFound)
      continue;
    // Clang's words: "'gtk/gtk.h' file not found".
    std::size_t Q1 = D.Message.find('\'');
    std::size_t Q2 = D.Message.find('\'', Q1 + 1);
    std::string H = Q1 == std::string::npos || Q2 == std::string::npos
                        ? D.Message
                        : D.Message.substr(Q1 + 1, Q2 - Q1 - 1);
    if (std::find(Out.begin(), Out.end(), H) == Out.end())
      Out.push_back(std::move(H));
  }
  return Out;
}

} // namespace cgols
