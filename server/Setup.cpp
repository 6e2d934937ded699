//===- Setup.cpp ----------------------------------------------------------===//
#include "Setup.h"

#include "core/FlagKinds.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <chrono>
#include <map>

#ifndef CGOLS_CLANG_RESOURCE_DIR
#define CGOLS_CLANG_RESOURCE_DIR ""
#endif
#ifndef CGOLS_CLANG_BINARY
#define CGOLS_CLANG_BINARY "clang"
#endif

namespace cgols {

std::string untrustedMessage() {
  return "cgols: this workspace is not trusted, so cgols runs no program "
         "for it (no go, pkg-config or xcrun): #cgo pkg-config lines are not "
         "resolved and the Go version is assumed to be the newest. Every "
         "other check runs. Trust the workspace to check everything.";
}

std::optional<std::string> bundledResourceDir() {
  // The platform .vsix ships Clang's headers beside the binary:
  // server/cgols and server/lib/clang/<major>/include.
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable("cgols", &Anchor);
  if (Exe.empty())
    return std::nullopt;
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Exe));
  llvm::sys::path::append(Dir, "lib", "clang",
                          std::to_string(LLVM_VERSION_MAJOR));
  llvm::SmallString<256> Include(Dir);
  llvm::sys::path::append(Include, "include", "stddef.h");
  if (!llvm::sys::fs::exists(Include))
    return std::nullopt;
  return std::string(Dir);
}

AnalysisOptions makeAnalysisOptions(const Config &C, Probes &P,
                                    std::vector<std::string> &Problems) {
  Environment &Env = P.env();
  Toolchain T = P.toolchain();
  AnalysisOptions O;
  O.HostGOOS = T.GOHOSTOS;
  O.HostGOARCH = T.GOHOSTARCH;
  O.GoVer.Minor = T.GoMinor;
  O.GoVer.Patch = T.GoPatch;
  std::vector<std::string> Names = C.Targets;
  O.DefaultTargets = Names.empty();
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
    O.DarwinSDK = P.xcrunSdkPath();
  O.LinuxSysroot = C.Sysroot;
  O.ResourceDir =
      Env.getenv("CGOLS_CLANG_RESOURCE_DIR")
          .value_or(bundledResourceDir().value_or(CGOLS_CLANG_RESOURCE_DIR));
  O.ClangPath = CGOLS_CLANG_BINARY;
  O.EnvCFLAGS = T.CgoCFLAGS;
  O.EnvCPPFLAGS = T.CgoCPPFLAGS;
  O.EnvLDFLAGS = T.CgoLDFLAGS;
  O.ExtraFlags = C.ExtraFlags;
  O.GoModCache = T.GOMODCACHE;
  O.GoWorkOff = T.GOWORK == "off";
  for (llvm::StringRef E : llvm::split(T.GOPATH, ':'))
    if (!E.empty())
      O.GoPath.push_back(E.str());
  if (Env.programsAllowed())
    O.PkgConfig = [&P](const std::vector<std::string> &Args,
                       const std::string &Dir) {
      return P.pkgConfig(Args, Dir);
    };
  else
    O.PkgConfigUnavailable = "the workspace is not trusted, so cgols runs "
                             "no pkg-config";
  for (const auto &[Code, On] : C.Checks)
    if (!On)
      O.DisabledCodes.insert(Code);
  for (const CgoFlagKind &Kind : CgoFlagKinds)
    for (const char *Suffix : {"_ALLOW", "_DISALLOW"}) {
      std::string Name = std::string("CGO_") + Kind.Name + Suffix;
      if (auto V = Env.getenv(Name))
        O.CgoFlagEnv[Name] = *V;
    }
  return O;
}

} // namespace cgols
