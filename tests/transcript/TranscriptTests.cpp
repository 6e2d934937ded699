//===- TranscriptTests.cpp - stdio sessions against the real binary -------===//
//
// Each test starts `cgols serve` as a child process with pipes, writes bytes
// (well-formed frames or not) and reads framed replies with a timeout. After
// every kind of malformed input the server must still answer a request.
//
//===----------------------------------------------------------------------===//
#include "protocol/JsonRpc.h"
#include "protocol/Protocol.h"
#include "protocol/Transport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace json = boost::json;
using namespace cgols::protocol;

namespace {

class Child {
public:
  Child() {
    int In[2], Out[2];
    EXPECT_EQ(pipe(In), 0);
    EXPECT_EQ(pipe(Out), 0);
    Pid = fork();
    if (Pid == 0) {
      dup2(In[0], 0);
      dup2(Out[1], 1);
      int Null = open("/dev/null", O_WRONLY);
      dup2(Null, 2);
      close(In[1]);
      close(Out[0]);
      execl(CGOLS_BINARY, CGOLS_BINARY, "serve", nullptr);
      _exit(127);
    }
    close(In[0]);
    close(Out[1]);
    ToChild = In[1];
    FromChild = Out[0];
    signal(SIGPIPE, SIG_IGN);
  }
  ~Child() {
    if (ToChild >= 0)
      close(ToChild);
    close(FromChild);
    if (Pid > 0 && !Reaped) {
      kill(Pid, SIGKILL);
      waitpid(Pid, nullptr, 0);
    }
  }
  void write(const std::string &Bytes) {
    std::size_t Off = 0;
    while (Off < Bytes.size()) {
      ssize_t N = ::write(ToChild, Bytes.data() + Off, Bytes.size() - Off);
      ASSERT_GT(N, 0) << "the server closed its input";
      Off += static_cast<std::size_t>(N);
    }
  }
  void send(const json::value &V) { write(frameMessage(json::serialize(V))); }
  void closeInput() {
    close(ToChild);
    ToChild = -1;
  }
  /// The next message, or nullopt after the timeout or at EOF.
  std::optional<json::value> next(int TimeoutMs = 30000) {
    auto Deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(TimeoutMs);
    while (true) {
      if (auto F = Reader.next()) {
        EXPECT_TRUE(F->Error.empty()) << F->Error;
        return json::parse(F->Body);
      }
      auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      Deadline - std::chrono::steady_clock::now())
                      .count();
      if (Left <= 0)
        return std::nullopt;
      pollfd P{FromChild, POLLIN, 0};
      if (poll(&P, 1, static_cast<int>(Left)) <= 0)
        return std::nullopt;
      char Buf[65536];
      ssize_t N = read(FromChild, Buf, sizeof Buf);
      if (N <= 0)
        return std::nullopt;
      Reader.feed(std::string_view(Buf, static_cast<std::size_t>(N)));
    }
  }
  /// Skips notifications until the response with this id.
  std::optional<json::value> response(std::int64_t Id) {
    while (auto M = next()) {
      const json::object &O = M->as_object();
      if (!O.contains("method") && O.contains("id") && O.at("id").is_int64() &&
          O.at("id").as_int64() == Id)
        return M;
    }
    return std::nullopt;
  }
  /// Waits for the process to end; its exit code, or -1.
  int wait(int TimeoutMs = 20000) {
    for (int I = 0; I < TimeoutMs / 10; ++I) {
      int St;
      if (waitpid(Pid, &St, WNOHANG) == Pid) {
        Reaped = true;
        return WIFEXITED(St) ? WEXITSTATUS(St) : -1;
      }
      usleep(10000);
    }
    return -1;
  }
  void initialize(json::object Caps = {}) {
    send(makeRequest(
        1, "initialize",
        json::object{{"processId", nullptr},
                     {"capabilities", std::move(Caps)},
                     {"initializationOptions",
                      json::object{{"targets", json::array{"linux/amd64"}},
                                   {"debounceMs", 0}}}}));
    auto R = response(1);
    ASSERT_TRUE(R);
    send(makeNotification("initialized", json::object{}));
  }
  /// Asserts that the server still answers a request.
  void expectAlive(std::int64_t Id) {
    send(makeRequest(
        Id, "textDocument/codeAction",
        json::object{
            {"textDocument", json::object{{"uri", "file:///nowhere/x.go"}}},
            {"range",
             json::object{
                 {"start", json::object{{"line", 0}, {"character", 0}}},
                 {"end", json::object{{"line", 0}, {"character", 0}}}}},
            {"context", json::object{{"diagnostics", json::array{}}}}}));
    auto R = response(Id);
    ASSERT_TRUE(R) << "the server stopped answering";
    EXPECT_TRUE(R->as_object().contains("result"));
  }
  pid_t Pid = -1;

private:
  int ToChild = -1, FromChild = -1;
  bool Reaped = false;
  MessageReader Reader;
};

