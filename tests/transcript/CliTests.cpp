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

Ran run(const std::string &Args, bool StderrToo = true,
        const std::string &Cwd = CGOLS_SOURCE_DIR) {
  std::string Cmd = "cd '" + Cwd + "' && '" CGOLS_BINARY "' " + Args +
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
  // The Go side, in the installed Go's words (go1.19: "as type T in").
  EXPECT_THAT(R.Out, HasSubstr("examples/mistakes/calls.go:10:9: error: Pass "
                               "a C string: C.CString(\"hello\") allocates "
                               "one, to free with C.free: cannot use "
                               "\"hello\" (untyped string constant) as "
                               "*_Ctype_char value in argument to "
                               "(_Cfunc_puts) [cgo-argument-type]"));
  EXPECT_THAT(R.Out, HasSubstr("examples/mistakes/calls.go:11:19: error: "
                               "Convert it to C.int: cannot use n"));
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
  ASSERT_EQ(V.as_array().size(), 6u);
  const auto &First = V.as_array()[0].as_object();
  EXPECT_EQ(First.at("file"), "examples/mistakes/calls.go");
  EXPECT_EQ(First.at("line"), 10);
  EXPECT_EQ(First.at("code"), "cgo-argument-type");
  const auto &Third = V.as_array()[2].as_object();
  EXPECT_EQ(Third.at("file"), "examples/mistakes/directives.go");
  EXPECT_EQ(Third.at("line"), 5);
  EXPECT_EQ(Third.at("code"), "cgo-invalid-directive");
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
  EXPECT_THAT(R.Out, HasSubstr("the cgo files of 1 package (examples/hello) "
                               "could not be checked for darwin/arm64: there "
                               "is no macOS SDK to compile with"));
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
  EXPECT_THAT(R.Out, Not(HasSubstr("could not be checked")));
  std::filesystem::remove_all(Dir);
}

/// A temporary module with the given files, removed at the end.
struct Module {
  explicit Module(const std::string &Name) {
    Dir = ::testing::TempDir() + "cgols-" + Name + "-" +
          std::to_string(::getpid());
    std::filesystem::create_directories(Dir);
    write("go.mod", "module " + Name + "\n\ngo 1.19\n");
  }
  ~Module() { std::filesystem::remove_all(Dir); }
  void write(const std::string &Rel, const std::string &Text) {
    std::filesystem::create_directories(
        std::filesystem::path(Dir + "/" + Rel).parent_path());
    std::ofstream(Dir + "/" + Rel) << Text;
  }
  std::string Dir;
};

// The exit codes, as a table: 0 nothing found, 1 an error found, 2 bad
// arguments, an unreadable path, or cgo code for a requested target that
// this machine cannot check. A package whose cgo files are all for other
// targets has nothing to check (go vet for that target passes): 0, and one
// line that says so.
TEST(Cli, ExitCodes) {
  Module M("exitcodes");
  M.write("clean/a.go", "package clean\n\n// #include <stdlib.h>\nimport "
                        "\"C\"\n\nfunc F() { C.free(nil) }\n");
  M.write("bad/a.go", "package bad\n\n// #include <stdlib.h>\nimport "
                      "\"C\"\n\nfunc F() int { return int(C.strlen(nil)) }\n");
  M.write("macos/m_darwin.go", "package macos\n\n// #include <stdlib.h>\n"
                               "import \"C\"\n\nfunc F() { C.free(nil) }\n");
  M.write("macos/m.go", "package macos\n");
  struct Row {
    std::string Args;
    int Code;
    std::string Says;
  } Rows[] = {
      {"--target linux/amd64 clean", 0, ""},
      {"--target linux/amd64 bad", 1, "1 error, 0 warnings, 0 information"},
      {"--target linux/amd64 macos", 0,
       "1 package has cgo files for other targets only, nothing to check "
       "there (e.g. macos)"},
      {"--target linux/amd64 ./...", 1,
       "1 package has cgo files for other targets only"},
      {"--target darwin/arm64 clean", 2,
       "could not be checked for darwin/arm64: there is no macOS SDK"},
      {"--target darwin/arm64 macos", 2,
       "could not be checked for darwin/arm64"},
      {"--target darwin/arm64 --sdk " CGOLS_TEST_FIXTURES "/sdk/MacOSX.sdk "
       "macos",
       0, ""},
      {"--target linux/amd64 nowhere", 2, "nowhere: No such file"},
      {"--target linux clean", 2, "unknown target 'linux'"},
      {"--target linux/amd64 --format yaml clean", 2, "yaml"},
  };
  for (const Row &R : Rows) {
    Ran Got = run("check " + R.Args, true, M.Dir);
    EXPECT_EQ(Got.Code, R.Code) << R.Args << "\n" << Got.Out;
    if (!R.Says.empty()) {
      EXPECT_THAT(Got.Out, HasSubstr(R.Says)) << R.Args;
    }
  }
}

// --untrusted runs no pkg-config: a gtk package's preambles are compiled
// without its flags, gtk/gtk.h is said once (an information at the #cgo
// line), and a C. name that a preamble without gtk does not declare is the
// error go build would stop on. The summary counts the information apart.
TEST(Cli, UntrustedGtkPackageStillGetsItsFindings) {
  Module M("untrustedgtk");
  M.write("ui/a.go",
          "package ui\n\n// #cgo pkg-config: gtk+-3.0\n// #include "
          "<gtk/gtk.h>\nimport \"C\"\n\nfunc Init() { C.gtk_init(nil, nil) "
          "}\n");
  M.write("ui/b.go", "package ui\n\n// #include <stdlib.h>\nimport \"C\"\n\n"
                     "func N() int { return int(C.strlen(nil)) }\n");
  Ran R = run("check --untrusted --target linux/amd64 ./...", true, M.Dir);
  EXPECT_EQ(R.Code, 1) << R.Out;
  EXPECT_THAT(R.Out, HasSubstr("ui/b.go:6:27: error: Add #include <string.h>: "
                               "C.strlen is not declared"));
  EXPECT_THAT(R.Out, HasSubstr("ui/a.go:3:21: info: #cgo pkg-config is not "
                               "resolved for linux/amd64 (the workspace is not "
                               "trusted"));
  EXPECT_THAT(R.Out, HasSubstr("the preambles are compiled without its "
                               "flags; gtk/gtk.h is not found without them (in "
                               "1 preamble)"));
  EXPECT_THAT(R.Out, Not(HasSubstr("[cgo-header-not-found]")));
  EXPECT_THAT(R.Out, HasSubstr("1 error, 0 warnings, 1 information"));
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
