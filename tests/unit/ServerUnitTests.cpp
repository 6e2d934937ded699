//===- ServerUnitTests.cpp - Positions, edits, settings, scheduler --------===//
#include "Check.h"
#include "Config.h"
#include "Debounce.h"
#include "Document.h"
#include "Environment.h"
#include "Probes.h"
#include "Scheduler.h"
#include "Server.h"
#include "TestEnvironment.h"
#include "cgo/SourceMap.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>

using namespace cgols;

namespace {

TEST(PositionMapper, Utf16AndUtf8) {
  // "é" is 2 bytes, 1 UTF-16 unit; "😀" is 4 bytes, 2 units.
  std::string T = "a\xc3\xa9"
                  "b\n\xf0\x9f\x98\x80x\n";
  PositionMapper U16(T, PositionEncoding::UTF16);
  EXPECT_EQ(U16.position(3).Character, 2); // before 'b'
  EXPECT_EQ(U16.position(9).Character, 2); // before 'x'
  EXPECT_EQ(*U16.offset({1, 2}), 9u);
  PositionMapper U8(T, PositionEncoding::UTF8);
  EXPECT_EQ(U8.position(9).Character, 4);
  EXPECT_EQ(*U8.offset({1, 4}), 9u);
  // Past the end of a line clamps to its end; past the last line fails.
  EXPECT_EQ(*U16.offset({0, 99}), 4u);
  EXPECT_FALSE(U16.offset({5, 0}));
}

TEST(PositionMapper, InvalidUtf8CountsBytes) {
  std::string T = "\xff\xfe"
                  "a";
  PositionMapper M(T, PositionEncoding::UTF16);
  EXPECT_EQ(M.position(2).Character, 2);
}

TEST(Document, IncrementalChanges) {
  std::string T = "hello\nworld\n";
  protocol::TextDocumentContentChangeEvent C;
  C.R = protocol::Range{{1, 0}, {1, 5}};
  C.Text = "there";
  EXPECT_FALSE(applyChange(T, C, PositionEncoding::UTF16));
  EXPECT_EQ(T, "hello\nthere\n");
  C.R = protocol::Range{{9, 0}, {9, 1}};
  EXPECT_TRUE(applyChange(T, C, PositionEncoding::UTF16));
  EXPECT_EQ(T, "hello\nthere\n"); // unchanged on error
  protocol::TextDocumentContentChangeEvent Full;
  Full.Text = "x";
  EXPECT_FALSE(applyChange(T, Full, PositionEncoding::UTF16));
  EXPECT_EQ(T, "x");
}

TEST(Config, Forms) {
  Config C;
  std::vector<std::string> P;
  applySettings(
      C,
      boost::json::parse(
          R"({"cgols":{"targets":["linux/amd64"],"sdkPath":"/sdk"}})"),
      P);
  EXPECT_EQ(C.Targets, std::vector<std::string>{"linux/amd64"});
  EXPECT_EQ(C.SdkPath, "/sdk");
  applySettings(
      C, boost::json::parse(R"({"cgols.sysroot":"/sr","extraFlags":["-DX"]})"),
      P);
  EXPECT_EQ(C.Sysroot, "/sr");
  EXPECT_EQ(C.ExtraFlags, std::vector<std::string>{"-DX"});
  EXPECT_TRUE(P.empty());
  applySettings(
      C, boost::json::parse(R"({"targets":"darwin/arm64","debounceMs":-1})"),
      P);
  EXPECT_EQ(P.size(), 2u);
  EXPECT_EQ(C.Targets, std::vector<std::string>{"linux/amd64"}); // kept
}

TEST(Config, CompileLimitsAndCacheAreBounded) {
  Config C;
  std::vector<std::string> P;
  applySettings(C, boost::json::parse(R"({"compileTimeoutSeconds":5,
                  "compileMemoryMB":0,"cacheMB":64})"),
                P);
  EXPECT_TRUE(P.empty());
  EXPECT_EQ(C.CompileTimeoutSeconds, 5);
  EXPECT_EQ(C.CompileMemoryMB, 0); // no limit
  EXPECT_EQ(C.CacheMB, 64);
  applySettings(C, boost::json::parse(R"({"compileTimeoutSeconds":0,
                  "compileMemoryMB":100,"cacheMB":"big"})"),
                P);
  ASSERT_EQ(P.size(), 3u);
  EXPECT_EQ(P[1], "cgols.compileMemoryMB must be 0 or an integer from 256 to "
                  "1048576");
  EXPECT_EQ(C.CompileTimeoutSeconds, 5); // kept
  EXPECT_EQ(C.CompileMemoryMB, 0);
}

