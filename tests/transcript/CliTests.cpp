//===- CliTests.cpp - `cgols check` and friends, as a user runs them ------===//
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using ::testing::HasSubstr;
using ::testing::Not;

namespace {

struct Ran {
  int Code;
  std::string Out; ///< stdout and stderr together
};

Ran run(const std::string &Args, bool StderrToo = true) {
  std::string Cmd =
      std::string("cd '" CGOLS_SOURCE_DIR "' && '" CGOLS_BINARY "' ") + Args +
      (StderrToo ? " 2>&1" : " 2>/dev/null");
  FILE *P = popen(Cmd.c_str(), "r");
  std::string Out;
  std::array<char, 4096> Buf;
  while (std::size_t N = fread(Buf.data(), 1, Buf.size(), P))
    Out.append(Buf.data(), N);
  int St = pclose(P);
  return {WIFEXITED(St) ? WEXITSTATUS(St) : -1, Out};
}

TEST(Cli, VersionAndHelp) {
  Ran V = run("--version");
  EXPECT_EQ(V.Code, 0);
  EXPECT_THAT(V.Out, HasSubstr("cgols 0.1.0 (LLVM 16"));
  Ran H = run("--help");
  EXPECT_EQ(H.Code, 0);
  EXPECT_THAT(H.Out, HasSubstr("cgols check [flags] PATH..."));
  Ran U = run("frobnicate");
  EXPECT_EQ(U.Code, 2);
  EXPECT_THAT(U.Out, HasSubstr("unknown command 'frobnicate'"));
}

TEST(Cli, CheckReportsTheExamplesMistakes) {
  Ran R = run("check --target linux/amd64 examples/...");
  EXPECT_EQ(R.Code, 1);
  EXPECT_THAT(R.Out,
              HasSubstr("examples/mistakes/directives.go:5:1: error: invalid "
                        "#cgo line: #cgo LDFLAGS -lm [cgo-invalid-directive]"));
  EXPECT_THAT(R.Out,
              HasSubstr("examples/mistakes/implicit.go:9:48: error: Add "
                        "#include <string.h>: call to undeclared function "
                        "'strlen'"));
  EXPECT_THAT(R.Out, ::testing::Not(HasSubstr("examples/hello")));
}

TEST(Cli, CheckOneCleanFile) {
  Ran R = run("check --target linux/amd64 examples/hello/hello.go");
  EXPECT_EQ(R.Code, 0) << R.Out;
  EXPECT_EQ(R.Out, "");
}

TEST(Cli, JsonOutput) {
  Ran R =
      run("check --target linux/amd64 --format json examples/mistakes", false);
  EXPECT_EQ(R.Code, 1);
  boost::system::error_code EC;
  boost::json::value V = boost::json::parse(R.Out, EC);
  ASSERT_FALSE(EC) << R.Out;
  ASSERT_TRUE(V.is_array());
  ASSERT_EQ(V.as_array().size(), 4u);
  const auto &First = V.as_array()[0].as_object();
  EXPECT_EQ(First.at("file"), "examples/mistakes/directives.go");
  EXPECT_EQ(First.at("line"), 5);
  EXPECT_EQ(First.at("code"), "cgo-invalid-directive");
}

TEST(Cli, BadArgumentsAndPaths) {
  Ran A = run("check");
  EXPECT_EQ(A.Code, 2);
  EXPECT_THAT(A.Out, HasSubstr("check needs at least one path"));
  Ran B = run("check --nope x");
  EXPECT_EQ(B.Code, 2);
  EXPECT_THAT(B.Out, HasSubstr("unknown flag --nope"));
  Ran C = run("check --format xml examples");
  EXPECT_EQ(C.Code, 2);
  EXPECT_THAT(C.Out, HasSubstr("--format must be text, json or sarif"));
  Ran D = run("check no/such/dir");
  EXPECT_EQ(D.Code, 2);
  EXPECT_THAT(D.Out, HasSubstr("no/such/dir: No such file or directory"));
  Ran E = run("check README.md");
  EXPECT_EQ(E.Code, 2);
  EXPECT_THAT(E.Out, HasSubstr("not a .go file or a directory"));
  Ran F = run("check --target drawin/arm64 examples");
  EXPECT_EQ(F.Code, 2);
  EXPECT_THAT(F.Out, HasSubstr("unknown target 'drawin/arm64'"));
  Ran G = run("check --target");
  EXPECT_EQ(G.Code, 2);
  EXPECT_THAT(G.Out, HasSubstr("--target needs a value"));
}

TEST(Cli, MissingSdkIsSaidOnce) {
  Ran R = run("check --target darwin/arm64,linux/amd64 examples/...");
  std::size_t First = R.Out.find("no macOS SDK is set");
  ASSERT_NE(First, std::string::npos) << R.Out;
  EXPECT_EQ(R.Out.find("no macOS SDK is set", First + 1), std::string::npos);
}

TEST(Cli, SettingsSchemaIsJson) {
  Ran R = run("settings-schema", false);
  EXPECT_EQ(R.Code, 0);
  boost::json::value V = boost::json::parse(R.Out);
  EXPECT_TRUE(V.as_object().contains("cgols.targets"));
  EXPECT_EQ(V.at("cgols.debounceMs").at("default"), 200);
}

} // namespace

