//===- AllowFlagTests.cpp - The "allow this flag" settings fix vs go build ===//
//
// A #cgo LDFLAGS flag the go command rejects; cgols's fix writes
// CGO_LDFLAGS_ALLOW into settings.json (merged with a pattern already
// there). The environment that file gives must make the real `go build`
// accept the flag, and without it the build must fail as cgols said.
//
//===----------------------------------------------------------------------===//
#include "Environment.h"
#include "jsonc/Jsonc.h"
#include "settings/Settings.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace cgols;

namespace {

RunResult build(const fs::path &Dir, const std::string &Allow) {
  RealEnvironment Env;
  fs::path Cache = fs::temp_directory_path() / "cgols-toolchain-gocache";
  std::string Script = "cd '" + Dir.string() +
                       "' && GOFLAGS=-buildvcs=false GOCACHE='" +
                       Cache.string() + "' ";
  if (!Allow.empty())
    Script += "CGO_LDFLAGS_ALLOW='" + Allow + "' ";
  Script += "go build -o /dev/null .";
  return Env.run({"/bin/sh", "-c", Script}, 300);
}

TEST(AllowFlagFix, TheWrittenEnvironmentMakesGoBuildAcceptTheFlag) {
  fs::path Dir =
      fs::temp_directory_path() / ("cgols-allow-" + std::to_string(::getpid()));
  fs::create_directories(Dir);
  std::ofstream(Dir / "go.mod") << "module allowt\n\ngo 1.19\n";
  std::ofstream(Dir / "a.go")
      << "package main\n\n// #cgo LDFLAGS: -Wl,--build-id=sha1\nimport "
         "\"C\"\n\nfunc main() {}\n";
  RunResult Before = build(Dir, "");
  ASSERT_TRUE(Before.Started) << Before.StartError;
  EXPECT_NE(Before.ExitCode, 0);
  EXPECT_NE(Before.Err.find("invalid flag in #cgo LDFLAGS: "
                            "-Wl,--build-id=sha1"),
            std::string::npos)
      << Before.Err;

  // A settings.json with a comment and a pattern of the user's own.
  std::string Settings = "{\n\t// keep me\n\t\"go.toolsEnvVars\": {\n\t\t"
                         "\"CGO_LDFLAGS_ALLOW\": \"-Wl,-z,defs\"\n\t}\n}\n";
  std::string Path = (Dir / ".vscode/settings.json").string();
  auto F =
      settings::allowFlagFix(Path, Settings, "LDFLAGS", "-Wl,--build-id=sha1");
  ASSERT_TRUE(F);
  const TextEdit &E = F->Edits.at(0);
  std::string After = Settings.substr(0, E.Range.Begin) + E.NewText +
                      Settings.substr(E.Range.End);
  EXPECT_NE(After.find("// keep me"), std::string::npos);
  jsonc::Document D = jsonc::parse(After);
  ASSERT_TRUE(D.Root && D.Problems.empty()) << After;
  const jsonc::Node *Tools =
      jsonc::find(*D.Root, {std::string("go.toolsEnvVars"),
                            std::string("CGO_LDFLAGS_ALLOW")});
  const jsonc::Node *Gopls =
      jsonc::find(*D.Root, {std::string("gopls"), std::string("build.env"),
                            std::string("CGO_LDFLAGS_ALLOW")});
  ASSERT_TRUE(Tools && Gopls) << After;
  RunResult Ok = build(Dir, Tools->Str);
  EXPECT_EQ(Ok.ExitCode, 0) << Tools->Str << "\n" << Ok.Err;
  RunResult Ok2 = build(Dir, Gopls->Str);
  EXPECT_EQ(Ok2.ExitCode, 0) << Gopls->Str << "\n" << Ok2.Err;
  // The user's own flag is still allowed by the merged pattern.
  std::ofstream(Dir / "a.go")
      << "package main\n\n// #cgo LDFLAGS: -Wl,-z,defs\nimport "
         "\"C\"\n\nfunc main() {}\n";
  EXPECT_EQ(build(Dir, Tools->Str).ExitCode, 0);
  fs::remove_all(Dir);
}

} // namespace