TEST(GoEnv, Parse) {
  Toolchain T = parseGoEnvJson(R"({"GOVERSION":"go1.21.3","GOHOSTOS":"darwin",
    "GOHOSTARCH":"arm64","CGO_ENABLED":"1","CGO_CFLAGS":"-g -O2 -Wall"})");
  EXPECT_EQ(T.GoMinor, 21);
  EXPECT_EQ(T.GOHOSTARCH, "arm64");
  EXPECT_EQ(T.CgoCFLAGS.size(), 3u);
  EXPECT_FALSE(parseGoEnvJson("not json").GoFound);
}

TEST(GoEnv, PatchVersion) {
  Toolchain T = parseGoEnvJson(R"({"GOVERSION":"go1.25.6"})");
  EXPECT_EQ(T.GoMinor, 25);
  EXPECT_EQ(T.GoPatch, 6);
}

TEST(Children, EnvironmentIsBuiltOnPurpose) {
  std::vector<std::string> E =
      childEnvironment({{"PATH", ".:/usr/bin::bin:/opt/go/bin"},
                        {"HOME", "/home/u"},
                        {"GOTOOLCHAIN", "auto"},
                        {"GOFLAGS", "-mod=mod"},
                        {"GOPATH", "/home/u/go"},
                        {"CGO_CFLAGS", "-O2"},
                        {"AWS_SECRET_ACCESS_KEY", "x"},
                        {"LD_PRELOAD", "/tmp/evil.so"}});
  std::string All;
  for (const std::string &S : E)
    All += S + "\n";
  EXPECT_EQ(All, "PATH=/usr/bin:/opt/go/bin\nHOME=/home/u\nGOPATH=/home/u/go\n"
                 "CGO_CFLAGS=-O2\nGOTOOLCHAIN=local\nGOPROXY=off\n");
}

// The editor's Go environment: only what changes cgo, over the process's
// own, in getenv and in what programs get.
TEST(Children, TheEditorsGoVariablesGoOverTheProcesssOwn) {
  test::TestEnvironment Env;
  Env.Vars["CC"] = "gcc";
  Env.Vars["HOME"] = "/home/u";
  EXPECT_TRUE(Env.setEditorVariables({{"CC", "clang-16"},
                                      {"CGO_LDFLAGS_ALLOW", "-Wl,--foo"},
                                      {"GOFLAGS", "-mod=vendor"},
                                      {"PATH", "/evil"},
                                      {"HOME", "/elsewhere"}}));
  EXPECT_EQ(Env.editorVariables(),
            (std::map<std::string, std::string>{
                {"CC", "clang-16"}, {"CGO_LDFLAGS_ALLOW", "-Wl,--foo"}}));
  EXPECT_EQ(Env.getenv("CC"), "clang-16");
  EXPECT_EQ(Env.getenv("HOME"), "/home/u");
  EXPECT_FALSE(Env.getenv("GOFLAGS"));
  EXPECT_FALSE(Env.setEditorVariables(
      {{"CC", "clang-16"}, {"CGO_LDFLAGS_ALLOW", "-Wl,--foo"}}))
      << "the same set is no change";
  auto Vars = withEditorVariables({{"HOME", "/home/u"}, {"CC", "gcc"}},
                                  Env.editorVariables());
  EXPECT_EQ(Vars, (std::vector<std::pair<std::string, std::string>>{
                      {"HOME", "/home/u"},
                      {"CC", "clang-16"},
                      {"CGO_LDFLAGS_ALLOW", "-Wl,--foo"}}));
}

// A changed environment is asked again: the probes forget what go env said.
TEST(Probes, ForgetAsksGoEnvAgainWithTheEditorsVariables) {
  test::TestEnvironment Env;
  Env.setEditorVariables({{"CC", "clang-16"}});
  Probes P(Env);
  EXPECT_EQ(P.toolchain().CC, "clang-16");
  Env.setEditorVariables({{"CC", "gcc"}});
  EXPECT_EQ(P.toolchain().CC, "clang-16") << "kept until forgotten";
  P.forget();
  EXPECT_EQ(P.toolchain().CC, "gcc");
  ASSERT_FALSE(Env.RanWith.empty());
  EXPECT_EQ(Env.RanWith.back().at("CC"), "gcc");
}

