//===- GoBinaryTests.cpp - The doctor on real Go binaries, made here ------===//
//
// The go command cross-compiles real Mach-O binaries on Linux: a program
// built here for darwin/arm64, darwin/amd64 and linux/amd64, and a
// universal binary of the two darwin ones from llvm-lipo-16 (Debian's
// llvm-16), are the kind of file the doctor judges on a Mac (a go or gopls
// built for x86_64 on an arm64 Mac is the first trap). Their architectures
// come from the headers and their build information (what `go version -m`
// prints) from the __go_buildinfo / .go.buildinfo section; both are
// compared with what the go command itself says of the same files.
//
// Needs go and llvm-lipo-16: ctest label "toolchain".
//
//===----------------------------------------------------------------------===//
#include "Environment.h"
#include "doctor/Doctor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace cgols;
using namespace cgols::doctor;

namespace {

class GoBinaries : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    Dir = fs::temp_directory_path() /
          ("cgols-gobinaries-" + std::to_string(::getpid()));
    fs::create_directories(Dir);
    std::ofstream(Dir / "go.mod") << "module example.com/tool\n\ngo 1.19\n";
    std::ofstream(Dir / "main.go") << "package main\n\nfunc main() {}\n";
    RealEnvironment Env;
    for (auto [OS, Arch] : {std::pair{"darwin", "arm64"},
                            {"darwin", "amd64"},
                            {"linux", "amd64"}}) {
      std::string Out = (Dir / (std::string(OS) + "-" + Arch)).string();
      RunResult R = Env.run(
          {"/bin/sh", "-c",
           "cd '" + Dir.string() + "' && GOOS=" + OS + " GOARCH=" + Arch +
               " CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOCACHE='" +
               (fs::temp_directory_path() / "cgols-toolchain-gocache")
                   .string() +
               "' go build -o '" + Out + "' ."},
          300);
      ASSERT_EQ(R.ExitCode, 0) << R.Err;
    }
    RunResult L =
        Env.run({"llvm-lipo-16", "-create", (Dir / "darwin-arm64").string(),
                 (Dir / "darwin-amd64").string(), "-output",
                 (Dir / "universal").string()},
                60);
    ASSERT_EQ(L.ExitCode, 0) << L.Err;
    RunResult V = Env.run({"go", "env", "GOVERSION"}, 60);
    GoVersion = V.Out.substr(0, V.Out.find('\n'));
  }
  static void TearDownTestSuite() { fs::remove_all(Dir); }

  static std::string bytes(const std::string &Name) {
    std::ifstream In(Dir / Name, std::ios::binary);
    std::stringstream S;
    S << In.rdbuf();
    return S.str();
  }

  /// An arm64 Mac whose go says GOVERSION, with the named binary as gopls.
  static MachineFacts arm64Mac(const std::string &GoVer,
                               const std::string &Gopls) {
    MachineFacts F;
    F.HostOS = "darwin";
    F.HostArch = "arm64";
    F.Arm64Hardware = true;
    F.Go = {"/opt/homebrew/bin/go", {"arm64"}};
    F.GoEnv = {{"GOOS", "darwin"},      {"GOARCH", "arm64"},
               {"GOHOSTARCH", "arm64"}, {"GOVERSION", GoVer},
               {"CGO_ENABLED", "1"},    {"CC", "clang"}};
    std::string B = bytes(Gopls);
    F.Gopls = {"/Users/u/go/bin/gopls", binaryArchs(B)};
    F.GoplsBuild = readGoBuildInfo(B);
    return F;
  }

  static fs::path Dir;
  static std::string GoVersion;
};
fs::path GoBinaries::Dir;
std::string GoBinaries::GoVersion;

TEST_F(GoBinaries, ArchitecturesFromTheirHeaders) {
  EXPECT_EQ(binaryArchs(bytes("darwin-arm64")),
            std::vector<std::string>{"arm64"});
  EXPECT_EQ(binaryArchs(bytes("darwin-amd64")),
            std::vector<std::string>{"amd64"});
  EXPECT_EQ(binaryArchs(bytes("linux-amd64")),
            std::vector<std::string>{"amd64"});
  // llvm-lipo orders the slices by CPU type (x86_64 first).
  std::vector<std::string> U = binaryArchs(bytes("universal"));
  std::sort(U.begin(), U.end());
  EXPECT_EQ(U, (std::vector<std::string>{"amd64", "arm64"}));
}

