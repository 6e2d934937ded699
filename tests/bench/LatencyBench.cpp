//===- LatencyBench.cpp - Edit-to-diagnostics latency vs go build ---------===//
//
// For three preambles (a small one; one that includes <gtk/gtk.h> with the
// flags pkg-config gives for gtk+-3.0; a large one, 3,000 lines of C) and
// three kinds of edit (in the C body below the #include block; of an
// #include line; of Go code only), measures in the same run:
//  - cgols: the time from a didChange to the publishDiagnostics for that
//    version (in-process server, real disk and headers): compiling in
//    workers as `cgols serve` does, or in process; with no debounce, or the
//    default one with edits in a burst or 300 ms apart. No edit repeats a
//    text (a repeat would come from the server's cache);
//  - clangd-16 on the same text as a .c file, its default settings, edits
//    in a burst or 300 ms apart;
//  - go build -o /dev/null of the same package after the same kind of edit
//    (so cgo really reruns), as the baseline.
// It prints each median and the ratios. The machines are noisy: read the
// ratios, not the absolute numbers.
//
// Link index: loading the symbol index the link check reads, built from the
// files (cold) and from the on-disk cache (warm), for this machine's own
// libraries (linux/amd64) and, with CGOLS_BENCH_SDK=DIR, a macOS SDK.
//
// Engine: one compile of the <gtk/gtk.h> preamble after a body edit, in
// process: over its precompiled #include block (built before timing), and
// plain (the block parsed again); and the trip of its result through the
// worker wire (encode and decode), which the server adds to each compile.
//
// Completion: `C.gtk_win` in the gtk package, request to response, against
// clangd-16 completing `gtk_win` in a .c file with the same preamble and
// flags (its preamble built before timing starts), in the same run.
//
//===----------------------------------------------------------------------===//
#include "CompileWire.h"
#include "Environment.h"
#include "LSPServer.h"
#include "cgo/GoFile.h"
#include "gobuild/Target.h"
#include "link/LinkIndex.h"
#include "protocol/Protocol.h"
#include "protocol/Transport.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <poll.h>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace cgols;
using Clock = std::chrono::steady_clock;

