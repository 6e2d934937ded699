//===- Setup.cpp ----------------------------------------------------------===//
#include "Setup.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>

#ifndef CGOLS_CLANG_RESOURCE_DIR
#define CGOLS_CLANG_RESOURCE_DIR ""
#endif
#ifndef CGOLS_CLANG_BINARY
#define CGOLS_CLANG_BINARY "clang"
#endif

namespace cgols {

// pkg-config answers are cached for a short while: analyses run on every
// edit, and the answer changes only when packages are installed.
PkgConfigOutput runPkgConfig(Environment &Env,
                             const std::vector<std::string> &Args,
                             const std::string &Dir) {
  using Clock = std::chrono::steady_clock;
  static std::mutex M;
  static std::map<std::string, std::pair<Clock::time_point, PkgConfigOutput>>
      Cache;
  std::string Key = Dir;
  for (const std::string &A : Args)
    Key += '\0' + A;
  {
    std::lock_guard<std::mutex> L(M);
    auto It = Cache.find(Key);
    if (It != Cache.end() &&
        Clock::now() - It->second.first < std::chrono::seconds(30))
      return It->second.second;
  }
  std::vector<std::string> Argv = {"pkg-config"};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  RunResult R = Env.run(Argv);
  PkgConfigOutput Out;
  Out.Ok = R.Started && R.ExitCode == 0;
  Out.Out = R.Out;
  Out.Error = R.Started ? R.Err : R.StartError;
  std::lock_guard<std::mutex> L(M);
  Cache[Key] = {Clock::now(), Out};
  return Out;
}

// `xcrun --show-sdk-path`, asked once per process: options are rebuilt on
// every analysis, and the SDK does not move while cgols runs.
static std::string xcrunSdkPath(Environment &Env) {
  static std::mutex M;
  static std::optional<std::string> Answer;
  std::lock_guard<std::mutex> L(M);
  if (!Answer) {
    RunResult R = Env.run({"xcrun", "--sdk", "macosx", "--show-sdk-path"});
    std::string P = R.Started && R.ExitCode == 0 ? R.Out : "";
    while (!P.empty() && (P.back() == '\n' || P.back() == '\r'))
      P.pop_back();
    Answer = P;
  }
  return *Answer;
}

std::string untrustedMessage() {
  return "cgols: this workspace is not trusted, so cgols runs no program "
         "for it (no go, pkg-config or xcrun): #cgo pkg-config lines are not "
         "resolved and the Go version is assumed to be the newest. Every "
         "other check runs. Trust the workspace to check everything.";
}

AnalysisOptions makeAnalysisOptions(const Config &C, const Toolchain &T,
                                    Environment &Env,
                                    std::vector<std::string> &Problems) {
  AnalysisOptions O;
  O.HostGOOS = T.GOHOSTOS;
  O.HostGOARCH = T.GOHOSTARCH;
  O.GoVer.Minor = T.GoMinor;
  O.GoVer.Patch = T.GoPatch;
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
  if (O.DarwinSDK.empty() && T.GOHOSTOS == "darwin")
    O.DarwinSDK = xcrunSdkPath(Env);
  O.LinuxSysroot = C.Sysroot;
  O.ResourceDir =
      Env.getenv("CGOLS_CLANG_RESOURCE_DIR").value_or(CGOLS_CLANG_RESOURCE_DIR);
  O.ClangPath = CGOLS_CLANG_BINARY;
  O.EnvCFLAGS = T.CgoCFLAGS;
  O.EnvCPPFLAGS = T.CgoCPPFLAGS;
  O.ExtraFlags = C.ExtraFlags;
  if (Env.programsAllowed())
    O.PkgConfig = [&Env](const std::vector<std::string> &Args,
                         const std::string &Dir) {
      return runPkgConfig(Env, Args, Dir);
    };
  else
    O.PkgConfigUnavailable = "the workspace is not trusted, so cgols runs "
                             "no pkg-config";
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
