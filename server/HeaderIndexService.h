//===- HeaderIndexService.h - The header index, built beside the analyses -===//
//
// Owns the HeaderIndex (which system header declares a name, for the "add
// #include" fixes) and decides how it is built: in `cgols check`, on its
// first lookup, in the check's compile workers; in the server, in the
// background after a package's first analysis is published, in workers of
// its own at a lower priority (stopped when done), with progress, and a
// callback when it is ready (the open packages are analysed again, so the
// fixes appear). In-process test servers build it on first use.
//
// Threads: prepare() from the analysis thread; the build on a thread of its
// own; stop() from shutdown and the Server's destructor.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "CompileWorkers.h"
#include "Workspace.h"
#include "cunit/HeaderIndex.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cgols {

class HeaderIndexService {
public:
  using LimitsFn = std::function<WorkerLimits()>;
  ~HeaderIndexService() { stop(); }

  HeaderIndex &index() { return Headers; }
  /// Where built indexes are kept across starts (the user's cache).
  void setCacheDirectory(std::string Dir) {
    Headers.setCacheDirectory(std::move(Dir));
  }
  /// `cgols check`: built on its first lookup, compiled in W.
  void compileIn(CompileWorkers &W, LimitsFn Limits);
  /// The language server's mode (needs the worker binary Exe).
  void buildInBackground(const std::string &Exe, LimitsFn Limits,
                         std::function<void(const std::string &Target,
                                            unsigned Done, unsigned Total)>
                             Progress,
                         std::function<void()> Ready);
  /// Starts the index of each target the analysis compiled for (in the
  /// background mode; a no-op once built).
  void prepare(const PackageAnalysis &A,
               llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);
  /// Stops the build (its compiles are cancelled) and joins its thread.
  void stop();
  /// Waits for the build to end (benchmarks).
  void join();

private:
  HeaderIndex Headers;
  /// The background build's workers, at a lower priority.
  std::unique_ptr<CompileWorkers> Workers;
  std::atomic<bool> Stop{false};
  std::mutex M;
  std::vector<std::thread> Threads;
  /// Background builds and compiles under way; at 0 the workers stop.
  unsigned Busy = 0;
  void done();
};

} // namespace cgols
