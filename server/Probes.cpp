//===- Probes.cpp - What cgols asks the machine ---------------------------===//
#include "Probes.h"

#include "link/LinkIndex.h"

namespace cgols {

Probes::~Probes() {
  // A probe still running uses Env: wait for it (its program has a
  // deadline).
  std::shared_future<Toolchain> F;
  {
    std::lock_guard<std::mutex> L(M);
    F = GoEnv;
  }
  if (F.valid())
    F.wait();
}

void Probes::start() {
  std::lock_guard<std::mutex> L(M);
  if (GoEnv.valid())
    return;
  if (!Env.programsAllowed()) {
    std::promise<Toolchain> P;
    P.set_value(Toolchain{});
    GoEnv = P.get_future().share();
    return;
  }
  GoEnv = std::async(std::launch::async, [this] {
            return probeToolchain(Env);
          }).share();
}

void Probes::forget() {
  std::shared_future<Toolchain> Old;
  {
    std::lock_guard<std::mutex> L(M);
    Old = std::move(GoEnv);
    GoEnv = {};
    SdkPath.reset();
    PkgConfigAnswers.clear();
    SearchDirs.clear();
  }
  // The old probe (if still running) ends at its deadline; its answer is
  // no longer anyone's. Waited for outside the lock.
  if (Old.valid())
    Old.wait();
  start();
}

Toolchain Probes::toolchain() {
  start();
  std::shared_future<Toolchain> F;
  {
    std::lock_guard<std::mutex> L(M);
    F = GoEnv;
  }
  return F.get();
}

std::vector<std::string> Probes::linkerSearchDirs(const std::string &CC) {
  {
    std::lock_guard<std::mutex> L(M);
    if (auto It = SearchDirs.find(CC); It != SearchDirs.end())
      return It->second;
  }
  // go env's CC may carry arguments ("gcc -m32"): they change the search
  // path, so they are passed on.
  std::vector<std::string> Argv = splitFields(CC);
  std::vector<std::string> Dirs;
  if (!Argv.empty()) {
    Argv.push_back("-print-search-dirs");
    RunResult R = Env.run(Argv, 10);
    if (R.Started && R.ExitCode == 0)
      Dirs = parseLibrarySearchDirs(R.Out);
  }
  std::lock_guard<std::mutex> L(M);
  SearchDirs[CC] = Dirs;
  return Dirs;
}

PkgConfigOutput Probes::pkgConfig(const std::vector<std::string> &Args,
                                  const std::string &Dir) {
  using Clock = std::chrono::steady_clock;
  std::string Key = Dir;
  for (const std::string &A : Args)
    Key += '\0' + A;
  {
    std::lock_guard<std::mutex> L(M);
    auto It = PkgConfigAnswers.find(Key);
    if (It != PkgConfigAnswers.end() &&
        Clock::now() - It->second.first < std::chrono::seconds(30))
      return It->second.second;
  }
  std::vector<std::string> Argv = {"pkg-config"};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  RunResult R = Env.run(Argv);
  PkgConfigOutput Out;
  Out.Ok = R.Started && R.ExitCode == 0;
  Out.Started = R.Started;
  Out.Out = R.Out;
  Out.Error = R.Started ? R.Err : R.StartError;
  std::lock_guard<std::mutex> L(M);
  if (PkgConfigAnswers.size() > 1024) // bounded: the oldest answers go
    PkgConfigAnswers.clear();
  PkgConfigAnswers[Key] = {Clock::now(), Out};
  return Out;
}

std::string Probes::xcrunSdkPath() {
  std::lock_guard<std::mutex> L(M);
  if (!SdkPath) {
    RunResult R = Env.run({"xcrun", "--sdk", "macosx", "--show-sdk-path"});
    std::string P = R.Started && R.ExitCode == 0 ? R.Out : "";
    while (!P.empty() && (P.back() == '\n' || P.back() == '\r'))
      P.pop_back();
    SdkPath = P;
  }
  return *SdkPath;
}

} // namespace cgols
