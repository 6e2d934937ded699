//===- Setup.cpp ----------------------------------------------------------===//
#include "Setup.h"

#include <algorithm>

#ifndef CGOLS_CLANG_RESOURCE_DIR
#define CGOLS_CLANG_RESOURCE_DIR ""
#endif
#ifndef CGOLS_CLANG_BINARY
#define CGOLS_CLANG_BINARY "clang"
#endif

namespace cgols {

AnalysisOptions makeAnalysisOptions(const Config &C, const Toolchain &T,
                                    Environment &Env,
                                    std::vector<std::string> &Problems) {
  AnalysisOptions O;
  O.HostGOOS = T.GOHOSTOS;
  O.HostGOARCH = T.GOHOSTARCH;
  O.GoVer.Minor = T.GoMinor;
  std::vector<std::string> Names = C.Targets;
  if (Names.empty()) {
    Names.push_back(T.GOHOSTOS + "/" + T.GOHOSTARCH);
    Names.push_back("darwin/arm64");
  }
  for (const std::string &N : Names) {
    auto Tg = parseTarget(N);
    if (!Tg) {
      Problems.push_back("unknown target '" + N +
                         "' (expected GOOS/GOARCH, e.g. darwin/arm64)");
      continue;
    }
    Tg->GoMinor = T.GoMinor;
    if (std::find(O.Targets.begin(), O.Targets.end(), *Tg) == O.Targets.end())
      O.Targets.push_back(*Tg);
  }
  O.DarwinSDK = C.SdkPath;
  if (O.DarwinSDK.empty())
    O.DarwinSDK = T.SDKROOT;
  if (O.DarwinSDK.empty() && T.GOHOSTOS == "darwin") {
    RunResult R = Env.run({"xcrun", "--sdk", "macosx", "--show-sdk-path"});
    if (R.Started && R.ExitCode == 0) {
      std::string P = R.Out;
      while (!P.empty() && (P.back() == '\n' || P.back() == '\r'))
        P.pop_back();
      O.DarwinSDK = P;
    }
  }
  O.LinuxSysroot = C.Sysroot;
  O.ResourceDir =
      Env.getenv("CGOLS_CLANG_RESOURCE_DIR").value_or(CGOLS_CLANG_RESOURCE_DIR);
  O.ClangPath = CGOLS_CLANG_BINARY;
  O.EnvCFLAGS = T.CgoCFLAGS;
  O.EnvCPPFLAGS = T.CgoCPPFLAGS;
  O.ExtraFlags = C.ExtraFlags;
  for (const char *Kind :
       {"CFLAGS", "CPPFLAGS", "CXXFLAGS", "FFLAGS", "LDFLAGS"})
    for (const char *Suffix : {"_ALLOW", "_DISALLOW"}) {
      std::string Name = std::string("CGO_") + Kind + Suffix;
      if (auto V = Env.getenv(Name))
        O.CgoFlagEnv[Name] = *V;
    }
  return O;
}

} // namespace cgols
