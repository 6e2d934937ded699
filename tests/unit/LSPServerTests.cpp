//===- LSPServerTests.cpp - The server in process: ordering, versions -----===//
#include "TestEnvironment.h"
#include "protocol/Protocol.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace json = boost::json;
using namespace cgols;
using namespace cgols::test;
using protocol::makeNotification;
using protocol::makeRequest;

namespace {

json::object settings(json::array Targets = {"linux/amd64"}) {
  return {{"targets", std::move(Targets)},
          {"sdkPath", CGOLS_TEST_FIXTURES "/sdk/MacOSX.sdk"},
          {"sysroot", CGOLS_TEST_FIXTURES "/linux-sysroot"}};
}

json::value didOpen(const std::string &Path, const std::string &Text,
                    int Version = 1) {
  return makeNotification(
      "textDocument/didOpen",
      json::object{
          {"textDocument", json::object{{"uri", protocol::pathToUri(Path)},
                                        {"languageId", "go"},
                                        {"version", Version},
                                        {"text", Text}}}});
}

json::value didChange(const std::string &Path, int Version,
                      json::array Changes) {
  return makeNotification(
      "textDocument/didChange",
      json::object{
          {"textDocument", json::object{{"uri", protocol::pathToUri(Path)},
                                        {"version", Version}}},
          {"contentChanges", std::move(Changes)}});
}

json::object rng(int L1, int C1, int L2, int C2) {
  return {{"start", json::object{{"line", L1}, {"character", C1}}},
          {"end", json::object{{"line", L2}, {"character", C2}}}};
}

struct Session {
  TestEnvironment Env;
  CaptureOutput Out;
  std::unique_ptr<LSPServer> S;
  explicit Session(json::object Settings = settings(),
                   json::object Caps = json::object{}) {
    Env.Vars["CGOLS_CLANG_RESOURCE_DIR"] = CGOLS_CLANG_RESOURCE_DIR;
    ServerOptions O;
    O.DebounceMs = 0;
    S = std::make_unique<LSPServer>(Env, Out, O);
    sendTo(*S, makeRequest(1, "initialize",
                           json::object{{"capabilities", std::move(Caps)},
                                        {"initializationOptions", Settings}}));
    EXPECT_TRUE(Out.response(1));
    sendTo(*S, makeNotification("initialized", json::object{}));
  }
  // All publishDiagnostics params for a path, in order.
  std::vector<json::object> published(const std::string &Path) {
    std::vector<json::object> R;
    for (const json::value &V : Out.all())
      if (V.as_object().contains("method") &&
          V.at("method") == "textDocument/publishDiagnostics" &&
          V.at("params").at("uri").as_string() == protocol::pathToUri(Path))
        R.push_back(V.at("params").as_object());
    return R;
  }
};

const char *Bad = "package a\n\n// int v = nope;\nimport \"C\"\n";

TEST(LSPServer, InitializeDoesNotWaitForTheProbe) {
  // go env never answers until released; initialize is answered anyway, and
  // the first analysis waits for the probe.
  struct SlowGo : TestEnvironment {
    std::mutex M;
    std::condition_variable CV;
    bool Go = false;
    RunResult runProgram(const std::vector<std::string> &A,
                         unsigned T) override {
      std::unique_lock<std::mutex> L(M);
      CV.wait(L, [&] { return Go; });
      return TestEnvironment::runProgram(A, T);
    }
  } Env;
  Env.Vars["CGOLS_CLANG_RESOURCE_DIR"] = CGOLS_CLANG_RESOURCE_DIR;
  CaptureOutput Out;
  ServerOptions O;
  O.DebounceMs = 0;
  LSPServer S(Env, Out, O);
  sendTo(S, makeRequest(1, "initialize",
                        json::object{{"capabilities", json::object{}},
                                     {"initializationOptions", settings()}}));
  EXPECT_TRUE(Out.response(1));
  sendTo(S, didOpen("/ws/a/a.go", Bad));
  {
    std::lock_guard<std::mutex> L(Env.M);
    Env.Go = true;
  }
  Env.CV.notify_all();
  S.waitIdle();
  bool Published = false;
  for (const json::value &V : Out.all())
    Published |= V.as_object().contains("method") &&
                 V.at("method") == "textDocument/publishDiagnostics";
  EXPECT_TRUE(Published);
}

TEST(LSPServer, CodesLinkToTheirSectionOfTheShippedDocs) {
  Session X(json::object{{"cgols", settings()},
                         {"docsUri", "file:///ext/checks.md"}});
  sendTo(*X.S, didOpen("/ws/a/a.go", Bad));
  X.S->waitIdle();
  auto &Out = X.Out;
  std::string Href;
  for (const json::value &V : Out.all())
    if (V.as_object().contains("method") &&
        V.at("method") == "textDocument/publishDiagnostics")
      for (const json::value &D : V.at("params").at("diagnostics").as_array())
        Href = std::string(D.at("codeDescription").at("href").as_string());
  ASSERT_EQ(Href.rfind("file:///ext/checks.md#L", 0), 0u) << Href;
  // The line is the code's heading in docs/checks.md (which the tidy test
  // keeps equal to the generated text).
  std::ifstream In(CGOLS_SOURCE_DIR "/docs/checks.md");
  std::string Line;
  for (int N = std::stoi(Href.substr(Href.find("#L") + 2)); N > 0; --N)
    std::getline(In, Line);
  EXPECT_EQ(Line, "## cgo-preamble-error");
}

TEST(LSPServer, ChecksSettingTurnsACodeOff) {
  json::object Off = settings();
  Off["checks"] = json::object{{"cgo-preamble-error", false}};
  Session X(Off);
  sendTo(*X.S, didOpen("/ws/a/a.go", Bad));
  X.S->waitIdle();
  auto P = X.published("/ws/a/a.go");
  ASSERT_FALSE(P.empty());
  EXPECT_TRUE(P.back().at("diagnostics").as_array().empty());
}

TEST(LSPServer, ConfigurationIsPulledWhenTheClientCanAnswer) {
  Session X(settings(),
            json::object{{"workspace", json::object{{"configuration", true}}}});
  LSPServer &S = *X.S;
  auto &Out = X.Out;
  sendTo(S, didOpen("/ws/a/a.go", Bad));
  S.waitIdle();
  // A change notification makes the server ask for its section.
  sendTo(S, makeNotification("workspace/didChangeConfiguration",
                             json::object{{"settings", nullptr}}));
  S.waitIdle();
  std::optional<json::value> Req;
  for (const json::value &V : Out.all())
    if (V.as_object().contains("method") &&
        V.at("method") == "workspace/configuration")
      Req = V;
  ASSERT_TRUE(Req);
  EXPECT_EQ(Req->at("params").at("items").at(0).at("section"), "cgols");
  // The answer turns the preamble error off: the file is published clean.
  json::object Section = settings();
  Section["checks"] = json::object{{"cgo-preamble-error", false}};
  sendTo(S, json::object{{"jsonrpc", "2.0"},
                         {"id", Req->at("id")},
                         {"result", json::array{Section}}});
  S.waitIdle();
  std::vector<std::size_t> Counts;
  for (const json::value &V : Out.all())
    if (V.as_object().contains("method") &&
        V.at("method") == "textDocument/publishDiagnostics")
      Counts.push_back(V.at("params").at("diagnostics").as_array().size());
  ASSERT_GE(Counts.size(), 2u);
  EXPECT_EQ(Counts.front(), 1u);
  EXPECT_EQ(Counts.back(), 0u);
}

TEST(LSPServer, IncrementalChangeFixesAndVersionIsCurrent) {
  Session X;
  X.Env.addFile("/ws/a/a.go", Bad);
  sendTo(*X.S, didOpen("/ws/a/a.go", Bad));
  X.S->waitIdle();
  auto P = X.published("/ws/a/a.go");
  ASSERT_FALSE(P.empty());
  EXPECT_EQ(P.back().at("diagnostics").as_array().size(), 1u);
  // Replace "nope" (line 2, characters 11..15) with "1".
  sendTo(*X.S, didChange("/ws/a/a.go", 2,
                         json::array{json::object{{"range", rng(2, 11, 2, 15)},
                                                  {"text", "1"}}}));
  X.S->waitIdle();
  P = X.published("/ws/a/a.go");
  EXPECT_EQ(P.back().at("version"), 2);
  EXPECT_TRUE(P.back().at("diagnostics").as_array().empty());
  // Versions never go backwards.
  std::int64_t Last = 0;
  for (const auto &Pub : P) {
    EXPECT_GE(Pub.at("version").as_int64(), Last);
    Last = Pub.at("version").as_int64();
  }
}

TEST(LSPServer, ManyQuickEditsPublishOnlyTheLatest) {
  Session X;
  sendTo(*X.S, didOpen("/ws/a/a.go", Bad));
  for (int V = 2; V <= 30; ++V)
    sendTo(*X.S, didChange("/ws/a/a.go", V,
                           json::array{json::object{{"text", Bad}}}));
  X.S->waitIdle();
  auto P = X.published("/ws/a/a.go");
  ASSERT_FALSE(P.empty());
  EXPECT_EQ(P.back().at("version"), 30);
}

TEST(LSPServer, FlagChangeRepublishesTheWholePackage) {
  Session X;
  std::string A = "package a\n\n// #cgo CFLAGS: -DHAVE_X\nimport \"C\"\n";
  std::string B = "package a\n\n/*\n#ifndef HAVE_X\n#error no "
                  "X\n#endif\n*/\nimport \"C\"\n";
  sendTo(*X.S, didOpen("/ws/a/a.go", A));
  sendTo(*X.S, didOpen("/ws/a/b.go", B));
  X.S->waitIdle();
  EXPECT_TRUE(
      X.published("/ws/a/b.go").empty() ||
      X.published("/ws/a/b.go").back().at("diagnostics").as_array().empty());
  // Removing the flag from a.go breaks b.go.
  sendTo(*X.S, didChange("/ws/a/a.go", 2,
                         json::array{json::object{
                             {"text", "package a\n\nimport \"C\"\n"}}}));
  X.S->waitIdle();
  auto PB = X.published("/ws/a/b.go");
  ASSERT_FALSE(PB.empty());
  ASSERT_EQ(PB.back().at("diagnostics").as_array().size(), 1u);
  EXPECT_THAT(
      std::string(PB.back().at("diagnostics").at(0).at("message").as_string()),
      ::testing::HasSubstr("no X"));
}

TEST(LSPServer, ClosingTheLastFileClearsThePackage) {
  Session X;
  sendTo(*X.S, didOpen("/ws/a/a.go", Bad));
  X.S->waitIdle();
  sendTo(*X.S,
         makeNotification(
             "textDocument/didClose",
             json::object{
                 {"textDocument",
                  json::object{{"uri", protocol::pathToUri("/ws/a/a.go")}}}}));
  X.S->waitIdle();
  auto P = X.published("/ws/a/a.go");
  ASSERT_FALSE(P.empty());
  EXPECT_TRUE(P.back().at("diagnostics").as_array().empty());
}

TEST(LSPServer, ConfigurationChangeReanalyses) {
  Session X(settings({"linux/amd64"}));
  std::string Src = "package a\n\n// #include <gnu-only.h>\nimport \"C\"\n";
  sendTo(*X.S, didOpen("/ws/a/a.go", Src));
  X.S->waitIdle();
  auto P = X.published("/ws/a/a.go");
  EXPECT_TRUE(P.empty() || P.back().at("diagnostics").as_array().empty());
  sendTo(*X.S, makeNotification(
                   "workspace/didChangeConfiguration",
                   json::object{
                       {"settings",
                        json::object{{"cgols", settings({"darwin/arm64"})}}}}));
  X.S->waitIdle();
  P = X.published("/ws/a/a.go");
  ASSERT_FALSE(P.empty());
  EXPECT_EQ(P.back().at("diagnostics").as_array().size(), 1u);
}

TEST(LSPServer, BadChangeRangeKeepsTheText) {
  Session X;
  sendTo(*X.S, didOpen("/ws/a/a.go", Bad));
  sendTo(*X.S, didChange("/ws/a/a.go", 2,
                         json::array{json::object{{"range", rng(99, 0, 99, 1)},
                                                  {"text", "x"}}}));
  X.S->waitIdle();
  auto P = X.published("/ws/a/a.go");
  ASSERT_FALSE(P.empty());
  EXPECT_EQ(P.back().at("version"), 1);
}

// An output whose reply to the initialize request blocks until released:
// the dispatcher sends that reply, so it is held inside initialize and a
// cancel sent meanwhile surely finds the next request still queued. (`go
// env` runs in the background since the probe went asynchronous, so it can
// no longer hold the dispatcher; a test that relied on it raced.)
class BlockingOutput : public CaptureOutput {
public:
  void send(const json::value &V) override {
    if (const json::object *O = V.if_object())
      if (const json::value *Id = O->if_contains("id");
          Id && *Id == 1 && !O->contains("method")) {
        std::unique_lock<std::mutex> L(M);
        Held = true;
        CV.notify_all();
        CV.wait(L, [&] { return Released; });
      }
    CaptureOutput::send(V);
  }
  void waitHeld() {
    std::unique_lock<std::mutex> L(M);
    CV.wait(L, [&] { return Held; });
  }
  void release() {
    {
      std::lock_guard<std::mutex> L(M);
      Released = true;
    }
    CV.notify_all();
  }

private:
  std::mutex M;
  std::condition_variable CV;
  bool Held = false, Released = false;
};

TEST(LSPServer, CancelledRequestGetsRequestCancelled) {
  TestEnvironment Env;
  BlockingOutput Out;
  LSPServer S(Env, Out, {});
  sendTo(S, makeRequest(1, "initialize",
                        json::object{{"capabilities", json::object{}}}));
  Out.waitHeld();
  sendTo(S, makeRequest(2, "textDocument/codeAction",
                        json::object{{"textDocument",
                                      json::object{{"uri", "file:///x.go"}}},
                                     {"range", rng(0, 0, 0, 0)}}));
  sendTo(S, makeNotification("$/cancelRequest", json::object{{"id", 2}}));
  Out.release();
  auto R = Out.response(2);
  ASSERT_TRUE(R);
  ASSERT_TRUE(R->as_object().contains("error")) << json::serialize(*R);
  EXPECT_EQ(R->at("error").at("code").as_int64(), protocol::RequestCancelled);
  // Exactly one reply for id 2.
  S.waitIdle();
  int N = 0;
  for (const auto &V : Out.all())
    if (V.as_object().contains("id") && V.at("id") == 2)
      ++N;
  EXPECT_EQ(N, 1);
}

// A file system whose opens of one path block while the gate is shut: it
// holds an on-demand symbol compile, which must not hold the dispatcher.
class GatedEnv : public TestEnvironment {
public:
  class GatedFS : public llvm::vfs::ProxyFileSystem {
  public:
    GatedFS(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS, GatedEnv &E)
        : ProxyFileSystem(std::move(FS)), E(E) {}
    llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
    openFileForRead(const llvm::Twine &Path) override {
      if (Path.str() == E.GatedPath) {
        std::unique_lock<std::mutex> L(E.M);
        ++E.Waiting;
        E.CV.notify_all();
        E.CV.wait(L, [&] { return !E.Shut; });
      }
      return ProxyFileSystem::openFileForRead(Path);
    }

