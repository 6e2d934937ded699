//===- PkgConfig.cpp - #cgo pkg-config: as the go command resolves it -----===//
#include "PkgConfig.h"

#include "FlagAllowlist.h"

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
  if (V.Flags.PkgConfig.empty() || !O.PkgConfig)
    return R;
  const FlagArg &First = V.Flags.PkgConfig.front();
  auto Report = [&](const FlagArg &At, std::string Msg) {
    Diagnostic D;
    D.Where = {At.File, At.Where.Begin, At.Where.End};
    D.Code = "cgo-pkg-config";
    D.Message = std::move(Msg);
    D.Targets = {V.T.name()};
    Out.push_back(std::move(D));
  };
  // cmd/go moves pkg-config's own --flags to the front, before "--".
  std::vector<std::string> Args = {"--cflags"}, Pkgs;
  for (const FlagArg &A : V.Flags.PkgConfig) {
    if (A.Value == "--")
      continue;
    if (A.Value.rfind("--", 0) == 0) {
      Args.push_back(A.Value);
      continue;
    }
    if (!isSafeArg(A.Value)) {
      Report(A, "invalid pkg-config package name: " + A.Value);
      R.Resolved = false;
      return R;
    }
    Pkgs.push_back(A.Value);
  }
  Args.push_back("--");
  std::string Names;
  for (const std::string &N : Pkgs) {
    Args.push_back(N);
    Names += (Names.empty() ? "" : " ") + N;
  }
  PkgConfigOutput Res = O.PkgConfig(Args, P.Dir);
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
                      "PKG_CONFIG_PATH); preambles are not checked for " +
                      V.T.name() + " until then");
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
  return R;
}

} // namespace cgols
