//===- CompileWorkers.h - Clang in worker processes, with limits ----------===//
//
// A repository's content can crash Clang (`#pragma clang __debug crash`),
// overflow its stack (200,000 nested unary minuses), or make it run for
// minutes or out of memory (a macro that expands to 2^24 tokens). Compiles
// therefore run in worker processes (`cgols worker`, the server's own
// binary): each worker holds a memory limit (RLIMIT_AS, set by the worker on
// itself), each compile a deadline, and the server kills the worker at the
// deadline, when the compile is cancelled (the document changed, shutdown),
// or when it stops answering; a new one starts for the next compile. What
// happened comes back as CompileResult::Failure, never as a dead server.
//
// Thread-safe: the analysis worker and the feature-request pool compile at
// the same time, each in a worker of its own.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "CompileWire.h"
#include "cunit/Compiler.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cgols {

struct WorkerLimits {
  unsigned TimeoutSeconds = 30;
  unsigned MemoryMB = 4096; ///< 0: no limit
};

class CompileWorkers;

/// Compiles in a pool's workers under limits, with the editor's open
/// documents (path → text) read instead of the disk.
class WorkerCompiler final : public Compiler {
public:
  WorkerCompiler(CompileWorkers &W, WorkerLimits L,
                 std::map<std::string, std::string> Overlay = {})
      : W(W), L(L), Overlay(std::move(Overlay)) {}
  CompileResult compile(const CompileRequest &Req,
                        const std::atomic<bool> *Cancelled) override;
  /// One compile per core.
  unsigned parallelism() const override;

private:
  CompileWorkers &W;
  WorkerLimits L;
  std::map<std::string, std::string> Overlay;
};

class CompileWorkers {
public:
  /// Exe: the absolute path of the cgols binary (`Exe worker ...`); Nice:
  /// the workers' scheduling priority (0; 10 for background work).
  explicit CompileWorkers(std::string Exe, int Nice = 0);
  ~CompileWorkers(); ///< kills every worker

  /// Runs in the worker that holds the preamble's precompiled block when
  /// there is one (see preambleAffinity). Cancelled: the answer is no longer
  /// wanted; the worker finishes, briefly, in the background.
  CompileResult compile(WorkerRequest R, const WorkerLimits &L,
                        const std::atomic<bool> *Cancelled);
  /// Stops idle workers, and the compiling ones within 20 ms (their
  /// compiles return Cancelled): shutdown never waits for Clang.
  void killAll();

  /// Workers started so far (tests: a crash restarts one).
  unsigned started() const { return Started; }

  struct Worker;

private:
  std::string Exe;
  int Nice;
  std::mutex M;
  std::vector<std::unique_ptr<Worker>> Idle;
  /// Finishing a cancelled compile (Worker::DrainUntil).
  std::vector<std::unique_ptr<Worker>> Draining;
  std::vector<Worker *> Busy;
  std::atomic<unsigned> Started{0};
  std::unique_ptr<Worker> take(unsigned MemoryMB, std::uint64_t Key,
                               std::string &Error);
  void giveBack(std::unique_ptr<Worker> W, unsigned MemoryMB);
};

/// The worker's side: reads requests from InFd and answers on OutFd until
/// the input ends. Sets its memory limit first (MemoryMB, 0: none) and its
/// priority (Nice). Returns the process's exit code.
int runCompileWorker(int InFd, int OutFd, unsigned MemoryMB, int Nice = 0);

/// The exit code of a worker that ran out of memory.
constexpr int WorkerOutOfMemoryExit = 86;

} // namespace cgols