namespace {

std::map<std::string, double> Medians; // name -> seconds

double median(std::vector<double> V) {
  std::sort(V.begin(), V.end());
  return V.empty() ? 0 : V[V.size() / 2];
}

std::string gtkFlags() {
  RealEnvironment Env;
  RunResult R = Env.run({"pkg-config", "--cflags", "gtk+-3.0"});
  std::string S = R.Out;
  while (!S.empty() && (S.back() == '\n' || S.back() == ' '))
    S.pop_back();
  return S;
}

/// Where an edit falls: the C body (below the #include block), an #include
/// line (the block changes), or Go code only.
enum class Edit { Body, Include, Go };

const char *editName(Edit E) {
  return E == Edit::Body ? "body" : E == Edit::Include ? "include" : "go";
}

/// The package's text after edit number N of kind E (0: the text opened).
/// "large": some 3,000 lines of C below the includes (external functions:
/// 1,000 unused static ones would make clangd publish 1,000 warnings, which
/// this harness's pipe to it cannot take while it writes the next edit).
std::string source(const std::string &Kind, int N, Edit E = Edit::Body) {
  std::string Pre;
  if (Kind == "gtk")
    Pre = "#cgo CFLAGS: " + gtkFlags() + "\n#include <gtk/gtk.h>\n";
  // An #include edit swaps which of two headers the block ends with, and
  // leaves a mark in the block, so that no text repeats (a repeated one
  // would come from the server's cache, not a compile).
  if (E == Edit::Include)
    Pre += "#define BENCH_EDIT " + std::to_string(N) + "\n";
  Pre += E == Edit::Include && N % 2 ? "#include <string.h>\n"
                                     : "#include <stdlib.h>\n";
  if (Kind == "large")
    for (int I = 0; I < 1000; ++I)
      Pre += "// helper " + std::to_string(I) + "\nint f" + std::to_string(I) +
             "(int x) { return x + " + std::to_string(I) +
             "; }\ntypedef struct { int a, b; } s" + std::to_string(I) + ";\n";
  Pre += "static int answer(void) { return " +
         std::to_string(E == Edit::Body ? N : 0) + "; }\n";
  return "package main\n\n/*\n" + Pre +
         "*/\nimport \"C\"\n\nfunc main() { _ = C.answer(); _ = " +
         std::to_string(E == Edit::Go ? N : 0) + " }\n";
}

fs::path workspace(const std::string &Kind) {
  fs::path D = fs::temp_directory_path() / ("cgols-bench-" + Kind);
  fs::create_directories(D);
  std::ofstream(D / "go.mod") << "module bench\n\ngo 1.19\n";
  std::ofstream(D / "main.go") << source(Kind, 0);
  return D;
}

/// The package with `C.gtk_win` where completion is asked, and where.
std::string completionSource(int &Line, int &Col) {
  std::string S = source("gtk", 0) + "\nfunc f() { C.gtk_win }\n";
  Line = static_cast<int>(std::count(S.begin(), S.end(), '\n')) - 1;
  Col = static_cast<int>(std::string("func f() { C.gtk_win").size());
  return S;
}

class WaitingOutput : public Output {
public:
  void send(const json::value &V) override {
    std::lock_guard<std::mutex> L(M);
    const json::object &O = V.as_object();
    if (O.contains("id") && !O.contains("method")) {
      Responses[json::serialize(O.at("id"))] = V;
      CV.notify_all();
    }
    if (O.contains("method") &&
        O.at("method") == "textDocument/publishDiagnostics") {
      const json::object &P = O.at("params").as_object();
      if (auto *Ver = P.if_contains("version"))
        LastVersion = Ver->as_int64();
      CV.notify_all();
    }
  }
  void waitFor(std::int64_t Version) {
    std::unique_lock<std::mutex> L(M);
    CV.wait(L, [&] { return LastVersion >= Version; });
  }
  json::value response(std::int64_t Id) {
    std::string K = std::to_string(Id);
    std::unique_lock<std::mutex> L(M);
    CV.wait(L, [&] { return Responses.count(K) != 0; });
    return Responses[K];
  }

private:
  std::map<std::string, json::value> Responses;
  std::mutex M;
  std::condition_variable CV;
  std::int64_t LastVersion = 0;
};

void send(LSPServer &S, const json::value &V) {
  protocol::Frame F;
  F.Body = json::serialize(V);
  S.onFrame(F);
}

/// Initializes S for linux/amd64.
void initialize(LSPServer &S) {
  send(S, protocol::makeRequest(
              1, "initialize",
              json::object{
                  {"capabilities", json::object{}},
                  {"initializationOptions",
                   json::object{{"targets", json::array{"linux/amd64"}}}}}));
}

/// Initializes S for linux/amd64 and opens Uri with Text (version 1),
/// waiting for its first diagnostics.
void openSession(LSPServer &S, WaitingOutput &Out, const std::string &Uri,
                 const std::string &Text) {
  initialize(S);
  send(S, protocol::makeNotification(
              "textDocument/didOpen",
              json::object{{"textDocument", json::object{{"uri", Uri},
                                                         {"languageId", "go"},
                                                         {"version", 1},
                                                         {"text", Text}}}}));
  Out.waitFor(1);
}

/// openSession, then waits for the rest: the whole package, and the header
/// index built in the background after it (it takes the cores for seconds),
/// and the analysis that follows it. Timing starts from a settled server.
void openSettled(LSPServer &S, WaitingOutput &Out, const std::string &Uri,
                 const std::string &Text) {
  openSession(S, Out, Uri, Text);
  S.waitIdle();
  S.core().waitBackground();
  S.waitIdle();
}

/// A server as `cgols serve` runs it (compiles in workers), no debounce.
struct ServeSession {
  RealEnvironment Env;
  WaitingOutput Out;
  std::unique_ptr<LSPServer> S;
  ServeSession() {
    Env.setWorkerExecutable(CGOLS_BINARY);
    ServerOptions O;
    O.DebounceMs = 0;
    S = std::make_unique<LSPServer>(Env, Out, O);
  }
};

/// Sends a whole-text didChange and waits for the diagnostics of that
/// version: the seconds between.
double timedChange(LSPServer &S, WaitingOutput &Out, const std::string &Uri,
                   std::int64_t Version, const std::string &Text) {
  auto T0 = Clock::now();
  send(S, protocol::makeNotification(
              "textDocument/didChange",
              json::object{{"textDocument",
                            json::object{{"uri", Uri}, {"version", Version}}},
                           {"contentChanges",
                            json::array{json::object{{"text", Text}}}}}));
  Out.waitFor(Version);
  return std::chrono::duration<double>(Clock::now() - T0).count();
}

/// How the server runs: compiles in worker processes (as `cgols serve`) or
/// in process, and the debounce (0, or the default: adaptive).
struct Mode {
  bool Workers = true;
  bool DefaultDebounce = false;
  /// Each edit comes 300 ms after the last diagnostics (someone pausing
  /// between edits), not at once (a burst).
  bool Paused = false;
  std::string suffix() const {
    return std::string(Workers ? "" : "-inproc") +
           (DefaultDebounce ? "-debounced" : "") + (Paused ? "-paused" : "");
  }
};

constexpr std::chrono::milliseconds EditPause{300};

void BM_cgols(benchmark::State &St, const std::string &Kind, Edit E, Mode M) {
  fs::path D = workspace(Kind);
  std::string Path = (D / "main.go").string();
  RealEnvironment Env;
  if (M.Workers)
    Env.setWorkerExecutable(CGOLS_BINARY);
  WaitingOutput Out;
  ServerOptions O;
  if (!M.DefaultDebounce)
    O.DebounceMs = 0;
  LSPServer S(Env, Out, O);
  std::string Uri = protocol::pathToUri(Path);
  openSettled(S, Out, Uri, source(Kind, 0));
  std::int64_t Version = 1;
  std::vector<double> Times;
  for (auto _ : St) {
    ++Version;
    int N = static_cast<int>(Version);
    std::string Text = source(Kind, N, E);
    if (M.Paused)
      std::this_thread::sleep_for(EditPause);
    double Secs = timedChange(S, Out, Uri, Version, Text);
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  Medians["cgols" + M.suffix() + "/" + editName(E) + "/" + Kind] =
      median(Times);
}

/// Runs a go build command line once as the iteration's time; false (and
/// the benchmark skipped) when it fails.
bool timedGoBuild(benchmark::State &St, RealEnvironment &Env,
                  const std::string &Cmd, std::vector<double> &Times) {
  auto T0 = Clock::now();
  RunResult R = Env.run({"/bin/sh", "-c", Cmd}, 1800);
  double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
  if (R.ExitCode != 0) {
    St.SkipWithError(("go build failed: " + R.Err).c_str());
    return false;
  }
  St.SetIterationTime(Secs);
  Times.push_back(Secs);
  return true;
}

void BM_goBuild(benchmark::State &St, const std::string &Kind) {
  fs::path D = workspace(Kind);
  fs::path Cache = fs::temp_directory_path() / "cgols-bench-gocache";
  RealEnvironment Env;
  std::vector<double> Times;
  // Edits unique to this run: the Go build cache outlives it, and a repeated
  // edit would be a cache hit, not a build.
  int N =
      static_cast<int>(Clock::now().time_since_epoch().count() % 1000000000);
  for (auto _ : St) {
    std::ofstream(D / "main.go") << source(Kind, ++N);
    std::string Cmd = "cd '" + D.string() +
                      "' && GOFLAGS=-buildvcs=false GOCACHE='" +
                      Cache.string() + "' go build -o /dev/null .";
    if (!timedGoBuild(St, Env, Cmd, Times))
      return;
  }
  Medians["go build/" + Kind] = median(Times);
}

std::size_t itemCount(const json::value &Response) {
  const json::value &R = Response.at("result");
  const json::value &Items = R.is_array() ? R : R.at("items");
  return Items.as_array().size();
}

/// Completion at Line/Col of Text (main.go of a workspace Kind), request to
/// response, as the server answers it; the median goes to Medians[Key].
void completionLatency(benchmark::State &St, const std::string &Kind,
                       const std::string &Text, int Line, int Col,
                       const std::string &Key) {
  fs::path D = workspace(Kind);
  std::ofstream(D / "main.go") << Text;
  std::string Uri = protocol::pathToUri((D / "main.go").string());
  RealEnvironment Env;
  WaitingOutput Out;
  ServerOptions O;
  O.DebounceMs = 0;
  LSPServer S(Env, Out, O);
  openSession(S, Out, Uri, Text);
  std::vector<double> Times;
  std::int64_t Id = 100;
  for (auto _ : St) {
    auto T0 = Clock::now();
    send(S, protocol::makeRequest(
                ++Id, "textDocument/completion",
                json::object{{"textDocument", json::object{{"uri", Uri}}},
                             {"position", json::object{{"line", Line},
                                                       {"character", Col}}}}));
    json::value R = Out.response(Id);
    double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
    St.counters["items"] = static_cast<double>(itemCount(R));
  }
  Medians[Key] = median(Times);
}

void BM_cgolsComplete(benchmark::State &St) {
  int Line = 0, Col = 0;
  std::string Text = completionSource(Line, Col);
  completionLatency(St, "complete", Text, Line, Col, "complete/cgols");
}

/// The gtk source with a #cgo line `LDFLAGS: -l` added before its CFLAGS
/// line; Line/Col: right after "-l" (completion offers the target's
/// libraries, from its link index).
std::string directiveSource(int &Line, int &Col) {
  std::string S = source("gtk", 0);
  std::size_t At = S.find("#cgo CFLAGS");
  std::size_t LB = S.rfind('\n', At) + 1;
  std::string Lead = S.substr(LB, At - LB); // "// " or ""
  S.insert(LB, Lead + "#cgo LDFLAGS: -l\n");
  Line = static_cast<int>(std::count(S.begin(), S.begin() + LB, '\n'));
  Col = static_cast<int>((Lead + "#cgo LDFLAGS: -l").size());
  return S;
}

/// Completion in a #cgo line (the libraries after -l), request to
/// response; compared with clangd's completion of a C name below.
void BM_cgolsCompleteDirective(benchmark::State &St) {
  int Line = 0, Col = 0;
  std::string Text = directiveSource(Line, Col);
  completionLatency(St, "complete-directive", Text, Line, Col,
                    "complete-directive/cgols");
}

/// clangd as a child speaking LSP over pipes.
class Clangd {
public:
  explicit Clangd(const std::string &Binary) {
    int In[2], Out[2];
    if (pipe(In) != 0 || pipe(Out) != 0)
      return;
    Pid = fork();
    if (Pid == 0) {
      dup2(In[0], 0);
      dup2(Out[1], 1);
      int Null = open("/dev/null", O_WRONLY);
      dup2(Null, 2);
      close(In[1]);
      close(Out[0]);
      execl(Binary.c_str(), Binary.c_str(), "--background-index=false",
            "--limit-results=0", "--log=error", nullptr);
      _exit(127);
    }
    close(In[0]);
    close(Out[1]);
    To = In[1];
    From = Out[0];
    signal(SIGPIPE, SIG_IGN);
  }
  ~Clangd() {
    if (To >= 0)
      close(To);
    if (From >= 0)
      close(From);
    if (Pid > 0) {
      kill(Pid, SIGKILL);
      waitpid(Pid, nullptr, 0);
    }
  }
  void send(const json::value &V) {
    std::string F = protocol::frameMessage(json::serialize(V));
    for (std::size_t Off = 0; Off < F.size();) {
      ssize_t N = ::write(To, F.data() + Off, F.size() - Off);
      if (N <= 0)
        return;
      Off += static_cast<std::size_t>(N);
    }
  }
  /// The next message that Match accepts (others are dropped); null after
  /// 120 s or at end of output.
  json::value next(const std::function<bool(const json::object &)> &Match) {
    auto Deadline = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < Deadline) {
      if (auto F = Reader.next()) {
        json::value V = json::parse(F->Body);
        if (V.is_object() && Match(V.as_object()))
          return V;
        continue;
      }
      pollfd P{From, POLLIN, 0};
      if (poll(&P, 1, 1000) <= 0)
        continue;
      char Chunk[65536];
      ssize_t N = ::read(From, Chunk, sizeof Chunk);
      if (N <= 0)
        break;
      Reader.feed(std::string_view(Chunk, static_cast<std::size_t>(N)));
    }
    return nullptr;
  }
  bool started() const { return Pid > 0; }

private:
  pid_t Pid = -1;
  int To = -1, From = -1;
  protocol::MessageReader Reader;
};

std::string clangdBinary() {
  for (const char *P : {"/usr/lib/llvm-16/bin/clangd", "/usr/bin/clangd-16"})
    if (fs::exists(P))
      return P;
  return "";
}

void BM_clangdComplete(benchmark::State &St) {
  std::string Bin = clangdBinary();
  if (Bin.empty()) {
    St.SkipWithError("clangd-16 is not installed (apt install clangd-16)");
    return;
  }
  // The same preamble as C code, and gtk_win where cgols has C.gtk_win.
  int Line = 0, Col = 0;
  std::string Go = completionSource(Line, Col);
  std::size_t B = Go.find("/*\n") + 3, E = Go.find("*/\nimport");
  std::string Pre = Go.substr(B, E - B);
  std::string Flags = gtkFlags();
  std::string C, Kept;
  std::istringstream Lines(Pre);
  for (std::string L; std::getline(Lines, L);)
    if (L.rfind("#cgo", 0) != 0)
      C += L + "\n";
  C += "void f(void) { gtk_win }\n";
  int CLine = static_cast<int>(std::count(C.begin(), C.end(), '\n')) - 1;
  int CCol = static_cast<int>(std::string("void f(void) { gtk_win").size());
  fs::path D = fs::temp_directory_path() / "cgols-bench-clangd";
  fs::create_directories(D);
  std::ofstream(D / "main.c") << C;
  {
    std::ofstream CF(D / "compile_flags.txt");
    std::istringstream FS(Flags);
    for (std::string F; FS >> F;)
      CF << F << "\n";
  }
  std::string Uri = protocol::pathToUri((D / "main.c").string());
  Clangd Srv(Bin);
  if (!Srv.started()) {
    St.SkipWithError("clangd did not start");
    return;
  }
  auto IsResponse = [](std::int64_t Id) {
    return [Id](const json::object &O) {
      return !O.contains("method") && O.contains("id") && O.at("id") == Id;
    };
  };
  Srv.send(protocol::makeRequest(
      1, "initialize",
      json::object{{"processId", nullptr},
                   {"rootUri", protocol::pathToUri(D.string())},
                   {"capabilities", json::object{}}}));
  Srv.next(IsResponse(1));
  Srv.send(protocol::makeNotification("initialized", json::object{}));
  Srv.send(protocol::makeNotification(
      "textDocument/didOpen",
      json::object{{"textDocument", json::object{{"uri", Uri},
                                                 {"languageId", "c"},
                                                 {"version", 1},
                                                 {"text", C}}}}));
  // Its diagnostics: the preamble and the file are built.
  Srv.next([&](const json::object &O) {
    return O.contains("method") &&
           O.at("method") == "textDocument/publishDiagnostics";
  });
  std::vector<double> Times;
  std::int64_t Id = 100;
  for (auto _ : St) {
    auto T0 = Clock::now();
    Srv.send(protocol::makeRequest(
        ++Id, "textDocument/completion",
        json::object{
            {"textDocument", json::object{{"uri", Uri}}},
            {"position", json::object{{"line", CLine}, {"character", CCol}}}}));
    json::value R = Srv.next(IsResponse(Id));
    double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
    if (R.is_null()) {
      St.SkipWithError("clangd did not answer");
      return;
    }
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
    St.counters["items"] = static_cast<double>(itemCount(R));
  }
  Medians["complete/clangd"] = median(Times);
}

/// Starts clangd on File (Text, C) in its folder with Flags in
/// compile_flags.txt; waits for its first diagnostics. The seconds from
/// didOpen to them, or a negative number when clangd failed.
double clangdOpen(Clangd &Srv, const fs::path &File, const std::string &Text,
                  const std::string &Flags) {
  {
    std::ofstream CF(File.parent_path() / "compile_flags.txt");
    std::istringstream FS(Flags);
    for (std::string F; FS >> F;)
      CF << F << "\n";
  }
  std::ofstream(File) << Text;
  if (!Srv.started())
    return -1;
  Srv.send(protocol::makeRequest(
      1, "initialize",
      json::object{
          {"processId", nullptr},
          {"rootUri", protocol::pathToUri(File.parent_path().string())},
          {"capabilities", json::object{}}}));
  Srv.next([](const json::object &O) {
    return !O.contains("method") && O.contains("id") && O.at("id") == 1;
  });
  Srv.send(protocol::makeNotification("initialized", json::object{}));
  auto T0 = Clock::now();
  Srv.send(protocol::makeNotification(
      "textDocument/didOpen",
      json::object{{"textDocument",
                    json::object{{"uri", protocol::pathToUri(File.string())},
                                 {"languageId", "c"},
                                 {"version", 1},
                                 {"text", Text}}}}));
  json::value P = Srv.next([&](const json::object &O) {
    return O.contains("method") &&
           O.at("method") == "textDocument/publishDiagnostics";
  });
  if (P.is_null())
    return -1;
  return std::chrono::duration<double>(Clock::now() - T0).count();
}

/// The preamble of a Go source as C (no #cgo lines).
std::string preambleAsC(const std::string &Go) {
  std::string C;
  std::istringstream Lines(go::parseGoFile("x.go", Go).Preamble);
  for (std::string L; std::getline(Lines, L);)
    C += (L.rfind("#cgo", 0) == 0 ? "" : L) + "\n";
  return C;
}

/// clangd-16, default settings, editing the C body of the same preamble as
/// a .c file: didChange to the diagnostics of that version.
void BM_clangdEdit(benchmark::State &St, const std::string &Kind, Edit E,
                   bool Paused) {
  std::string Bin = clangdBinary();
  if (Bin.empty()) {
    St.SkipWithError("clangd-16 is not installed (apt install clangd-16)");
    return;
  }
  fs::path D = fs::temp_directory_path() / ("cgols-bench-clangd-" + Kind);
  fs::create_directories(D);
  fs::path File = D / "main.c";
  std::string Flags = Kind == "gtk" ? gtkFlags() : "";
  Clangd Srv(Bin);
  if (clangdOpen(Srv, File, preambleAsC(source(Kind, 0)), Flags) < 0) {
    St.SkipWithError("clangd did not answer");
    return;
  }
  std::string Uri = protocol::pathToUri(File.string());
  std::int64_t Version = 1;
  std::vector<double> Times;
  for (auto _ : St) {
    ++Version;
    std::string Text = preambleAsC(source(Kind, static_cast<int>(Version), E));
    if (Paused)
      std::this_thread::sleep_for(EditPause);
    auto T0 = Clock::now();
    Srv.send(protocol::makeNotification(
        "textDocument/didChange",
        json::object{
            {"textDocument", json::object{{"uri", Uri}, {"version", Version}}},
            {"contentChanges", json::array{json::object{{"text", Text}}}}}));
    json::value P = Srv.next([&](const json::object &O) {
      if (!O.contains("method") ||
          O.at("method") != "textDocument/publishDiagnostics")
        return false;
      const json::object &Par = O.at("params").as_object();
      return Par.contains("version") && Par.at("version") == Version;
    });
    double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
    if (P.is_null()) {
      St.SkipWithError("clangd did not publish");
      return;
    }
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  Medians[std::string("clangd") + (Paused ? "-paused" : "") + "/" +
          editName(E) + "/" + Kind] = median(Times);
}

// Opening one file of a big package: Debian's gotk3 gtk/ (81 cgo files).
const char *GotkDir = "/usr/share/gocode/src/github.com/gotk3/gotk3";
const char *GotkFile = "gtk/label.go";

std::string readAll(const fs::path &P) {
  std::ifstream In(P, std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

/// A fresh copy of gotk3 in the temporary folder Name, or empty (and the
/// benchmark skipped) when Debian's package is not installed.
fs::path gotkCopy(benchmark::State &St, const std::string &Name) {
  if (!fs::exists(fs::path(GotkDir) / GotkFile)) {
    St.SkipWithError("golang-github-gotk3-gotk3-dev is not installed");
    return {};
  }
  fs::path D = fs::temp_directory_path() / Name;
  fs::remove_all(D);
  fs::copy(GotkDir, D, fs::copy_options::recursive);
  return D;
}

void BM_cgolsOpenGtk(benchmark::State &St) {
  fs::path D = gotkCopy(St, "cgols-bench-gotk3");
  if (D.empty())
    return;
  std::string Path = (D / GotkFile).string();
  std::string Text = readAll(Path);
  std::vector<double> Times;
  for (auto _ : St) {
    RealEnvironment Env;
    Env.setWorkerExecutable(CGOLS_BINARY);
    WaitingOutput Out;
    ServerOptions O;
    LSPServer S(Env, Out, O);
    auto T0 = Clock::now();
    openSession(S, Out, protocol::pathToUri(Path), Text);
    double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  Medians["open-gtk/cgols"] = median(Times);
  fs::remove_all(D);
}

// A Go-only edit in gotk3's gtk/label.go once the package is analysed: every
// cached preamble of the package is checked against the headers it read.
void BM_cgolsGoEditGtk(benchmark::State &St) {
  fs::path D = gotkCopy(St, "cgols-bench-gotk3-edit");
  if (D.empty())
    return;
  std::string Path = (D / GotkFile).string(), Uri = protocol::pathToUri(Path);
  std::string Text = readAll(Path);
  ServeSession X;
  LSPServer &S = *X.S;
  WaitingOutput &Out = X.Out;
  openSettled(S, Out, Uri, Text);
  std::int64_t Version = 1;
  std::vector<double> Times;
  for (auto _ : St) {
    ++Version;
    std::string Edited = Text + "\n// edit " + std::to_string(Version) + "\n";
    double Secs = timedChange(S, Out, Uri, Version, Edited);
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  Medians["go-edit-gotk3/cgols"] = median(Times);
  fs::remove_all(D);
}

// A program around a big cgo library: a main package of its own GOPATH
// entry (no cgo itself) that imports Debian's gotk3 gtk and glib. Its link
// check reads and compiles every package it imports on the first analysis;
// the figure is a Go-only edit after that (the imports come from the
// preamble cache, checked against their files), beside `go build` of the
// same program with a warm build cache (the first, cold one is not timed).
const char *ProgramMain = "package main\n\nimport (\n"
                          "\t\"github.com/gotk3/gotk3/glib\"\n"
                          "\t\"github.com/gotk3/gotk3/gtk\"\n)\n\n"
                          "func main() {\n\tgtk.Init(nil)\n"
                          "\t_ = glib.MainContextDefault()\n}\n";

fs::path programDir(benchmark::State &St) {
  if (!fs::exists(fs::path(GotkDir) / GotkFile)) {
    St.SkipWithError("golang-github-gotk3-gotk3-dev is not installed");
    return {};
  }
  fs::path Root = fs::temp_directory_path() / "cgols-bench-program";
  fs::create_directories(Root / "src/app");
  std::ofstream(Root / "src/app/main.go") << ProgramMain;
  return Root;
}

void BM_cgolsGoEditProgram(benchmark::State &St) {
  fs::path Root = programDir(St);
  if (Root.empty())
    return;
  std::string Path = (Root / "src/app/main.go").string();
  std::string Uri = protocol::pathToUri(Path);
  // The server's go env reads the process's environment.
  ::setenv("GOPATH", (Root.string() + ":/usr/share/gocode").c_str(), 1);
  ::setenv("GO111MODULE", "off", 1);
  ServeSession X;
  auto T0 = Clock::now();
  openSettled(*X.S, X.Out, Uri, ProgramMain);
  Medians["program-open/cgols"] =
      std::chrono::duration<double>(Clock::now() - T0).count();
  std::int64_t Version = 1;
  std::vector<double> Times;
  for (auto _ : St) {
    ++Version;
    std::string Edited = std::string(ProgramMain) + "\n// edit " +
                         std::to_string(Version) + "\n";
    double Secs = timedChange(*X.S, X.Out, Uri, Version, Edited);
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  Medians["program-go-edit/cgols"] = median(Times);
  ::unsetenv("GOPATH");
  ::unsetenv("GO111MODULE");
}

void BM_goBuildProgram(benchmark::State &St) {
  fs::path Root = programDir(St);
  if (Root.empty())
    return;
  RealEnvironment Env;
  std::string Cache =
      (fs::temp_directory_path() / "cgols-bench-program-gocache").string();
  std::string Script = "cd / && GO111MODULE=off GOPATH='" + Root.string() +
                       ":/usr/share/gocode' GOCACHE='" + Cache +
                       "' go build -o /dev/null app";
  // Warm the build cache (gotk3 from nothing takes minutes).
  Env.run({"/bin/sh", "-c", Script}, 1800);
  std::vector<double> Times;
  for (auto _ : St)
    if (!timedGoBuild(St, Env, Script, Times))
      return;
  Medians["program-go-build/warm"] = median(Times);
}

void BM_clangdOpenGtk(benchmark::State &St) {
  std::string Bin = clangdBinary();
  fs::path Src = fs::path(GotkDir) / GotkFile;
  if (Bin.empty() || !fs::exists(Src)) {
    St.SkipWithError("needs clangd-16 and golang-github-gotk3-gotk3-dev");
    return;
  }
  RealEnvironment Env;
  std::string Flags = Env.run({"pkg-config", "--cflags", "gdk-3.0", "gio-2.0",
                               "glib-2.0", "gobject-2.0", "gtk+-3.0"})
                          .Out;
  std::string C = preambleAsC(readAll(Src));
  std::vector<double> Times;
  for (auto _ : St) {
    fs::path D = fs::temp_directory_path() /
                 ("cgols-bench-clangd-open-" + std::to_string(Times.size()));
    fs::create_directories(D);
    fs::copy(Src.parent_path(), D / "gtk",
             fs::copy_options::recursive | fs::copy_options::skip_existing);
    Clangd Srv(Bin);
    double Secs = clangdOpen(Srv, D / "gtk" / "label.c", C, Flags);
    fs::remove_all(D);
    if (Secs < 0) {
      St.SkipWithError("clangd did not answer");
      return;
    }
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  Medians["open-gtk/clangd"] = median(Times);
}

/// This process's resident memory (the server; its compile workers are
/// other processes, killed when nothing is open), in MB.
double rssMB() {
  std::ifstream In("/proc/self/status");
  for (std::string L; std::getline(In, L);)
    if (L.rfind("VmRSS:", 0) == 0)
      return std::stod(L.substr(6)) / 1024;
  return 0;
}

// The server's memory with 1, 10, 50 and 100 of gotk3's files open (its
// gtk/, then gdk/, glib/... for more files), and after closing them all.
void BM_rssGotk(benchmark::State &St) {
  fs::path D = gotkCopy(St, "cgols-bench-gotk3-rss");
  if (D.empty())
    return;
  std::vector<std::string> Files;
  for (const char *Sub : {"gtk", "gdk", "glib", "gio", "pango", "cairo"})
    for (const auto &E : fs::directory_iterator(D / Sub))
      if (E.path().extension() == ".go" &&
          E.path().string().find("_test.go") == std::string::npos &&
          go::parseGoFile(E.path().string(), readAll(E.path())).isCgo())
        Files.push_back(E.path().string());
  std::sort(Files.begin(), Files.end());
  for (auto _ : St) {
    // What earlier benchmarks freed goes back first: the baseline is this
    // process as it is now, not its high-water mark.
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    ServeSession X;
    LSPServer &S = *X.S;
    double Base = rssMB();
    initialize(S);
    std::size_t Open = 0;
    for (std::size_t N : {1, 10, 50, 100}) {
      for (; Open < N && Open < Files.size(); ++Open)
        send(S, protocol::makeNotification(
                    "textDocument/didOpen",
                    json::object{
                        {"textDocument",
                         json::object{{"uri", protocol::pathToUri(Files[Open])},
                                      {"languageId", "go"},
                                      {"version", 1},
                                      {"text", readAll(Files[Open])}}}}));
      S.waitIdle();
      St.counters["rss_mb_" + std::to_string(N)] = rssMB() - Base;
      St.counters["cache_mb_" + std::to_string(N)] =
          static_cast<double>(S.core().cache().bytes()) / (1 << 20);
      Medians["rss/" + std::to_string(N)] = rssMB() - Base;
    }
    for (std::size_t I = 0; I < Open; ++I)
      send(S, protocol::makeNotification(
                  "textDocument/didClose",
                  json::object{
                      {"textDocument",
                       json::object{{"uri", protocol::pathToUri(Files[I])}}}}));
    S.waitIdle();
    St.counters["rss_mb_closed"] = rssMB() - Base;
    Medians["rss/closed"] = rssMB() - Base;
  }
  fs::remove_all(D);
}

// Kind: "linux" (the host's libraries) or "sdk" (CGOLS_BENCH_SDK).
void BM_linkIndex(benchmark::State &St, const std::string &Kind, bool Warm) {
  const char *SDK = std::getenv("CGOLS_BENCH_SDK");
  if (Kind == "sdk" && !SDK) {
    St.SkipWithError("set CGOLS_BENCH_SDK to a MacOSX.sdk");
    return;
  }
  Target T = *parseTarget(Kind == "sdk" ? "darwin/arm64" : "linux/amd64");
  fs::path Dir = fs::temp_directory_path() /
                 ("cgols-bench-link-" + std::to_string(getpid()));
  fs::remove_all(Dir);
  auto FS = llvm::vfs::getRealFileSystem();
  auto Load = [&](const std::string &Cache) {
    LinkIndexes I{Cache};
    return I.forTarget(T, SDK ? SDK : "", "", "linux", "amd64", *FS);
  };
  if (Warm)
    Load(Dir.string()); // writes the cache
  std::vector<double> Times;
  std::size_t Symbols = 0;
  for (auto _ : St) {
    auto T0 = Clock::now();
    auto I = Load(Warm ? Dir.string() : "");
    double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
    Symbols = I ? I->symbolCount() : 0;
  }
  St.counters["symbols"] = static_cast<double>(Symbols);
  Medians["link/" + Kind + (Warm ? "/warm" : "/cold")] = median(Times);
  fs::remove_all(Dir);
}

/// The gtk preamble's compile request, as the server builds it.
CompileRequest gtkRequest(int N, bool Precompile) {
  CompileRequest R;
  fs::path D = workspace("gtk");
  R.GoFilePath = (D / "main.go").string();
  R.Preamble = "\n#include <gtk/gtk.h>\n#include <stdlib.h>\n"
               "static int answer(void) { return " +
               std::to_string(N) + "; }\n";
  R.T = *parseTarget("linux/amd64");
  std::istringstream In(gtkFlags());
  for (std::string F; In >> F;)
    R.Flags.push_back(F);
  R.ResourceDir = CGOLS_CLANG_RESOURCE_DIR;
  R.CollectSymbols = true;
  R.Precompile = Precompile;
  return R;
}

void BM_engine(benchmark::State &St, const std::string &Kind) {
  auto FS = llvm::vfs::getRealFileSystem();
  bool Precompile = Kind != "plain";
  PrecompiledStore Store;
  CompileResult Warm = compilePreamble(gtkRequest(0, Precompile), FS, &Store);
  std::string Wire = encodeCompileResult(Warm);
  // What a worker sends once the server holds the block's part.
  if (Precompile)
    St.counters["answer_bytes"] = static_cast<double>(
        encodeWorkerAnswer(
            compilePreambleSplit(gtkRequest(0, true), FS, &Store), false)
            .size());
  std::vector<double> Times;
  int N = 0;
  for (auto _ : St) {
    CompileRequest Req = gtkRequest(++N, Precompile);
    auto T0 = Clock::now();
    if (Kind == "wire") {
      benchmark::DoNotOptimize(decodeCompileResult(encodeCompileResult(Warm)));
    } else
      benchmark::DoNotOptimize(compilePreamble(Req, FS, &Store));
    double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  St.counters["result_bytes"] = static_cast<double>(Wire.size());
  Medians["engine/" + Kind] = median(Times);
}

} // namespace

int main(int Argc, char **Argv) {
  for (std::string K : {"pch", "plain", "wire"})
    benchmark::RegisterBenchmark(("engine_gtk/" + K).c_str(),
                                 [K](benchmark::State &S) { BM_engine(S, K); })
        ->UseManualTime()
        ->Iterations(10)
        ->Unit(benchmark::kMillisecond);
  for (std::string K : {"linux", "sdk"})
    for (bool Warm : {false, true})
      benchmark::RegisterBenchmark(
          ("link_index_" + std::string(Warm ? "warm/" : "cold/") + K).c_str(),
          [K, Warm](benchmark::State &S) { BM_linkIndex(S, K, Warm); })
          ->UseManualTime()
          ->Iterations(5)
          ->Unit(benchmark::kMillisecond);
  for (std::string K : {"small", "gtk", "large"}) {
    benchmark::RegisterBenchmark(("go_build/" + K).c_str(),
                                 [K](benchmark::State &S) { BM_goBuild(S, K); })
        ->UseManualTime()
        ->Iterations(8)
        ->Unit(benchmark::kMillisecond);
    for (Edit E : {Edit::Body, Edit::Include, Edit::Go}) {
      // An #include edit rebuilds the precompiled block: fewer rounds.
      int Rounds = E == Edit::Include ? 8 : 20;
      for (Mode M : {Mode{true, false}, Mode{false, false}, Mode{true, true},
                     Mode{true, true, true}})
        benchmark::RegisterBenchmark(
            ("cgols" + M.suffix() + "/" + editName(E) + "/" + K).c_str(),
            [K, E, M](benchmark::State &S) { BM_cgols(S, K, E, M); })
            ->UseManualTime()
            ->Iterations(Rounds)
            ->Unit(benchmark::kMillisecond);
      if (E == Edit::Go)
        continue; // the C text clangd sees does not change
      for (bool Paused : {false, true})
        benchmark::RegisterBenchmark((std::string("clangd16") +
                                      (Paused ? "-paused" : "") + "/" +
                                      editName(E) + "/" + K)
                                         .c_str(),
                                     [K, E, Paused](benchmark::State &S) {
                                       BM_clangdEdit(S, K, E, Paused);
                                     })
            ->UseManualTime()
            ->Iterations(Rounds)
            ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::RegisterBenchmark("cgols_open/gotk3_gtk", BM_cgolsOpenGtk)
      ->UseManualTime()
      ->Iterations(3)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("cgols_go_edit/gotk3_gtk", BM_cgolsGoEditGtk)
      ->UseManualTime()
      ->Iterations(10)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("go_build_warm/program_gotk3", BM_goBuildProgram)
      ->UseManualTime()
      ->Iterations(5)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("cgols_go_edit/program_gotk3",
                               BM_cgolsGoEditProgram)
      ->UseManualTime()
      ->Iterations(10)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("clangd16_open/gotk3_gtk", BM_clangdOpenGtk)
      ->UseManualTime()
      ->Iterations(3)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("cgols_rss/gotk3", BM_rssGotk)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("cgols_complete/gtk", BM_cgolsComplete)
      ->UseManualTime()
      ->Iterations(30)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("cgols_complete_directive/gtk",
                               BM_cgolsCompleteDirective)
      ->UseManualTime()
      ->Iterations(30)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("clangd16_complete/gtk", BM_clangdComplete)
      ->UseManualTime()
      ->Iterations(30)
      ->Unit(benchmark::kMillisecond);
  benchmark::Initialize(&Argc, Argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::printf(
      "\nMedians (seconds) and ratios to go build of the same package:\n");
  for (std::string K : {"small", "gtk", "large"}) {
    double G = Medians["go build/" + K];
    double C = Medians["cgols/body/" + K];
    double E = Medians["cgols/go/" + K];
    if (G <= 0)
      continue;
    std::printf("  %-5s go build %.3f s | cgols, C body edit %.3f s (%.3fx) | "
                "cgols, Go-only edit %.4f s (%.4fx)\n",
                K.c_str(), G, C, C / G, E, E / G);
  }
  std::printf("\nEdit to diagnostics against clangd-16 on the same text as a "
              ".c file, with its default settings (in brackets: the ratio to "
              "clangd's figure for the same edit; -paused: each edit 300 ms "
              "after the last diagnostics, against clangd paced the same):\n");
  for (std::string K : {"small", "gtk", "large"})
    for (Edit E : {Edit::Body, Edit::Include, Edit::Go}) {
      std::string Ed = editName(E);
      // A Go-only edit is compared with clangd's body edit: clangd has no Go.
      std::string Ref = E == Edit::Go ? "body" : Ed;
      double D = Medians["clangd/" + Ref + "/" + K];
      double DP = Medians["clangd-paused/" + Ref + "/" + K];
      if (D <= 0)
        continue;
      std::printf("  %-5s %-7s clangd %.4f s, paused %.4f s |", K.c_str(),
                  Ed.c_str(), D, DP);
      for (const char *Suffix :
           {"", "-inproc", "-debounced", "-debounced-paused"}) {
        double C = Medians["cgols" + std::string(Suffix) + "/" + Ed + "/" + K];
        double Base =
            std::string(Suffix).find("paused") != std::string::npos ? DP : D;
        if (C > 0 && Base > 0)
          std::printf(" cgols%s %.4f (%.2fx)", Suffix, C, C / Base);
      }
      std::printf("\n");
    }
  if (Medians.count("engine/pch") && Medians.count("engine/plain"))
    std::printf("  one compile of the gtk preamble after a body edit: over "
                "its precompiled block %.4f s | plain %.4f s (%.3fx) | the "
                "result's trip through the worker wire %.4f s\n",
                Medians["engine/pch"], Medians["engine/plain"],
                Medians["engine/pch"] / Medians["engine/plain"],
                Medians["engine/wire"]);
  double CDir = Medians["complete-directive/cgols"],
         CDc = Medians["complete/clangd"];
  if (CDir > 0 && CDc > 0)
    std::printf("  completion in a #cgo line (-l: the target's libraries): "
                "cgols %.4f s | clangd-16 completing a C name %.4f s | ratio "
                "%.2fx\n",
                CDir, CDc, CDir / CDc);
  double OC = Medians["open-gtk/cgols"], OD = Medians["open-gtk/clangd"];
  if (OC > 0 && OD > 0)
    std::printf("  first diagnostics after opening gotk3's gtk/label.go: cgols "
                "%.2f s | clangd-16 (its preamble as a .c file) %.2f s | "
                "ratio %.2fx\n",
                OC, OD, OC / OD);
  for (std::string K : {"linux", "sdk"}) {
    double Cold = Medians["link/" + K + "/cold"],
           Warm = Medians["link/" + K + "/warm"], G = Medians["go build/small"];
    if (Cold > 0 && Warm > 0)
      std::printf(
          "  link index (%s): cold %.0f ms | warm %.0f ms (%.2fx cold%s",
          K.c_str(), Cold * 1e3, Warm * 1e3, Warm / Cold, G > 0 ? "" : ")\n");
    if (Cold > 0 && Warm > 0 && G > 0)
      std::printf(", %.2fx go build of the small package)\n", Warm / G);
  }
  if (Medians.count("go-edit-gotk3/cgols"))
    std::printf("  Go-only edit in gotk3's gtk/label.go (81 cgo files "
                "analysed): %.4f s\n",
                Medians["go-edit-gotk3/cgols"]);
  if (Medians.count("program-go-edit/cgols")) {
    double E = Medians["program-go-edit/cgols"],
           G = Medians["program-go-build/warm"];
    std::printf("  program importing gotk3 gtk and glib (link check over its "
                "imports): first analysis %.2f s | Go-only edit %.3f s",
                Medians["program-open/cgols"], E);
    if (G > 0)
      std::printf(" (%.2fx go build of the program, warm cache: %.2f s)", E / G,
                  G);
    std::printf("\n");
  }
  if (Medians.count("rss/1"))
    std::printf("  server memory (RSS above its start) with gotk3 files open: "
                "1: %.0f MB | 10: %.0f MB | 50: %.0f MB | 100: %.0f MB | all "
                "closed: %.0f MB\n",
                Medians["rss/1"], Medians["rss/10"], Medians["rss/50"],
                Medians["rss/100"], Medians["rss/closed"]);
  double CC = Medians["complete/cgols"], DC = Medians["complete/clangd"];
  if (CC > 0 && DC > 0)
    std::printf("  completion of C.gtk_win: cgols %.2f ms | clangd-16 (gtk_win "
                "in a .c file) %.2f ms | ratio %.3fx\n",
                CC * 1000, DC * 1000, CC / DC);
  return 0;
}