namespace {

// The extension declares exactly the settings of the server's table, with
// the same types, defaults and descriptions.
TEST(Cli, ExtensionDeclaresTheServersSettings) {
  Ran R = run("settings-schema", false);
  ASSERT_EQ(R.Code, 0);
  boost::json::object Server = boost::json::parse(R.Out).as_object();
  FILE *F = std::fopen(CGOLS_SOURCE_DIR "/vscode-ext/package.json", "r");
  ASSERT_TRUE(F);
  std::string Text;
  std::array<char, 4096> Buf;
  while (std::size_t N = std::fread(Buf.data(), 1, Buf.size(), F))
    Text.append(Buf.data(), N);
  std::fclose(F);
  boost::json::object Ext = boost::json::parse(Text)
                                .at("contributes")
                                .at("configuration")
                                .at("properties")
                                .as_object();
  for (const auto &KV : Server) {
    ASSERT_TRUE(Ext.contains(KV.key())) << "package.json lacks " << KV.key();
    EXPECT_EQ(Ext.at(KV.key()).at("type"), KV.value().at("type")) << KV.key();
    EXPECT_EQ(Ext.at(KV.key()).at("default"), KV.value().at("default"))
        << KV.key();
    EXPECT_EQ(Ext.at(KV.key()).at("description"), KV.value().at("description"))
        << KV.key();
  }
  for (const auto &KV : Ext)
    EXPECT_TRUE(Server.contains(KV.key()))
        << "package.json declares " << KV.key()
        << ", which the server does not read";
}

TEST(Cli, SarifForCodeScanning) {
  Ran R = run("check --target linux/amd64 --format sarif examples/...", false);
  EXPECT_EQ(R.Code, 1);
  boost::json::value V = boost::json::parse(R.Out);
  EXPECT_EQ(V.at("version"), "2.1.0");
  const boost::json::object &Run = V.at("runs").as_array()[0].as_object();
  const boost::json::array &Results = Run.at("results").as_array();
  ASSERT_FALSE(Results.empty());
  std::set<std::string> Rules;
  for (const auto &Rule : Run.at("tool").at("driver").at("rules").as_array())
    Rules.insert(std::string(Rule.at("id").as_string()));
  bool SawStrlen = false;
  for (const auto &Res : Results) {
    EXPECT_TRUE(Rules.count(std::string(Res.at("ruleId").as_string())));
    const auto &Loc = Res.at("locations").as_array()[0].at("physicalLocation");
    if (Loc.at("artifactLocation").at("uri") ==
            "examples/mistakes/implicit.go" &&
        Loc.at("region").at("startLine") == 9) {
      SawStrlen = true;
      EXPECT_EQ(Loc.at("region").at("startColumn"), 48);
      EXPECT_EQ(Res.at("level"), "error");
    }
  }
  EXPECT_TRUE(SawStrlen) << R.Out;
}

TEST(Cli, NothingCompiledIsNotAPass) {
  // darwin/arm64 without an SDK: the cgo file cannot be compiled at all.
  Ran R = run("check --target darwin/arm64 examples/hello");
  EXPECT_EQ(R.Code, 2) << R.Out;
  EXPECT_THAT(R.Out, HasSubstr("no cgo preamble could be compiled"));
  Ran S = run("check --sdk /nonexistent/MacOSX.sdk examples/hello");
  EXPECT_EQ(S.Code, 2);
  EXPECT_THAT(S.Out, HasSubstr("the macOS SDK /nonexistent/MacOSX.sdk is not a "
                               "directory"));
}

// A package whose cgo file has nothing to compile (no preamble, no C.
// name; it only exports Go functions, as Go's misc/cgo/testcarchive does):
// nothing to check, and no crash (it once started 2^32 - 1 threads).
TEST(Cli, ACgoFileWithNothingToCompile) {
  std::string Dir =
      ::testing::TempDir() + "cgols-export-only-" + std::to_string(::getpid());
  std::filesystem::create_directories(Dir);
  std::ofstream(Dir + "/lib.go")
      << "package main\n\nimport \"C\"\n\n//export DidInit\n"
         "func DidInit() {}\n\nfunc main() {}\n";
  Ran R = run("check --target linux/amd64 '" + Dir + "'");
  EXPECT_EQ(R.Code, 0) << R.Out;
  EXPECT_THAT(R.Out, Not(HasSubstr("no cgo preamble could be compiled")));
  std::filesystem::remove_all(Dir);
}

} // namespace

TEST(Cli, DoctorPrintsSectionsAndJson) {
  Ran T = run("doctor -v examples");
  EXPECT_THAT(T.Out, HasSubstr("[✓] Go: go1."));
  EXPECT_THAT(T.Out, HasSubstr("C compiler"));
  EXPECT_TRUE(T.Code == 0 || T.Code == 1) << T.Out;
  Ran J = run("doctor --json", false);
  auto V = boost::json::parse(J.Out);
  ASSERT_TRUE(V.at("findings").is_array());
  EXPECT_FALSE(V.at("findings").as_array().empty());
  Ran Bad = run("doctor --frobnicate");
  EXPECT_EQ(Bad.Code, 2);
  Ran NoDir = run("doctor /nonexistent/dir");
  EXPECT_EQ(NoDir.Code, 2);
}
