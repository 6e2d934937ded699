//===- HeaderIndexService.cpp ---------------------------------------------===//
#include "HeaderIndexService.h"

#include <algorithm>

namespace cgols {

namespace {
CompileFunction compileIn(CompileWorkers &W, HeaderIndexService::LimitsFn L) {
  return [&W, L = std::move(L)](const CompileRequest &R,
                                const std::atomic<bool> *Cancelled) {
    return WorkerCompiler(W, L()).compile(R, Cancelled);
  };
}
} // namespace

void HeaderIndexService::compileIn(CompileWorkers &W, LimitsFn Limits) {
  HeaderIndex::Hooks H;
  H.Compile = cgols::compileIn(W, std::move(Limits));
  H.Parallelism = std::max(1u, std::thread::hardware_concurrency());
  Headers.setHooks(std::move(H));
}

void HeaderIndexService::buildInBackground(
    const std::string &Exe, LimitsFn Limits,
    std::function<void(const std::string &, unsigned, unsigned)> Progress,
    std::function<void()> Ready) {
  Workers = std::make_unique<CompileWorkers>(Exe, /*Nice=*/10);
  HeaderIndex::Hooks H;
  H.Run = [this](std::function<void()> Job) {
    std::lock_guard<std::mutex> L(M);
    if (Stop)
      return;
    ++Busy;
    Threads.emplace_back([this, Job = std::move(Job)] {
      Job();
      done();
    });
  };
  // A quick index's compile comes from an analysis, outside any build:
  // its worker goes too once nothing else compiles.
  H.Compile = [this, C = cgols::compileIn(*Workers, std::move(Limits))](
                  const CompileRequest &R, const std::atomic<bool> *Cancel) {
    {
      std::lock_guard<std::mutex> L(M);
      ++Busy;
    }
    CompileResult Res = C(R, Cancel);
    done();
    return Res;
  };
  H.Progress = std::move(Progress);
  H.Ready = std::move(Ready);
  H.Parallelism = std::max(1u, std::thread::hardware_concurrency());
  H.Stop = &Stop;
  Headers.setHooks(std::move(H));
}

void HeaderIndexService::prepare(
    const PackageAnalysis &A,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  for (const TargetUnits &T : A.Result.Units)
    if (!T.Preambles.empty())
      Headers.prepare(T.Preambles.front().Req, FS);
}

void HeaderIndexService::done() {
  std::lock_guard<std::mutex> L(M);
  if (--Busy == 0)
    Workers->killAll(); // nothing compiles: their memory goes back
}

void HeaderIndexService::stop() {
  Stop = true;
  if (Workers)
    Workers->killAll();
  join();
}

void HeaderIndexService::join() {
  std::vector<std::thread> Ts;
  {
    std::lock_guard<std::mutex> L(M);
    Ts.swap(Threads);
  }
  for (std::thread &T : Ts)
    T.join();
}

} // namespace cgols