std::int64_t errorCode(const json::value &V) {
  return V.at("error").at("code").as_int64();
}

TEST(Transcript, LifecycleDiagnosticsAndCodeAction) {
  namespace fs = std::filesystem;
  fs::path Dir = fs::temp_directory_path() /
                 ("cgols-transcript-" + std::to_string(getpid()));
  fs::create_directories(Dir / "a");
  std::string Src = "package a\n\n// int *g(void) { int x = 3; int *p = x; "
                    "return p; }\nimport \"C\"\n";
  std::ofstream(Dir / "a/a.go") << Src;
  std::string Uri = pathToUri((Dir / "a/a.go").string());

  Child C;
  C.send(makeRequest(
      1, "initialize",
      json::object{{"capabilities", json::object{}},
                   {"initializationOptions",
                    json::object{{"targets", json::array{"linux/amd64"}},
                                 {"debounceMs", 0}}}}));
  auto Init = C.response(1);
  ASSERT_TRUE(Init);
  const json::object &Caps = Init->at("result").at("capabilities").as_object();
  EXPECT_EQ(Caps.at("positionEncoding"), "utf-16");
  EXPECT_EQ(Caps.at("textDocumentSync").at("change"), 2);
  C.send(makeNotification("initialized", json::object{}));
  C.send(makeNotification(
      "textDocument/didOpen",
      json::object{{"textDocument", json::object{{"uri", Uri},
                                                 {"languageId", "go"},
                                                 {"version", 7},
                                                 {"text", Src}}}}));
  std::optional<json::value> Pub;
  while (auto M = C.next()) {
    if (M->as_object().contains("method") &&
        M->at("method") == "textDocument/publishDiagnostics") {
      Pub = M;
      break;
    }
  }
  ASSERT_TRUE(Pub);
  EXPECT_EQ(Pub->at("params").at("version"), 7);
  const json::array &Ds = Pub->at("params").at("diagnostics").as_array();
  ASSERT_EQ(Ds.size(), 1u);
  EXPECT_EQ(Ds[0].at("code"), "cgo-preamble-error");
  EXPECT_EQ(Ds[0].at("range").at("start").at("line"), 2);

  C.send(makeRequest(
      2, "textDocument/codeAction",
      json::object{{"textDocument", json::object{{"uri", Uri}}},
                   {"range", Ds[0].at("range")},
                   {"context", json::object{{"diagnostics", json::array{}}}}}));
  auto CA = C.response(2);
  ASSERT_TRUE(CA);
  ASSERT_EQ(CA->at("result").as_array().size(), 1u);
  EXPECT_EQ(CA->at("result").at(0).at("title"), "Insert '&'");

  // A full-document change that fixes it clears the diagnostic.
  std::string Fixed = Src;
  Fixed.replace(Fixed.find("= x;"), 4, "= &x;");
  C.send(makeNotification(
      "textDocument/didChange",
      json::object{
          {"textDocument", json::object{{"uri", Uri}, {"version", 8}}},
          {"contentChanges", json::array{json::object{{"text", Fixed}}}}}));
  std::optional<json::value> Pub2;
  while (auto M = C.next())
    if (M->as_object().contains("method") &&
        M->at("method") == "textDocument/publishDiagnostics") {
      Pub2 = M;
      break;
    }
  ASSERT_TRUE(Pub2);
  EXPECT_EQ(Pub2->at("params").at("version"), 8);
  EXPECT_TRUE(Pub2->at("params").at("diagnostics").as_array().empty());

  C.send(makeRequest(3, "shutdown", nullptr));
  auto Sh = C.response(3);
  ASSERT_TRUE(Sh);
  EXPECT_TRUE(Sh->at("result").is_null());
  // After shutdown, requests are refused.
  C.send(makeRequest(4, "textDocument/codeAction", json::object{}));
  auto After = C.response(4);
  ASSERT_TRUE(After);
  EXPECT_EQ(errorCode(*After), InvalidRequest);
  C.send(makeNotification("exit", nullptr));
  EXPECT_EQ(C.wait(), 0);
  fs::remove_all(Dir);
}

TEST(Transcript, ExitWithoutShutdownIsOne) {
  Child C;
  C.initialize();
  C.send(makeNotification("exit", nullptr));
  EXPECT_EQ(C.wait(), 1);
}

