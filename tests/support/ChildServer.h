//===- ChildServer.h - `cgols serve` as a child process, for tests --------===//
//
// Starts the real binary with pipes (optionally with its own environment and
// working directory), writes frames or raw bytes, and reads framed messages
// with a timeout. Header-only: the transcript suites share it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "protocol/JsonRpc.h"
#include "protocol/Protocol.h"
#include "protocol/Transport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace cgols::test {

namespace json = boost::json;
using namespace cgols::protocol;

class Child {
public:
  /// Env: the child's whole environment (empty: inherit ours). Cwd: where it
  /// starts (empty: ours).
  explicit Child(std::vector<std::string> Env = {}, std::string Cwd = "") {
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
      if (!Cwd.empty() && chdir(Cwd.c_str()) != 0)
        _exit(126);
      if (Env.empty()) {
        execl(CGOLS_BINARY, CGOLS_BINARY, "serve", nullptr);
      } else {
        std::vector<char *> E;
        for (std::string &S : Env)
          E.push_back(S.data());
        E.push_back(nullptr);
        char *Argv[] = {const_cast<char *>(CGOLS_BINARY),
                        const_cast<char *>("serve"), nullptr};
        execve(CGOLS_BINARY, Argv, E.data());
      }
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
  void initialize(json::object Caps = {}, json::object Options = {}) {
    if (Options.empty())
      Options = json::object{{"targets", json::array{"linux/amd64"}},
                             {"debounceMs", 0}};
    send(makeRequest(
        1, "initialize",
        json::object{{"processId", nullptr},
                     {"capabilities", std::move(Caps)},
                     {"initializationOptions", std::move(Options)}}));
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

/// Opens a document in the server.
inline void didOpen(Child &C, const std::string &Uri, const std::string &Text,
                    std::int64_t Version = 1, const char *Language = "go") {
  C.send(makeNotification(
      "textDocument/didOpen",
      json::object{{"textDocument", json::object{{"uri", Uri},
                                                 {"languageId", Language},
                                                 {"version", Version},
                                                 {"text", Text}}}}));
}

/// The publishDiagnostics notification for Uri, skipping other messages
/// (each of which must come within TimeoutMs).
inline std::optional<json::value>
nextPublication(Child &C, const std::string &Uri, int TimeoutMs = 30000) {
  while (auto M = C.next(TimeoutMs)) {
    const json::object &O = M->as_object();
    if (O.contains("method") &&
        O.at("method") == "textDocument/publishDiagnostics" &&
        O.at("params").at("uri") == json::value(Uri))
      return M;
  }
  return std::nullopt;
}

} // namespace cgols::test
