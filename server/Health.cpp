//===- Health.cpp - The doctor's probes: facts about this machine ---------===//
#include "Health.h"

#include "gobuild/Walk.h"

#include "cgo/CgoDirective.h"
#include "cgo/GoFile.h"

#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <sys/utsname.h>
#ifdef __APPLE__
#include <sys/sysctl.h>
#include <sys/types.h>
#endif

namespace cgols {

namespace {

std::string firstLine(const std::string &S) {
  std::string L = S.substr(0, S.find('\n'));
  while (!L.empty() && (L.back() == '\r' || L.back() == ' '))
    L.pop_back();
  return L;
}

std::string trimmed(std::string S) {
  while (!S.empty() &&
         (S.back() == '\n' || S.back() == ' ' || S.back() == '\r'))
    S.pop_back();
  return S;
}

/// Build, when given, gets the Go build information of the file read.
doctor::Program program(Environment &Env, const std::string &Name,
                        const std::vector<std::string> &Also = {},
                        std::vector<doctor::GoBuildInfo> *Build = nullptr) {
  doctor::Program P;
  auto Found = findProgram(Name, Env.getenv("PATH").value_or(""));
  for (std::size_t I = 0; !Found && I < Also.size(); ++I)
    Found = findProgram(Also[I], "");
  if (!Found)
    return P;
  P.Path = *Found;
  // Mapped, not read: llvm::object touches only the headers it parses.
  if (auto B = Env.fileSystem()->getBufferForFile(P.Path, -1,
                                                  /*RequiresNullTerminator=*/
                                                  false)) {
    std::string_view Bytes((*B)->getBufferStart(), (*B)->getBufferSize());
    P.Archs = doctor::binaryArchs(Bytes);
    if (Build) // the section table and that section only
      *Build = doctor::readGoBuildInfo(Bytes);
  }
  return P;
}

} // namespace

std::vector<std::string> pkgConfigPackagesIn(Environment &Env,
                                             const std::string &Dir) {
  std::vector<std::string> Out;
  walkGoFiles(
      *Env.fileSystem(), Dir,
      [&](const std::string &Path, llvm::StringRef Text) {
        go::GoFile F = go::parseGoFile(Path, Text);
        if (F.isCgo())
          for (const go::CgoDirective &D : go::parseCgoDirectives(F, {}))
            if (D.K == go::CgoDirective::Kind::PkgConfig)
              for (const go::CgoWord &W : D.Args)
                if (!W.Text.empty() && W.Text[0] != '-' &&
                    std::find(Out.begin(), Out.end(), W.Text) == Out.end())
                  Out.push_back(W.Text);
        return true;
      });
  return Out;
}

HostSystem thisHost() {
  HostSystem H;
#ifdef __APPLE__
  H.OS = "darwin";
#else
  H.OS = "linux";
#endif
  struct utsname U;
  if (uname(&U) == 0)
    H.Arch = doctor::goArchOfTriple(std::string(U.machine) + "-unknown");
#ifdef __APPLE__
  // Absent (ENOENT) on an Intel Mac: both stay false.
  auto Flag = [](const char *Name) {
    int V = 0;
    std::size_t Size = sizeof V;
    return sysctlbyname(Name, &V, &Size, nullptr, 0) == 0 && V == 1;
  };
  H.Arm64Hardware = Flag("hw.optional.arm64");
  H.Translated = Flag("sysctl.proc_translated");
#endif
  return H;
}

doctor::MachineFacts collectFacts(Environment &Env,
                                  const std::vector<std::string> &PkgConfig,
                                  const HostSystem &Host) {
  doctor::MachineFacts F;
  F.Trusted = Env.programsAllowed();
  F.HostOS = Host.OS;
  F.HostArch = Host.Arch;
  F.Arm64Hardware = Host.Arm64Hardware;
  F.Translated = Host.Translated;
  for (const char *V : {"CGO_ENABLED", "CC", "CGO_CFLAGS", "CGO_LDFLAGS",
                        "GOFLAGS", "GOARCH", "GOOS", "GOROOT", "SDKROOT"})
    if (auto X = Env.getenv(V))
      F.Env[V] = *X;
  if (!F.Trusted)
    return F;
  const unsigned T = 10; // seconds, each
  std::string Home = Env.getenv("HOME").value_or("");
  F.Go = program(Env, "go", {"/opt/homebrew/bin/go", "/usr/local/go/bin/go"});
  if (!F.Go.Path.empty()) {
    RunResult R = Env.run({F.Go.Path, "env", "-json"}, 20);
    if (R.ExitCode == 0)
      F.GoEnv =
          goEnvVariables(R.Out).value_or(std::map<std::string, std::string>());
    else
      F.GoEnvError = firstLine(R.Err.empty() ? R.StartError : R.Err);
  }
  for (const char *Cand : {"/opt/homebrew/bin/go", "/usr/local/go/bin/go"}) {
    doctor::Program P = program(Env, Cand);
    if (!P.Path.empty() &&
        std::find(P.Archs.begin(), P.Archs.end(), "arm64") != P.Archs.end()) {
      F.NativeGoCandidate = P.Path;
      break;
    }
  }
  std::string GoBin;
  if (auto It = F.GoEnv.find("GOPATH"); It != F.GoEnv.end())
    GoBin = It->second.substr(0, It->second.find(':')) + "/bin/gopls";
  F.Gopls =
      program(Env, "gopls", {GoBin, Home.empty() ? "" : Home + "/go/bin/gopls"},
              &F.GoplsBuild);
  F.CCName = F.GoEnv.count("CC") ? F.GoEnv["CC"]
                                 : (F.HostOS == "darwin" ? "clang" : "gcc");
  std::string CCProgram = F.CCName.substr(0, F.CCName.find(' '));
  F.CC = program(Env, CCProgram);
  if (!F.CC.Path.empty()) {
    // On a Mac /usr/bin/clang is a shim that fails when the Command Line
    // Tools are gone ("xcrun: error: invalid active developer path").
    RunResult V = Env.run({F.CC.Path, "--version"}, T);
    if (V.ExitCode == 0) {
      F.CCVersion = firstLine(V.Out);
      F.CCMachine = trimmed(Env.run({F.CC.Path, "-dumpmachine"}, T).Out);
    } else {
      F.CCError = firstLine(!V.Err.empty()   ? V.Err
                            : V.TimedOut     ? "timed out"
                            : !V.Out.empty() ? V.Out
                                             : V.StartError);
      if (F.CCError.empty())
        F.CCError = "exit status " + std::to_string(V.ExitCode);
    }
  }
  if (F.HostOS == "darwin") {
    RunResult XS = Env.run({"xcode-select", "-p"}, T);
    F.XcodeSelectOk = XS.ExitCode == 0;
    F.XcodeSelect = F.XcodeSelectOk
                        ? trimmed(XS.Out)
                        : firstLine(XS.Err.empty() ? XS.StartError : XS.Err);
    // After a macOS upgrade xcode-select still prints the folder it was
    // set to, which is gone (Homebrew/install#36); the tools then fail with
    // xcrun's words, which the finding quotes.
    if (F.XcodeSelectOk &&
        (F.XcodeSelect.empty() ||
         !Env.fileSystem()->exists(F.XcodeSelect + "/usr/bin/xcrun"))) {
      F.XcodeSelectOk = false;
      F.XcodeSelect = F.XcodeSelect.empty()
                          ? "xcode-select -p printed nothing"
                          : "invalid active developer path (" + F.XcodeSelect +
                                "), missing xcrun at: " + F.XcodeSelect +
                                "/usr/bin/xcrun";
    }
    F.SdkPath =
        F.Env.count("SDKROOT")
            ? F.Env["SDKROOT"]
            : trimmed(
                  Env.run({"xcrun", "--sdk", "macosx", "--show-sdk-path"}, T)
                      .Out);
    F.SdkHasLibSystem =
        !F.SdkPath.empty() &&
        Env.fileSystem()->exists(F.SdkPath + "/usr/lib/libSystem.tbd");
    RunResult Ld = Env.run({"ld", "-v"}, T);
    F.LdVersion = firstLine(Ld.Err.empty() ? Ld.Out : Ld.Err);
    F.BrewArm64 = Env.fileSystem()->exists("/opt/homebrew/bin/brew");
    F.BrewX86 = Env.fileSystem()->exists("/usr/local/bin/brew");
  }
  // The login shell's PATH (the user's own shell and profile, with a
  // deadline): what it finds that the editor's PATH does not.
  if (auto Shell = Env.getenv("SHELL");
      Shell && !Shell->empty() && (*Shell)[0] == '/') {
    RunResult R = Env.run({*Shell, "-l", "-c", "printf %s \"$PATH\""}, 5);
    std::string ShellPath = R.ExitCode == 0 ? R.Out : "";
    std::string EditorPath = Env.getenv("PATH").value_or("");
    if (!ShellPath.empty() && ShellPath != EditorPath)
      for (const char *Name : {"go", "gopls", "cc", "pkg-config", "cgols"})
        if (!findProgram(Name, EditorPath))
          if (auto There = findProgram(Name, ShellPath))
            F.OnlyInShell[Name] = *There;
  }
  F.PkgConfigAsked = PkgConfig;
  if (!PkgConfig.empty()) {
    F.PkgConfig = program(Env, "pkg-config");
    if (!F.PkgConfig.Path.empty())
      for (const std::string &N : PkgConfig)
        if (Env.run({F.PkgConfig.Path, "--exists", "--", N}, T).ExitCode != 0)
          F.PkgConfigMissing.push_back(N);
  }
  return F;
}

} // namespace cgols