TEST(Children, ProgramsOnlyFromAbsolutePathEntries) {
  // /bin/sh exists on every machine these tests run on.
  EXPECT_EQ(findProgram("sh", "relative:/bin"), "/bin/sh");
  EXPECT_FALSE(findProgram("sh", ".:bin:"));
  EXPECT_FALSE(findProgram("./sh", "/bin"));
  EXPECT_EQ(findProgram("/bin/sh", ""), "/bin/sh");
  EXPECT_FALSE(findProgram("/bin", "")); // a directory
}

// A file system on which one folder cannot be listed (as chmod 000 would
// do, which root, running CI, ignores).
class LockedFS : public llvm::vfs::ProxyFileSystem {
public:
  using ProxyFileSystem::ProxyFileSystem;
  llvm::vfs::directory_iterator dir_begin(const llvm::Twine &Dir,
                                          std::error_code &EC) override {
    if (Dir.str().find("/locked") != std::string::npos) {
      EC = std::make_error_code(std::errc::permission_denied);
      return {};
    }
    return ProxyFileSystem::dir_begin(Dir, EC);
  }
};

class LockedEnv : public test::TestEnvironment {
public:
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem() override {
    return llvm::makeIntrusiveRefCnt<LockedFS>(
        test::TestEnvironment::fileSystem());
  }
};

TEST(CheckCommand, UnreadableFolderExitsTwoWithTheOsError) {
  LockedEnv Env;
  Env.addFile("/ws/locked/a.go", "package a\n");
  Env.addFile("/ws/open/sub/locked/b.go", "package b\n");
  for (const char *Path : {"/ws/locked", "/ws/open/...", "/ws/..."}) {
    CheckOptions O;
    O.Cwd = "/ws";
    O.Untrusted = true;
    O.Paths = {Path};
    std::ostringstream Out, Err;
    EXPECT_EQ(runCheck(O, Env, Out, Err), 2) << Path;
    EXPECT_NE(Err.str().find("Permission denied"), std::string::npos)
        << Err.str();
  }
}

TEST(SourceMap, Segments) {
  SourceMap M;
  M.addSegment(0, 10, 5); // preamble 0..5 -> go 10..15
  M.addSegment(6, 20, 4); // preamble 6..10 -> go 20..24 (5 is synthetic)
  EXPECT_EQ(M.toGo(2), 12u);
  EXPECT_EQ(M.toGo(5), 15u);
  EXPECT_EQ(M.toGo(7), 21u);
  EXPECT_TRUE(M.isContiguous(6, 9));
  EXPECT_FALSE(M.isContiguous(3, 8));
  auto R = M.rangeToGo(3, 8);
  EXPECT_EQ(R.first, 13u);
  EXPECT_EQ(R.second, 15u);
}

TEST(Scheduler, DebounceReplacesPending) {
  Scheduler S;
  std::atomic<int> Runs{0}, Last{0};
  for (int I = 1; I <= 5; ++I)
    S.schedule("pkg", std::chrono::milliseconds(30),
               [&, I](const std::atomic<bool> &) {
                 ++Runs;
                 Last = I;
               });
  S.waitIdle();
  EXPECT_EQ(Runs.load(), 1);
  EXPECT_EQ(Last.load(), 5);
}

TEST(Scheduler, RescheduleCancelsRunning) {
  Scheduler S;
  std::atomic<bool> Started{false}, SawCancel{false};
  S.schedule("pkg", std::chrono::milliseconds(0),
             [&](const std::atomic<bool> &C) {
               Started = true;
               for (int I = 0; I < 2000 && !C; ++I)
                 std::this_thread::sleep_for(std::chrono::milliseconds(1));
               SawCancel = C.load();
             });
  while (!Started)
    std::this_thread::yield();
  S.schedule("pkg", std::chrono::milliseconds(0),
             [](const std::atomic<bool> &) {});
  S.waitIdle();
  EXPECT_TRUE(SawCancel.load());
}