TEST_F(GoBinaries, BuildInformationAsGoVersionMPrintsIt) {
  ASSERT_FALSE(GoVersion.empty());
  for (auto [Name, OS, Arch] : {std::tuple{"darwin-arm64", "darwin", "arm64"},
                                {"darwin-amd64", "darwin", "amd64"},
                                {"linux-amd64", "linux", "amd64"}}) {
    std::vector<GoBuildInfo> B = readGoBuildInfo(bytes(Name));
    ASSERT_EQ(B.size(), 1u) << Name;
    EXPECT_EQ(B[0].GoVersion, GoVersion) << Name;
    EXPECT_EQ(B[0].Path, "example.com/tool") << Name;
    EXPECT_EQ(B[0].ModVersion, "(devel)") << Name;
    EXPECT_EQ(B[0].GOOS, OS) << Name;
    EXPECT_EQ(B[0].GOARCH, Arch) << Name;
  }
  // Each slice of the universal binary has its own.
  std::vector<GoBuildInfo> U = readGoBuildInfo(bytes("universal"));
  ASSERT_EQ(U.size(), 2u);
  std::set<std::string> Slices = {U[0].GOARCH, U[1].GOARCH};
  EXPECT_EQ(Slices, (std::set<std::string>{"amd64", "arm64"}));
  EXPECT_EQ(U[0].GoVersion, GoVersion);
  // What the go command reads from the same file.
  RealEnvironment Env;
  RunResult M =
      Env.run({"go", "version", "-m", (Dir / "darwin-amd64").string()}, 60);
  ASSERT_EQ(M.ExitCode, 0) << M.Err;
  EXPECT_NE(M.Out.find(": " + GoVersion + "\n"), std::string::npos) << M.Out;
  EXPECT_NE(M.Out.find("\tpath\texample.com/tool\n"), std::string::npos);
  EXPECT_NE(M.Out.find("GOARCH=amd64"), std::string::npos);
  // Not a Go program: nothing.
  EXPECT_TRUE(readGoBuildInfo("#!/bin/sh\n").empty());
}

// An arm64 Mac whose gopls is the x86_64 build (installed by an x86_64 go,
// as under Rosetta): the warning names the Go that built it.
TEST_F(GoBinaries, TheDoctorOnAnX86GoplsOnAnArm64Mac) {
  MachineFacts F = arm64Mac(GoVersion, "darwin-amd64");
  bool Saw = false;
  for (const Finding &X : evaluate(F))
    if (X.Code == "env-gopls-arch") {
      Saw = true;
      EXPECT_NE(X.Title.find("gopls is built for amd64 on a arm64 machine"),
                std::string::npos)
          << X.Title;
      EXPECT_NE(X.Detail.find("built by " + GoVersion + " for darwin/amd64"),
                std::string::npos)
          << X.Detail;
    }
  EXPECT_TRUE(Saw);
  // The universal build has the native slice: no warning.
  F = arm64Mac(GoVersion, "universal");
  for (const Finding &X : evaluate(F))
    EXPECT_NE(X.Code, "env-gopls-arch");
}

// The native gopls, built by this Go, under a newer go toolchain.
TEST_F(GoBinaries, TheDoctorOnAGoplsBuiltByAnOlderGo) {
  MachineFacts F = arm64Mac("go1.99.0", "darwin-arm64");
  bool Saw = false;
  for (const Finding &X : evaluate(F))
    if (X.Code == "env-gopls-old-go") {
      Saw = true;
      EXPECT_EQ(X.Title,
                "gopls was built by " + GoVersion + ", older than go1.99.0");
    }
  EXPECT_TRUE(Saw);
  // Built by the toolchain's own version: fine.
  F.GoEnv["GOVERSION"] = GoVersion;
  for (const Finding &X : evaluate(F))
    EXPECT_NE(X.Code, "env-gopls-old-go");
}

} // namespace
