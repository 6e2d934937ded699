//===- DoctorProbeTests.cpp - The doctor's probes on this very machine ----===//
//
// The real go and gcc of this machine (installed by scripts/setup.sh): the
// probes find them with their architecture, and the doctor finds no error.
// The pkg-config question is asked of a workspace that wants a package
// this machine has (gtk+-3.0) and one it cannot have.
//
//===----------------------------------------------------------------------===//
#include "Environment.h"
#include "Health.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace cgols;

TEST(DoctorProbes, FindTheRealGoAndCompiler) {
  fs::path Dir = fs::temp_directory_path() /
                 ("cgols-doctor-" + std::to_string(::getpid()));
  fs::create_directories(Dir / "a");
  std::ofstream(Dir / "a/a.go")
      << "package a\n\n// #cgo pkg-config: gtk+-3.0 no-such-package-cgols\n"
         "import \"C\"\n";
  RealEnvironment Env;
  std::vector<std::string> Pkgs = pkgConfigPackagesIn(Env, Dir.string());
  EXPECT_EQ(Pkgs,
            (std::vector<std::string>{"gtk+-3.0", "no-such-package-cgols"}));
  doctor::MachineFacts F = collectFacts(Env, Pkgs);
  EXPECT_EQ(F.HostOS, "linux");
  ASSERT_FALSE(F.Go.Path.empty());
  EXPECT_EQ(F.Go.Path[0], '/');
  EXPECT_FALSE(F.Go.Archs.empty()); // an ELF, read with llvm::object
  EXPECT_EQ(F.GoEnv["GOOS"], "linux");
  EXPECT_FALSE(F.CC.Path.empty());
  EXPECT_NE(F.CCMachine.find("linux"), std::string::npos) << F.CCMachine;
  EXPECT_EQ(F.PkgConfigMissing,
            std::vector<std::string>{"no-such-package-cgols"});
  for (const doctor::Finding &X : doctor::evaluate(F))
    EXPECT_NE(X.V, doctor::Verdict::Error) << X.Code << ": " << X.Title;
  // Untrusted: nothing runs, and the doctor says why.
  Env.allowPrograms(false);
  doctor::MachineFacts U = collectFacts(Env, Pkgs);
  EXPECT_TRUE(U.Go.Path.empty());
  auto Fs = doctor::evaluate(U);
  ASSERT_EQ(Fs.size(), 1u);
  EXPECT_EQ(Fs[0].Code, "env-untrusted");
  fs::remove_all(Dir);
}

namespace {
/// What the real go says CGO_CFLAGS, CGO_CPPFLAGS and CGO_LDFLAGS are.
Toolchain goSays(Environment &Env) {
  RunResult R = Env.run(
      {"go", "env", "-json", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_LDFLAGS"});
  EXPECT_EQ(R.ExitCode, 0) << R.Err;
  return parseGoEnvJson(R.Out);
}
} // namespace

// cgols asks go for the cheap variables only and works CGO_*FLAGS out as go
// does (environment, then a go env file, then go's defaults): each way, the
// flags are the ones the real go prints.
TEST(GoEnvProbe, CgoFlagsAreTheOnesGoUses) {
  fs::path Dir =
      fs::temp_directory_path() / ("cgols-goenv-" + std::to_string(::getpid()));
  fs::create_directories(Dir);
  for (const char *V : {"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_LDFLAGS"})
    ::unsetenv(V);
  ::setenv("GOENV", (Dir / "env").c_str(), 1);
  RealEnvironment Env;
  auto Same = [&](const char *What) -> Toolchain {
    Toolchain T = probeToolchain(Env);
    Toolchain G = goSays(Env);
    EXPECT_TRUE(T.GoFound) << T.Problem;
    EXPECT_EQ(T.CgoCFLAGS, G.CgoCFLAGS) << What;
    EXPECT_EQ(T.CgoCPPFLAGS, G.CgoCPPFLAGS) << What;
    EXPECT_EQ(T.CgoLDFLAGS, G.CgoLDFLAGS) << What;
    return T;
  };
  // No go env file: go's defaults.
  Toolchain T = Same("defaults");
  EXPECT_EQ(T.CgoCFLAGS, (std::vector<std::string>{"-g", "-O2"}));
  // A go env file that sets them (as `go env -w` writes it).
  std::ofstream(Dir / "env") << "CGO_CFLAGS=-O1 -DFROM_GOENV\n"
                                "CGO_LDFLAGS=-L/opt/x/lib\n";
  T = Same("go env file");
  EXPECT_EQ(T.CgoCFLAGS, (std::vector<std::string>{"-O1", "-DFROM_GOENV"}));
  // The environment wins over the file.
  ::setenv("CGO_CFLAGS", "-O3 -DFROM_ENV", 1);
  T = Same("environment");
  EXPECT_EQ(T.CgoCFLAGS, (std::vector<std::string>{"-O3", "-DFROM_ENV"}));
  ::unsetenv("CGO_CFLAGS");
  ::unsetenv("GOENV");
  fs::remove_all(Dir);
}
