//===- Scheduler.cpp ------------------------------------------------------===//
#include "Scheduler.h"

namespace cgols {

Scheduler::Scheduler() : Worker([this] { loop(); }) {}

Scheduler::~Scheduler() {
  {
    std::lock_guard<std::mutex> L(M);
    Stop = true;
    if (RunningCancel)
      *RunningCancel = true;
  }
  CV.notify_all();
  Worker.join();
}

void Scheduler::schedule(const std::string &Key,
                         std::chrono::milliseconds Delay, Job J) {
  {
    std::lock_guard<std::mutex> L(M);
    Queue[Key] = {std::chrono::steady_clock::now() + Delay, std::move(J)};
    if (Running && RunningKey == Key && RunningCancel)
      *RunningCancel = true;
  }
  CV.notify_all();
}

bool Scheduler::busy() {
  std::lock_guard<std::mutex> L(M);
  return Running || !Queue.empty();
}

void Scheduler::cancelAll() {
  std::lock_guard<std::mutex> L(M);
  Queue.clear();
  if (RunningCancel)
    *RunningCancel = true;
  CV.notify_all();
}

void Scheduler::waitIdle() {
  std::unique_lock<std::mutex> L(M);
  IdleCV.wait(L, [&] { return Stop || (!Running && Queue.empty()); });
}

void Scheduler::loop() {
  std::unique_lock<std::mutex> L(M);
  while (!Stop) {
    if (Queue.empty()) {
      IdleCV.notify_all();
      CV.wait(L);
      continue;
    }
    auto Next = Queue.begin();
    for (auto It = Queue.begin(); It != Queue.end(); ++It)
      if (It->second.Due < Next->second.Due)
        Next = It;
    auto Now = std::chrono::steady_clock::now();
    if (Next->second.Due > Now) {
      CV.wait_until(L, Next->second.Due);
      continue;
    }
    std::string Key = Next->first;
    Job J = std::move(Next->second.J);
    Queue.erase(Next);
    Running = true;
    RunningKey = Key;
    RunningCancel = std::make_shared<std::atomic<bool>>(false);
    auto Cancel = RunningCancel;
    L.unlock();
    J(*Cancel);
    L.lock();
    Running = false;
    RunningKey.clear();
    RunningCancel.reset();
  }
  IdleCV.notify_all();
}

} // namespace cgols
