//===- AllowPatternTests.cpp - CGO_CFLAGS_ALLOW as the go command reads it ===//
//
// Each row of FlagAllowlistTests' Go-regexp table, asked of the real go
// command: `go build` with CGO_CFLAGS_ALLOW set and the flag in a #cgo
// CFLAGS line either refuses the flag ("invalid flag in #cgo CFLAGS") or
// passes it on to the compiler. cgols's verdict must be the same, and a
// pattern Go cannot compile must give the go command's own message.
// Label: toolchain.
//
//===----------------------------------------------------------------------===//
#include "Environment.h"
#include "pipeline/Flags.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace cgols;

namespace {

struct Built {
  bool FlagRefused;
  std::string Err;
};

Built build(const std::string &Allow, const std::string &Flag) {
  fs::path Dir = fs::temp_directory_path() /
                 ("cgols-allowpat-" + std::to_string(::getpid()));
  fs::create_directories(Dir);
  std::ofstream(Dir / "go.mod") << "module allowpat\n\ngo 1.19\n";
  std::ofstream(Dir / "a.go") << "package main\n\n// #cgo CFLAGS: " << Flag
                              << "\nimport \"C\"\n\nfunc main() {}\n";
  RealEnvironment Env;
  fs::path Cache = fs::temp_directory_path() / "cgols-toolchain-gocache";
  RunResult R = Env.run(
      {"/usr/bin/env", "CGO_CFLAGS_ALLOW=" + Allow, "GOFLAGS=-buildvcs=false",
       "GOCACHE=" + Cache.string(), "GOTOOLCHAIN=local", "/bin/sh", "-c",
       "cd '" + Dir.string() + "' && go build -o /dev/null . 2>&1"},
      300);
  EXPECT_TRUE(R.Started) << R.StartError;
  fs::remove_all(Dir);
  std::string Out = R.Out + R.Err;
  return {Out.find("invalid flag in #cgo CFLAGS") != std::string::npos, Out};
}

TEST(AllowPatterns, CgolsAndTheGoCommandAgree) {
  struct Row {
    const char *Allow, *Flag;
  } Rows[] = {
      {"(?i)-FPLUGIN=x\\.so", "-fplugin=x.so"},
      {"(?P<opt>-fplugin)=x\\.so", "-fplugin=x.so"},
      {"-fplugin=\\pL\\.so", "-fplugin=\xc3\x84.so"},
      {"-fplugin=\\pL\\.so", "-fplugin=1.so"},
      {"-fplugin=x\\.so\\z", "-fplugin=x.so"},
      {"-fplugin=a|-fplugin=ab", "-fplugin=ab"},
      {"plugin=x\\.so", "-fplugin=x.so"},
  };
  for (const Row &R : Rows) {
    Built B = build(R.Allow, R.Flag);
    bool CgolsRefuses =
        !checkFlagList({R.Flag}, FlagKind::Compiler, "#cgo CFLAGS", 0,
                       std::string(R.Allow), std::nullopt)
             .empty();
    EXPECT_EQ(CgolsRefuses, B.FlagRefused)
        << R.Allow << " on " << R.Flag << ": go said\n"
        << B.Err;
  }
}

TEST(AllowPatterns, ABadPatternGetsTheGoCommandsMessage) {
  Built B = build("(abc", "-DX");
  std::string Error;
  checkFlagList({"-DX"}, FlagKind::Compiler, "#cgo CFLAGS", 0,
                std::string("(abc"), std::nullopt, &Error);
  ASSERT_FALSE(Error.empty());
  EXPECT_NE(B.Err.find(Error), std::string::npos)
      << "cgols: " << Error << "\ngo: " << B.Err;
}

} // namespace

namespace {

// cgo-flag-too-long against the real go command, at the boundary: with
// CC=clang-16 a 131,071-byte -D builds, a 131,072-byte one fails before cgo
// runs ("fork/exec .../cgo: argument list too long"), and cgols says so for
// that one only.
TEST(LongFlags, TheLimitIsTheGoCommands) {
  fs::path Cache = fs::temp_directory_path() / "cgols-toolchain-gocache";
  for (std::size_t Len : {std::size_t(131071), std::size_t(131072)}) {
    fs::path Dir = fs::temp_directory_path() /
                   ("cgols-longflag-" + std::to_string(::getpid()));
    fs::create_directories(Dir);
    std::ofstream(Dir / "go.mod") << "module longflag\n\ngo 1.19\n";
    std::ofstream(Dir / "main.go")
        << "package main\n\n// #cgo CFLAGS: -DX=" << std::string(Len - 4, 'a')
        << "\n// #include <string.h>\nimport \"C\"\n\nfunc main() { _ = "
           "C.strlen(nil) }\n";
    RealEnvironment Env;
    RunResult Go = Env.run(
        {"/usr/bin/env", "CC=clang-16", "GOFLAGS=-buildvcs=false",
         "GOCACHE=" + Cache.string(), "GOTOOLCHAIN=local", "/bin/sh", "-c",
         "cd '" + Dir.string() + "' && go build -o /dev/null . 2>&1"},
        300);
    RunResult Cgols = Env.run(
        {CGOLS_BINARY, "check", "--target", "linux/amd64", Dir.string()}, 300);
    fs::remove_all(Dir);
    bool GoFails =
        (Go.Out + Go.Err).find("argument list too long") != std::string::npos;
    bool CgolsSays = Cgols.Out.find("[cgo-flag-too-long]") != std::string::npos;
    EXPECT_EQ(GoFails, Len == 131072) << Len << ": " << Go.Out.substr(0, 300);
    EXPECT_EQ(CgolsSays, GoFails) << Len << ": " << Cgols.Out.substr(0, 300);
  }
}

} // namespace