TEST(Server, DebounceFollowsTheCostOfTheLastAnalysis) {
  test::TestEnvironment Env;
  Env.Vars["CGOLS_CLANG_RESOURCE_DIR"] = CGOLS_CLANG_RESOURCE_DIR;
  std::string Src = "package a\n\n// int f(void);\nimport \"C\"\n";
  Env.addFile("/ws/a/a.go", Src);
  Server S(Env, {});
  Config C;
  C.Targets = {"linux/amd64"};
  C.Sysroot = CGOLS_TEST_FIXTURES "/linux-sysroot";
  S.initialize(C, true);
  // Before any analysis: the setting.
  EXPECT_EQ(S.debounceFor("/ws/a"), 200);
  S.openDocument("/ws/a/a.go", Src, 1);
  S.waitIdle();
  // After one: between the floor and the setting (a tiny preamble compiles
  // in well under 160 ms; under a sanitizer it may reach the setting).
  int Ms = S.debounceFor("/ws/a");
  EXPECT_GE(Ms, 50);
  EXPECT_LE(Ms, 200);
  // An edit after a pause is analysed at once; one right after it, in the
  // same burst, waits; an edit that compiles nothing never waits.
  std::this_thread::sleep_for(std::chrono::milliseconds(Ms + 10));
  EXPECT_EQ(S.waitFor("/ws/a", false), 0);
  EXPECT_EQ(S.waitFor("/ws/a", false), Ms);
  EXPECT_EQ(S.waitFor("/ws/a", true), 0);
  // A smaller setting is the most it ever waits.
  C.DebounceMs = 30;
  S.setConfig(C);
  S.waitIdle();
  EXPECT_EQ(S.debounceFor("/ws/a"), 30);
}

} // namespace

namespace {

// The policy alone, on a clock the test steps.
TEST(DebouncePolicy, WaitsWithinABurstOnlyAndFollowsTheLastAnalysis) {
  DebouncePolicy::Clock::time_point T{std::chrono::seconds(100)};
  DebouncePolicy P([&] { return T; });
  using std::chrono::milliseconds;
  EXPECT_EQ(P.debounceFor("/a", 200), 200);  // no analysis yet: the setting
  EXPECT_EQ(P.waitFor("/a", false, 200), 0); // the first edit: at once
  T += milliseconds(10);
  EXPECT_EQ(P.waitFor("/a", false, 200), 200); // in a burst: waits
  EXPECT_EQ(P.waitFor("/a", true, 200), 0);    // compiles nothing
  P.analysed("/a", milliseconds(120));
  EXPECT_EQ(P.debounceFor("/a", 200), 120); // what the last one took
  P.analysed("/a", milliseconds(5));
  EXPECT_EQ(P.debounceFor("/a", 200), 50); // at least 50 ms
  P.analysed("/a", milliseconds(900));
  EXPECT_EQ(P.debounceFor("/a", 200), 200); // at most the setting
  T += milliseconds(201);
  EXPECT_EQ(P.waitFor("/a", false, 200), 0); // after a pause: at once
  T += milliseconds(199);
  EXPECT_EQ(P.waitFor("/a", false, 200), 200);
  EXPECT_EQ(P.waitFor("/b", false, 200), 0); // another package: its own
  P.forget("/a");
  EXPECT_EQ(P.debounceFor("/a", 300), 300);
  P.setOverride(0);
  EXPECT_EQ(P.debounceFor("/a", 300), 0);
}

} // namespace

namespace {

// One reader of go env's output for the analysis and the doctor: JSON
// escapes (\u, \\) come out as go meant them.
TEST(GoEnv, VariablesAreReadOnceAsJSON) {
  auto V = goEnvVariables(
      R"({"CC":"clang","GOROOT":"C:\\Go","GOFLAGS":"-tags=\u0061b","X":1})");
  ASSERT_TRUE(V);
  EXPECT_EQ(V->at("CC"), "clang");
  EXPECT_EQ(V->at("GOROOT"), "C:\\Go");
  EXPECT_EQ(V->at("GOFLAGS"), "-tags=ab");
  EXPECT_FALSE(V->count("X")); // not a string
  EXPECT_FALSE(goEnvVariables("[1]"));
  EXPECT_FALSE(goEnvVariables("go: not found"));
}

} // namespace
