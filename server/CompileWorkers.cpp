//===- CompileWorkers.cpp -------------------------------------------------===//
#include "CompileWorkers.h"

#include "Environment.h"
#include "protocol/Transport.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <list>
#include <new>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace cgols {

#if defined(__SANITIZE_ADDRESS__)
#define CGOLS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CGOLS_ASAN 1
#endif
#endif

struct CompileWorkers::Worker {
  pid_t Pid = -1;
  int Fd = -1; ///< our end of the socket pair (the worker's stdin and stdout)
  unsigned MemoryMB = 0;
  protocol::MessageReader Reader;
  std::atomic<bool> Killed{false}; ///< by killAll()
  /// The affinity keys (preambleAffinity) of its recent compiles, the last
  /// most recent: it holds their precompiled blocks.
  std::vector<std::uint64_t> Recent;
  /// The blocks' parts it sent (SplitResult), most recent first.
  std::list<std::pair<std::string, std::shared_ptr<const CompileResult>>> Parts;
  /// Set when its compile was cancelled and its answer is still to come:
  /// then the answer is read and dropped (the worker and its precompiled
  /// blocks are kept) unless this time passes first.
  std::optional<std::chrono::steady_clock::time_point> DrainUntil;

  bool knows(std::uint64_t Key) const {
    return std::find(Recent.begin(), Recent.end(), Key) != Recent.end();
  }
  void remember(std::uint64_t Key) {
    Recent.erase(std::remove(Recent.begin(), Recent.end(), Key), Recent.end());
    Recent.push_back(Key);
    if (Recent.size() > 8)
      Recent.erase(Recent.begin());
  }
  enum class Wait { Answer, TimeUp, Ended };
  /// Reads until a whole answer has come, Until passes or the pool is
  /// stopped (TimeUp), or the worker ends (Ended).
  Wait awaitAnswer(std::chrono::steady_clock::time_point Until,
                   std::optional<protocol::Frame> &Out);
  /// Keeps the block's part an answer carries (moved out of it).
  void keepPart(WorkerAnswer &A);