TEST(Transcript, EndOfInputEndsTheServer) {
  Child C;
  C.initialize();
  C.closeInput();
  EXPECT_EQ(C.wait(), 1);
}

TEST(Transcript, RequestBeforeInitialize) {
  Child C;
  C.send(makeRequest(5, "textDocument/codeAction", json::object{}));
  auto R = C.response(5);
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), ServerNotInitialized);
  C.initialize();
  C.expectAlive(6);
}

TEST(Transcript, InitializeTwice) {
  Child C;
  C.initialize();
  C.send(makeRequest(2, "initialize",
                     json::object{{"capabilities", json::object{}}}));
  auto R = C.response(2);
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), InvalidRequest);
}

TEST(Transcript, Utf8WhenOffered) {
  Child C;
  C.send(makeRequest(
      1, "initialize",
      json::object{
          {"capabilities",
           json::object{
               {"general", json::object{{"positionEncodings",
                                         json::array{"utf-8", "utf-16"}}}}}}}));
  auto R = C.response(1);
  ASSERT_TRUE(R);
  EXPECT_EQ(R->at("result").at("capabilities").at("positionEncoding"), "utf-8");
}

TEST(Transcript, UnknownMethods) {
  Child C;
  C.initialize();
  C.send(makeRequest(2, "textDocument/frobnicate", json::object{}));
  auto R = C.response(2);
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), MethodNotFound);
  C.send(makeNotification("custom/notification", json::object{}));
  C.send(makeNotification("$/progress", json::object{}));
  C.expectAlive(3);
}

TEST(Transcript, InvalidParams) {
  Child C;
  C.initialize();
  C.send(makeRequest(2, "textDocument/codeAction",
                     json::object{{"textDocument", 3}}));
  auto R = C.response(2);
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), InvalidParams);
  // Bad notifications are logged, not answered; the server goes on.
  C.send(makeNotification("textDocument/didOpen",
                          json::object{{"textDocument", json::object{}}}));
  C.send(makeNotification("textDocument/didChange", json::array{1, 2}));
  C.expectAlive(3);
}

TEST(Transcript, InvalidJson) {
  Child C;
  C.initialize();
  C.write(frameMessage("{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": "));
  auto R = C.next();
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), ParseError);
  EXPECT_TRUE(R->at("id").is_null());
  C.write(frameMessage("[1, 2, 3]"));
  R = C.next();
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), InvalidRequest);
  C.expectAlive(3);
}

TEST(Transcript, MissingAndBadContentLength) {
  Child C;
  C.initialize();
  C.write("Content-Type: application/json\r\n\r\n{}");
  auto R = C.next();
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), ParseError);
  C.write("Content-Length: twelve\r\n\r\n");
  R = C.next();
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), ParseError);
  C.expectAlive(4);
}

TEST(Transcript, BodyCutShort) {
  Child C;
  C.initialize();
  // Says 100 bytes, sends 20; the next frame's bytes complete it, so that
  // body is not JSON: one ParseError, then the stream is back in step.
  std::string Cut = "Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\"";
  std::string Filler = frameMessage(std::string(200, ' '));
  C.write(Cut + Filler);
  auto R = C.next();
  ASSERT_TRUE(R);
  EXPECT_EQ(errorCode(*R), ParseError);
  C.expectAlive(5);
}

TEST(Transcript, FiftyMegabyteMessage) {
  Child C;
  C.initialize();
  std::string Big(50u << 20, 'x');
  json::value Open = makeNotification(
      "textDocument/didOpen",
      json::object{{"textDocument",
                    json::object{{"uri", "file:///tmp/cgols-big/big.txt"},
                                 {"languageId", "plaintext"},
                                 {"version", 1},
                                 {"text", Big}}}});
  C.send(Open);
  C.expectAlive(6);
}

TEST(Transcript, BinaryGarbage) {
  Child C;
  C.initialize();
  std::string G;
  for (int I = 0; I < 100000; ++I)
    G.push_back(static_cast<char>((I * 7919) % 256));
  C.write(G + "\r\n\r\n");
  // Whatever errors it reports, it must answer afterwards.
  C.expectAlive(7);
}

TEST(Transcript, CancelOfUnknownIdIsHarmless) {
  Child C;
  C.initialize();
  C.send(makeNotification("$/cancelRequest", json::object{{"id", 999}}));
  C.send(makeNotification("$/cancelRequest", json::object{{"nope", true}}));
  C.expectAlive(8);
}

} // namespace
