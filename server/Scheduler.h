//===- Scheduler.h - Debounced background jobs keyed by package -----------===//
//
// One worker thread runs jobs off the message thread. schedule(Key, Job)
// replaces a pending job with the same key and restarts its debounce; a job
// already running for that key is told to stop (its cancel flag is set),
// since its result would be stale anyway. waitIdle() returns when nothing is
// pending or running (tests, and `exit`).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace cgols {

class Scheduler {
public:
  using Job = std::function<void(const std::atomic<bool> &Cancelled)>;
  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler &) = delete;
  Scheduler &operator=(const Scheduler &) = delete;

  void schedule(const std::string &Key, std::chrono::milliseconds Delay, Job J);
  void waitIdle();
  /// Drops every pending job and tells the running one to stop (shutdown:
  /// nobody waits for their results any more).
  void cancelAll();
  /// Whether a job is pending or running.
  bool busy();

private:
  struct Pending {
    std::chrono::steady_clock::time_point Due;
    Job J;
  };
  std::mutex M;
  std::condition_variable CV, IdleCV;
  std::map<std::string, Pending> Queue;
  std::string RunningKey;
  std::shared_ptr<std::atomic<bool>> RunningCancel;
  bool Running = false;
  bool Stop = false;
  std::thread Worker;
  void loop();
};

} // namespace cgols
