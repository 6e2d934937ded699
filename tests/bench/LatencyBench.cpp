//===- LatencyBench.cpp - Edit-to-diagnostics latency vs go build ---------===//
//
// For a small preamble and one that includes <gtk/gtk.h> (with the flags
// pkg-config gives for gtk+-3.0), measures in the same run:
//  - cgols: the time from a didChange that edits the preamble to the
//    publishDiagnostics for that version (in-process server, real disk and
//    headers, debounce 0; each edit changes the preamble, so nothing is
//    served from cache);
//  - cgols: the same for an edit to Go code only (the compiled preamble is
//    reused);
//  - go build -o /dev/null of the same package after the same kind of edit
//    (so cgo really reruns), as the baseline.
// It prints each median and the ratio of cgols to go build. The machines are
// noisy: read the ratios, not the absolute numbers.
//
//===----------------------------------------------------------------------===//
#include "Environment.h"
#include "LSPServer.h"
#include "protocol/Protocol.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>

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

std::string source(const std::string &Kind, int N, int GoN) {
  std::string Pre;
  if (Kind == "gtk")
    Pre = "#cgo CFLAGS: " + gtkFlags() + "\n#include <gtk/gtk.h>\n";
  Pre += "#include <stdlib.h>\n#define CGOLS_EDIT " + std::to_string(N) +
         "\nstatic int answer(void) { return CGOLS_EDIT; }\n";
  return "package main\n\n/*\n" + Pre +
         "*/\nimport \"C\"\n\nfunc main() { _ = C.answer(); _ = " +
         std::to_string(GoN) + " }\n";
}

fs::path workspace(const std::string &Kind) {
  fs::path D = fs::temp_directory_path() / ("cgols-bench-" + Kind);
  fs::create_directories(D);
  std::ofstream(D / "go.mod") << "module bench\n\ngo 1.19\n";
  std::ofstream(D / "main.go") << source(Kind, 0, 0);
  return D;
}

class WaitingOutput : public Output {
public:
  void send(const json::value &V) override {
    std::lock_guard<std::mutex> L(M);
    const json::object &O = V.as_object();
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

private:
  std::mutex M;
  std::condition_variable CV;
  std::int64_t LastVersion = 0;
};

void send(LSPServer &S, const json::value &V) {
  protocol::Frame F;
  F.Body = json::serialize(V);
  S.onFrame(F);
}

void BM_cgols(benchmark::State &St, const std::string &Kind, bool GoOnly) {
  fs::path D = workspace(Kind);
  std::string Path = (D / "main.go").string();
  RealEnvironment Env;
  WaitingOutput Out;
  ServerOptions O;
  O.DebounceMs = 0;
  LSPServer S(Env, Out, O);
  send(S, protocol::makeRequest(
              1, "initialize",
              json::object{
                  {"capabilities", json::object{}},
                  {"initializationOptions",
                   json::object{{"targets", json::array{"linux/amd64"}}}}}));
  std::string Uri = protocol::pathToUri(Path);
  send(S, protocol::makeNotification(
              "textDocument/didOpen",
              json::object{{"textDocument",
                            json::object{{"uri", Uri},
                                         {"languageId", "go"},
                                         {"version", 1},
                                         {"text", source(Kind, 0, 0)}}}}));
  Out.waitFor(1);
  std::int64_t Version = 1;
  std::vector<double> Times;
  for (auto _ : St) {
    ++Version;
    int N = static_cast<int>(Version);
    std::string Text = GoOnly ? source(Kind, 0, N) : source(Kind, N, 0);
    auto T0 = Clock::now();
    send(S, protocol::makeNotification(
                "textDocument/didChange",
                json::object{{"textDocument",
                              json::object{{"uri", Uri}, {"version", Version}}},
                             {"contentChanges",
                              json::array{json::object{{"text", Text}}}}}));
    Out.waitFor(Version);
    double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  Medians[std::string(GoOnly ? "cgols-go-edit/" : "cgols/") + Kind] =
      median(Times);
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
    std::ofstream(D / "main.go") << source(Kind, ++N, 0);
    std::string Cmd = "cd '" + D.string() +
                      "' && GOFLAGS=-buildvcs=false GOCACHE='" +
                      Cache.string() + "' go build -o /dev/null .";
    auto T0 = Clock::now();
    RunResult R = Env.run({"/bin/sh", "-c", Cmd}, 600);
    double Secs = std::chrono::duration<double>(Clock::now() - T0).count();
    if (R.ExitCode != 0) {
      St.SkipWithError(("go build failed: " + R.Err).c_str());
      return;
    }
    St.SetIterationTime(Secs);
    Times.push_back(Secs);
  }
  Medians["go build/" + Kind] = median(Times);
}

} // namespace

int main(int Argc, char **Argv) {
  for (std::string K : {"small", "gtk"}) {
    benchmark::RegisterBenchmark(("go_build/" + K).c_str(),
                                 [K](benchmark::State &S) { BM_goBuild(S, K); })
        ->UseManualTime()
        ->Iterations(8)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(
        ("cgols_preamble_edit/" + K).c_str(),
        [K](benchmark::State &S) { BM_cgols(S, K, false); })
        ->UseManualTime()
        ->Iterations(20)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(
        ("cgols_go_edit/" + K).c_str(),
        [K](benchmark::State &S) { BM_cgols(S, K, true); })
        ->UseManualTime()
        ->Iterations(20)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&Argc, Argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::printf(
      "\nMedians (seconds) and ratios to go build of the same package:\n");
  for (std::string K : {"small", "gtk"}) {
    double G = Medians["go build/" + K];
    double C = Medians["cgols/" + K];
    double E = Medians["cgols-go-edit/" + K];
    if (G <= 0)
      continue;
    std::printf(
        "  %-5s go build %.3f s | cgols, preamble edit %.3f s (%.3fx) | "
        "cgols, Go-only edit %.4f s (%.4fx)\n",
        K.c_str(), G, C, C / G, E, E / G);
  }
  return 0;
}