  private:
    GatedEnv &E;
  };
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem() override {
    return llvm::makeIntrusiveRefCnt<GatedFS>(TestEnvironment::fileSystem(),
                                              *this);
  }
  void shut() {
    std::lock_guard<std::mutex> L(M);
    Shut = true;
  }
  void open() {
    {
      std::lock_guard<std::mutex> L(M);
      Shut = false;
    }
    CV.notify_all();
  }
  bool waitForABlockedOpen() {
    std::unique_lock<std::mutex> L(M);
    return CV.wait_for(L, std::chrono::seconds(20),
                       [&] { return Waiting > 0; });
  }
  std::string GatedPath = "/ws/a/mid.h";

private:
  std::mutex M;
  std::condition_variable CV;
  bool Shut = false;
  int Waiting = 0;
};

json::value hoverAt(int Id, const std::string &Path, int Line, int Col) {
  return makeRequest(
      Id, "textDocument/hover",
      json::object{
          {"textDocument", json::object{{"uri", protocol::pathToUri(Path)}}},
          {"position", json::object{{"line", Line}, {"character", Col}}}});
}

// A hover on a name only a deeper header declares compiles on demand; that
// compile runs beside the dispatcher: other requests are answered meanwhile,
// and a queued one can still be cancelled.
TEST(LSPServer, OnDemandHoverDoesNotHoldTheDispatcher) {
  GatedEnv Env;
  Env.Vars["CGOLS_CLANG_RESOURCE_DIR"] = CGOLS_CLANG_RESOURCE_DIR;
  Env.addFile("/ws/a/mid.h", "#include \"deep.h\"\n");
  Env.addFile("/ws/a/deep.h", "/* Deep. */\nint deep_fn(int x);\n"
                              "int deep_other(void);\n");
  const std::string Go = "package a\n\n// #include \"mid.h\"\nimport \"C\"\n\n"
                         "var X = C.deep_fn(1) + C.deep_other()\n";
  Env.addFile("/ws/a/a.go", Go);
  CaptureOutput Out;
  ServerOptions O;
  O.DebounceMs = 0;
  LSPServer S(Env, Out, O);
  sendTo(S, makeRequest(1, "initialize",
                        json::object{{"capabilities", json::object{}},
                                     {"initializationOptions", settings()}}));
  ASSERT_TRUE(Out.response(1));
  sendTo(S, makeNotification("initialized", json::object{}));
  sendTo(S, didOpen("/ws/a/a.go", Go));
  S.waitIdle();
  Env.shut();
  sendTo(S, hoverAt(2, "/ws/a/a.go", 5, 11)); // C.deep_fn: compiles
  ASSERT_TRUE(Env.waitForABlockedOpen());
  sendTo(S, hoverAt(3, "/ws/a/a.go", 5, 25)); // C.deep_other: queued
  sendTo(S,
         makeRequest(4, "textDocument/documentSymbol",
                     json::object{{"textDocument",
                                   json::object{{"uri", protocol::pathToUri(
                                                            "/ws/a/a.go")}}}}));
  // Answered while the compile for id 2 is still held.
  EXPECT_TRUE(Out.response(4));
  sendTo(S, makeNotification("$/cancelRequest", json::object{{"id", 3}}));
  for (const auto &V : Out.all())
    EXPECT_FALSE(V.as_object().contains("id") && V.at("id") == 2);
  Env.open();
  auto H = Out.response(2);
  ASSERT_TRUE(H);
  EXPECT_THAT(
      std::string(H->at("result").at("contents").at("value").as_string()),
      ::testing::HasSubstr("int deep_fn(int x)"));
  auto C = Out.response(3);
  ASSERT_TRUE(C);
  EXPECT_EQ(C->at("error").at("code").as_int64(), protocol::RequestCancelled);
  S.waitIdle();
}

// A settings.json the editor opens is checked at once; its fix is a command
// that sends the edit back through workspace/applyEdit (the client then
// saves the file), and the command is answered when the client has applied.
TEST(LSPServer, SettingsFileFixGoesThroughApplyEdit) {
  Session X(settings(),
            json::object{{"workspace", json::object{{"applyEdit", true}}}});
  const std::string Path = "/ws/.vscode/settings.json";
  const std::string Text =
      "{\n  // mine\n  \"go.goplsArgs\": [\"-rpc.trace\"]\n}\n";
  sendTo(*X.S, didOpen(Path, Text));
  X.S->waitIdle();
  auto Pubs = X.published(Path);
  ASSERT_FALSE(Pubs.empty());
  const json::array &Ds = Pubs.back().at("diagnostics").as_array();
  ASSERT_EQ(Ds.size(), 1u);
  EXPECT_EQ(Ds[0].at("code"), "settings-not-a-setting");
  sendTo(*X.S,
         makeRequest(
             7, "textDocument/codeAction",
             json::object{{"textDocument",
                           json::object{{"uri", protocol::pathToUri(Path)}}},
                          {"range", rng(2, 3, 2, 3)},
                          {"context", json::object{{"diagnostics", Ds}}}}));
  auto A = X.Out.response(7);
  ASSERT_TRUE(A);
  const json::array &Actions = A->at("result").as_array();
  ASSERT_EQ(Actions.size(), 1u);
  const json::object &Cmd = Actions[0].at("command").as_object();
  EXPECT_EQ(Cmd.at("command"), "cgols.applyWorkspaceEdit");
  EXPECT_FALSE(Actions[0].as_object().contains("edit"));
  sendTo(*X.S, makeRequest(8, "workspace/executeCommand",
                           json::object{{"command", Cmd.at("command")},
                                        {"arguments", Cmd.at("arguments")}}));
  // The server asks the client to apply the edit.
  json::value Ask;
  for (int I = 0; I < 200 && Ask.is_null(); ++I) {
    for (const json::value &V : X.Out.all())
      if (V.as_object().contains("method") &&
          V.at("method") == "workspace/applyEdit")
        Ask = V;
    if (Ask.is_null())
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(Ask.is_null());
  const json::object &Changes =
      Ask.at("params").at("edit").at("changes").as_object();
  const json::array &Edits = Changes.at(protocol::pathToUri(Path)).as_array();
  ASSERT_EQ(Edits.size(), 1u);
  EXPECT_THAT(std::string(Edits[0].at("newText").as_string()),
              ::testing::HasSubstr("languageServerFla")); // a minimal edit
  EXPECT_FALSE(X.Out.response(8, std::chrono::milliseconds(100)));
  sendTo(*X.S, json::object{{"jsonrpc", "2.0"},
                            {"id", Ask.at("id")},
                            {"result", json::object{{"applied", true}}}});
  auto Done = X.Out.response(8);
  ASSERT_TRUE(Done);
  EXPECT_TRUE(Done->at("result").is_null());
}

// cgols/health: the doctor's findings with their docs link and fixes; a
// settings fix comes as the edit (creating .vscode/settings.json when the
// client can), a machine fix as the command for the user to run.
TEST(LSPServer, HealthRequestGivesFindingsWithFixes) {
  namespace fs = std::filesystem;
  fs::path Bin = fs::temp_directory_path() /
                 ("cgols-health-bin-" + std::to_string(::getpid()));
  fs::create_directories(Bin);
  for (const char *P : {"go", "clang"}) {
    std::ofstream(Bin / P) << "#!/bin/sh\nexit 1\n";
    fs::permissions(Bin / P, fs::perms::owner_all);
  }
  TestEnvironment Env;
  Env.Vars["PATH"] = Bin.string();
  Env.Vars["CGO_ENABLED"] = "0";
  Env.GoEnvJson = R"({"GOVERSION":"go1.22.0","GOOS":"linux","GOARCH":"amd64",
    "GOHOSTARCH":"amd64","CGO_ENABLED":"0","CC":"clang"})";
  CaptureOutput Out;
  LSPServer S(Env, Out, {});
  json::object Caps{
      {"workspace",
       json::object{{"applyEdit", true},
                    {"workspaceEdit", json::object{{"resourceOperations",
                                                    json::array{"create"}}}}}}};
  sendTo(S, makeRequest(
                1, "initialize",
                json::object{
                    {"capabilities", Caps},
                    {"rootUri", "file:///ws"},
                    {"initializationOptions",
                     json::object{{"docsUri", "file:///docs/checks.md"}}}}));
  ASSERT_TRUE(Out.response(1));
  sendTo(S, makeRequest(2, "cgols/health", json::object{}));
  auto R = Out.response(2);
  ASSERT_TRUE(R);
  const json::array &Fs = R->at("result").at("findings").as_array();
  const json::object *Cgo = nullptr, *Gopls = nullptr;
  for (const json::value &F : Fs) {
    const json::object &O = F.as_object();
    if (O.contains("code") && O.at("code") == "env-cgo-disabled")
      Cgo = &O;
    if (O.contains("code") && O.at("code") == "env-gopls-missing")
      Gopls = &O;
  }
  ASSERT_TRUE(Cgo) << json::serialize(Fs);
  EXPECT_EQ(Cgo->at("verdict"), "error");
  EXPECT_THAT(std::string(Cgo->at("docs").as_string()),
              ::testing::StartsWith("file:///docs/checks.md#L"));
  const json::value &Edit = Cgo->at("fix").at("edit").at("edit");
  const json::array &Ops = Edit.at("documentChanges").as_array();
  ASSERT_EQ(Ops.size(), 2u);
  EXPECT_EQ(Ops[0].at("kind"), "create");
  EXPECT_EQ(Ops[0].at("uri"), "file:///ws/.vscode/settings.json");
  std::string NewText(
      Ops[1].at("edits").as_array()[0].at("newText").as_string());
  EXPECT_THAT(NewText, ::testing::HasSubstr("\"CGO_ENABLED\": \"1\""));
  ASSERT_TRUE(Gopls);
  EXPECT_EQ(Gopls->at("fix").at("command"),
            "go install golang.org/x/tools/gopls@latest");
  S.waitIdle();
  fs::remove_all(Bin);
}

// A client that asks for them gets notices with a stable key (the extension
// remembers what it showed per workspace); others get window/showMessage.
TEST(LSPServer, NoticesCarryTheirKeyWhenAsked) {
  for (bool Custom : {false, true}) {
    json::object Settings =
        settings(json::array{"drawin/arm64", "linux/amd64"});
    Settings["noticeNotifications"] = Custom;
    Session X(Settings);
    sendTo(*X.S, didOpen("/ws/a/a.go", "package a\n"));
    X.S->waitIdle();
    int Shown = 0, Keyed = 0;
    for (const json::value &V : X.Out.all()) {
      const json::object &O = V.as_object();
      if (!O.contains("method"))
        continue;
      if (O.at("method") == "window/showMessage" &&
          std::string(O.at("params").at("message").as_string())
                  .find("unknown target 'drawin/arm64'") != std::string::npos)
        ++Shown;
      if (O.at("method") == "cgols/notice" &&
          std::string(O.at("params").at("key").as_string())
                  .find("setting:unknown target 'drawin/arm64'") == 0)
        ++Keyed;
    }
    EXPECT_EQ(Shown, Custom ? 0 : 1);
    EXPECT_EQ(Keyed, Custom ? 1 : 0);
  }
}

} // namespace