  ~Worker() { // only ever run by the worker's one owner
    if (Fd >= 0)
      close(Fd);
    if (Pid > 0) {
      kill(Pid, SIGKILL);
      waitpid(Pid, nullptr, 0);
    }
  }
  /// SIGKILL, while the process is not reaped (never kill(-1, ...)).
  void stop() {
    if (Pid > 0)
      kill(Pid, SIGKILL);
  }
  /// Waits for the process (killed or exiting) and returns its status.
  int reap() {
    int Status = 0;
    if (Pid <= 0)
      return Status;
    // A worker that closed its output is exiting; one that does not within
    // a second is killed.
    for (int I = 0; I < 100; ++I) {
      pid_t R = waitpid(Pid, &Status, WNOHANG);
      if (R == Pid || (R < 0 && errno != EINTR)) {
        Pid = -1;
        return Status;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stop();
    waitpid(Pid, &Status, 0);
    Pid = -1;
    return Status;
  }
};

CompileWorkers::Worker::Wait
CompileWorkers::Worker::awaitAnswer(std::chrono::steady_clock::time_point Until,
                                    std::optional<protocol::Frame> &Out) {
  char Buf[1 << 16];
  while (true) {
    if ((Out = Reader.next()))
      return Wait::Answer;
    if (Killed || std::chrono::steady_clock::now() >= Until)
      return Wait::TimeUp;
    pollfd P{Fd, POLLIN, 0};
    int N = poll(&P, 1, 20);
    if (N < 0 && errno != EINTR)
      return Wait::Ended;
    if (N <= 0)
      continue;
    ssize_t Got = read(Fd, Buf, sizeof Buf);
    if (Got < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (Got <= 0)
      return Wait::Ended;
    Reader.feed(std::string_view(Buf, static_cast<std::size_t>(Got)));
  }
}

CompileWorkers::CompileWorkers(std::string Exe, int Nice)
    : Exe(std::move(Exe)), Nice(Nice) {}

CompileWorkers::~CompileWorkers() { killAll(); }

void CompileWorkers::killAll() {
  std::vector<std::unique_ptr<Worker>> Stop;
  {
    std::lock_guard<std::mutex> L(M);
    // A busy worker is signalled and reaped only by the thread compiling in
    // it, which sees the flag within 20 ms: a kill() from here could race
    // with its waitpid() and hit a reused process id (or, with a pid
    // already cleared, kill(-1) every process of the user).
    for (Worker *W : Busy)
      W->Killed = true;
    Stop.swap(Idle);
    for (auto &W : Draining)
      Stop.push_back(std::move(W));
    Draining.clear();
  }
  Stop.clear(); // idle ones are ours alone: killed and reaped here
}

std::unique_ptr<CompileWorkers::Worker>
CompileWorkers::take(unsigned MemoryMB, std::uint64_t Key, std::string &Error) {
  std::vector<std::unique_ptr<Worker>> Drop; // killed and reaped unlocked
  std::unique_ptr<Worker> Waited;
  {
    std::lock_guard<std::mutex> L(M);
    auto Now = std::chrono::steady_clock::now();
    // Workers past their drain time, or started with another memory limit,
    // go (killed and reaped after the lock).
    auto Sweep = [&](std::vector<std::unique_ptr<Worker>> &From,
                     bool Draining) {
      std::vector<std::unique_ptr<Worker>> Keep;
      for (std::unique_ptr<Worker> &W : From)
        if (W->MemoryMB == MemoryMB && (!Draining || *W->DrainUntil > Now))
          Keep.push_back(std::move(W));
        else
          Drop.push_back(std::move(W));
      From.swap(Keep);
    };
    Sweep(Draining, true);
    Sweep(Idle, false);
    // The worker that holds this preamble's precompiled block, idle or
    // finishing a cancelled compile of it; else any idle one.
    auto Pick = [&](std::vector<std::unique_ptr<Worker>> &From,
                    bool AnyKey) -> std::unique_ptr<Worker> {
      for (auto It = From.begin(); It != From.end(); ++It)
        if (AnyKey || (*It)->knows(Key)) {
          std::unique_ptr<Worker> W = std::move(*It);
          From.erase(It);
          Busy.push_back(W.get());
          return W;
        }
      return nullptr;
    };
    if (auto W = Pick(Idle, false))
      return W;
    Waited = Pick(Draining, false);
    if (!Waited)
      if (auto W = Pick(Idle, true))
        return W;
  }
  Drop.clear();
  if (Waited) {
    std::optional<protocol::Frame> F;
    if (Waited->awaitAnswer(*Waited->DrainUntil, F) == Worker::Wait::Answer) {
      Waited->DrainUntil.reset();
      if (F->Error.empty())
        if (std::optional<WorkerAnswer> A = decodeWorkerAnswer(F->Body))
          Waited->keepPart(*A);
      return Waited;
    }
    std::lock_guard<std::mutex> L(M);
    Busy.erase(std::find(Busy.begin(), Busy.end(), Waited.get()));
  }
  // A drained worker that did not finish: killed and reaped by its
  // destructor.
  Waited.reset();
  int Fds[2];
#if defined(SOCK_CLOEXEC)
  // Atomically close-on-exec: another thread may start a program meanwhile.
  int Type = SOCK_STREAM | SOCK_CLOEXEC;
#else
  int Type = SOCK_STREAM;
#endif
  if (socketpair(AF_UNIX, Type, 0, Fds) != 0) {
    Error = std::string("socketpair: ") + std::strerror(errno);
    return nullptr;
  }
  // Neither end leaks into other children (for macOS, which has no
  // SOCK_CLOEXEC).
  fcntl(Fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(Fds[1], F_SETFD, FD_CLOEXEC);
#if defined(SO_NOSIGPIPE)
  // macOS has no MSG_NOSIGNAL: a dead worker must not SIGPIPE the server.
  int One = 1;
  setsockopt(Fds[0], SOL_SOCKET, SO_NOSIGPIPE, &One, sizeof One);
#endif
  posix_spawn_file_actions_t FA;
  posix_spawn_file_actions_init(&FA);
  // dup2 clears close-on-exec on the worker's copies.
  posix_spawn_file_actions_adddup2(&FA, Fds[1], 0);
  posix_spawn_file_actions_adddup2(&FA, Fds[1], 1);
  std::string Mem = std::to_string(MemoryMB), NiceArg = std::to_string(Nice);
  std::vector<char *> Argv = {const_cast<char *>(Exe.c_str()),
                              const_cast<char *>("worker"),
                              const_cast<char *>("--memory-mb"),
                              Mem.data(),
                              const_cast<char *>("--nice"),
                              NiceArg.data(),
                              nullptr};
  pid_t Pid = -1;
  int Rc = posix_spawn(&Pid, Exe.c_str(), &FA, nullptr, Argv.data(), environ);
  posix_spawn_file_actions_destroy(&FA);
  close(Fds[1]);
  if (Rc != 0) {
    close(Fds[0]);
    Error = "cannot start " + Exe + ": " + std::strerror(Rc);
    return nullptr;
  }
  ++Started;
  auto W = std::make_unique<Worker>();
  W->Pid = Pid;
  W->Fd = Fds[0];
  W->MemoryMB = MemoryMB;
  std::lock_guard<std::mutex> L(M);
  Busy.push_back(W.get());
  return W;
}

void CompileWorkers::giveBack(std::unique_ptr<Worker> W, unsigned MemoryMB) {
  std::unique_ptr<Worker> Drop; // killed and reaped after the lock
  std::lock_guard<std::mutex> L(M);
  Busy.erase(std::find(Busy.begin(), Busy.end(), W.get()));
  // A worker that ended or was killed meanwhile, or one too many idle, goes.
  if (W->Pid <= 0 || W->Killed || W->MemoryMB != MemoryMB) {
    Drop = std::move(W);
  } else if (W->DrainUntil) {
    // At most two finish cancelled compiles; the oldest goes first.
    if (Draining.size() >= 2) {
      Drop = std::move(Draining.front());
      Draining.erase(Draining.begin());
    }
    Draining.push_back(std::move(W));
  } else if (Idle.size() < 4) {
    Idle.push_back(std::move(W));
  } else {
    Drop = std::move(W);
  }
}

void CompileWorkers::Worker::keepPart(WorkerAnswer &A) {
  if (A.PartId.empty() || !A.Part)
    return;
  Parts.remove_if([&](const auto &P) { return P.first == A.PartId; });
  Parts.emplace_front(
      A.PartId, std::make_shared<const CompileResult>(std::move(*A.Part)));
  // The worker keeps 6 blocks; their parts here need no more.
  while (Parts.size() > 6)
    Parts.pop_back();
}

namespace {

bool sendAll(int Fd, const std::string &Data) {
  std::size_t Done = 0;
  while (Done < Data.size()) {
#if defined(MSG_NOSIGNAL)
    ssize_t N = send(Fd, Data.data() + Done, Data.size() - Done, MSG_NOSIGNAL);
#else
    ssize_t N = send(Fd, Data.data() + Done, Data.size() - Done, 0);
#endif
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Done += static_cast<std::size_t>(N);
  }
  return true;
}

CompileResult failure(CompileFailure F, std::string Detail) {
  CompileResult R;
  R.Failure = F;
  R.FailureDetail = std::move(Detail);
  return R;
}

std::string signalText(int Sig) {
  const char *Name = strsignal(Sig);
  return "signal " + std::to_string(Sig) +
         (Name ? std::string(", ") + Name : std::string());
}

} // namespace

CompileResult CompileWorkers::compile(WorkerRequest Req, const WorkerLimits &L,
                                      const std::atomic<bool> *Cancelled) {
  using Clock = std::chrono::steady_clock;
  std::string Error;
  std::uint64_t Key = preambleAffinity(Req.Req);
  std::unique_ptr<Worker> W = take(L.MemoryMB, Key, Error);
  if (!W)
    return failure(CompileFailure::NoWorker, Error);
  W->remember(Key);
  for (const auto &P : W->Parts)
    Req.HaveParts.push_back(P.first);
  auto Deadline = Clock::now() + std::chrono::seconds(L.TimeoutSeconds);
  auto IsCancelled = [&] { return Cancelled && *Cancelled; };
  // The worker died, was killed or ran out of time: what to tell.
  auto Ended = [&](bool TimedOut) {
    if (TimedOut || IsCancelled() || W->Killed)
      W->stop();
    int Status = W->reap();
    CompileResult R;
    if (TimedOut)
      R = failure(CompileFailure::TimedOut,
                  "stopped after " + std::to_string(L.TimeoutSeconds) + " s");
    else if (IsCancelled() || W->Killed)
      R = failure(CompileFailure::Cancelled, "");
    else if (WIFEXITED(Status) && WEXITSTATUS(Status) == WorkerOutOfMemoryExit)
      R = failure(CompileFailure::OutOfMemory,
                  "more than " + std::to_string(L.MemoryMB) + " MB");
    else if (WIFSIGNALED(Status))
      R = failure(CompileFailure::Crashed, signalText(WTERMSIG(Status)));
    else
      R = failure(
          CompileFailure::NoWorker,
          "the worker exited with status " +
              std::to_string(WIFEXITED(Status) ? WEXITSTATUS(Status) : -1));
    giveBack(std::move(W), L.MemoryMB);
    return R;
  };
  auto Nonsense = [&](const char *What) {
    W->stop();
    W->reap();
    giveBack(std::move(W), L.MemoryMB);
    return failure(CompileFailure::NoWorker, What);
  };
  if (!sendAll(W->Fd, protocol::frameMessage(encodeWorkerRequest(Req))))
    return Ended(false);
  while (true) {
    std::optional<protocol::Frame> F;
    // Wakes every 20 ms to see whether the compile is still wanted.
    Worker::Wait Got = W->awaitAnswer(
        std::min(Deadline, Clock::now() + std::chrono::milliseconds(20)), F);
    if (Got == Worker::Wait::Ended || W->Killed)
      return Ended(false);
    if (Got == Worker::Wait::TimeUp) {
      if (IsCancelled()) {
        // A newer edit: the answer is no longer wanted, but the worker and
        // its precompiled blocks are, for the next compile (killing it
        // would make that one build its block again). It may finish within
        // two seconds and its time limit; else it is killed.
        W->DrainUntil =
            std::min(Deadline, Clock::now() + std::chrono::seconds(2));
        giveBack(std::move(W), L.MemoryMB);
        return failure(CompileFailure::Cancelled, "");
      }
      if (Clock::now() >= Deadline)
        return Ended(true);
      continue;
    }
    std::optional<WorkerAnswer> A;
    if (F->Error.empty())
      A = decodeWorkerAnswer(F->Body);
    if (!A)
      return Nonsense("the worker's answer was not a compile result");
    if (A->PartId.empty()) {
      giveBack(std::move(W), L.MemoryMB);
      return std::move(A->Body);
    }
    W->keepPart(*A);
    std::shared_ptr<const CompileResult> Part;
    for (const auto &P : W->Parts)
      if (P.first == A->PartId)
        Part = P.second;
    if (!Part)
      return Nonsense("the worker's answer named a part it never sent");
    giveBack(std::move(W), L.MemoryMB);
    return mergePrecompiled(*Part, std::move(A->Body), A->Facts);
  }
}

namespace {

[[noreturn]] void outOfMemory() { _exit(WorkerOutOfMemoryExit); }

void badAlloc(void *, const char *, bool) { outOfMemory(); }

} // namespace

int runCompileWorker(int InFd, int OutFd, unsigned MemoryMB, int Nice) {
  // Background work (the header index) yields the cores to the compiles
  // the user waits for.
  if (Nice > 0)
    setpriority(PRIO_PROCESS, 0, Nice);
#if !defined(CGOLS_ASAN)
  // ASan reserves terabytes of address space: no limit under it.
  if (MemoryMB) {
    rlimit R;
    R.rlim_cur = R.rlim_max = static_cast<rlim_t>(MemoryMB) << 20;
    setrlimit(RLIMIT_AS, &R);
  }
#endif
  std::set_new_handler(outOfMemory);
  llvm::install_bad_alloc_error_handler(badAlloc);
  RealEnvironment Env;
  // This worker's precompiled #include blocks: the server sends compiles
  // that can share one to the same worker.
  PrecompiledStore Precompiled;
  protocol::MessageReader Reader;
  char Buf[1 << 16];
  while (true) {
    if (auto F = Reader.next()) {
      std::optional<WorkerRequest> Req;
      if (F->Error.empty())
        Req = decodeWorkerRequest(F->Body);
      if (!Req)
        return 2;
      auto Mem = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
      for (const auto &[P, T] : Req->Overlay)
        Mem->addFile(P, 0, llvm::MemoryBuffer::getMemBufferCopy(T, P));
      auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
          Env.fileSystem());
      FS->pushOverlay(Mem);
      SplitResult R = compilePreambleSplit(Req->Req, FS, &Precompiled);
      bool Known = std::find(Req->HaveParts.begin(), Req->HaveParts.end(),
                             R.PartId) != Req->HaveParts.end();
      std::string Out =
          protocol::frameMessage(encodeWorkerAnswer(R, R.Part && !Known));
      std::size_t Done = 0;
      while (Done < Out.size()) {
        ssize_t N = write(OutFd, Out.data() + Done, Out.size() - Done);
        if (N < 0 && errno == EINTR)
          continue;
        if (N <= 0)
          return 0; // the server went away
        Done += static_cast<std::size_t>(N);
      }
      continue;
    }
    ssize_t Got = read(InFd, Buf, sizeof Buf);
    if (Got < 0 && errno == EINTR)
      continue;
    if (Got <= 0)
      return 0;
    Reader.feed(std::string_view(Buf, static_cast<std::size_t>(Got)));
  }
}

CompileResult WorkerCompiler::compile(const CompileRequest &Req,
                                      const std::atomic<bool> *Cancelled) {
  WorkerRequest R;
  R.Req = Req;
  R.Overlay = Overlay;
  return W.compile(std::move(R), L, Cancelled);
}

unsigned WorkerCompiler::parallelism() const {
  return std::max(1u, std::thread::hardware_concurrency());
}

} // namespace cgols
