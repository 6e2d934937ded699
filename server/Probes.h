//===- Probes.h - What cgols asks the machine, asked once and kept --------===//
//
// go env, pkg-config and xcrun run through the Environment (absolute paths,
// a built environment, a deadline; nothing at all in an untrusted
// workspace). Their answers are cached here, as members: one Probes belongs
// to one Server, so a test's fake Environment never sees another's answers.
// The toolchain probe runs in the background from start(): `initialize` is
// answered at once, and the first analysis waits for the answer.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Analysis.h"
#include "Environment.h"

#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

class Probes {
public:
  explicit Probes(Environment &Env) : Env(Env) {}
  ~Probes();
  Probes(const Probes &) = delete;
  Probes &operator=(const Probes &) = delete;

  /// Starts `go env -json` in the background (once; nothing when programs
  /// are not allowed).
  void start();
  /// The toolchain facts; waits for the probe start() began (or runs it).
  Toolchain toolchain();
  /// `pkg-config ARGS` in Dir, cached for 30 s (answers change only when
  /// packages are installed, and analyses run on every edit).
  PkgConfigOutput pkgConfig(const std::vector<std::string> &Args,
                            const std::string &Dir);
  /// The C compiler driver's library search path for the host
  /// (`CC -print-search-dirs`, CC as go env says: a program and its
  /// arguments), asked once per CC; empty when it cannot be asked.
  std::vector<std::string> linkerSearchDirs(const std::string &CC);
  /// `xcrun --sdk macosx --show-sdk-path`, asked once.
  std::string xcrunSdkPath();
  Environment &env() { return Env; }
  /// Forgets every answer (the editor's Go environment changed: CC,
  /// CGO_CFLAGS, PKG_CONFIG_PATH or SDKROOT change what they say) and
  /// starts the toolchain probe again.
  void forget();

private:
  Environment &Env;
  std::mutex M;
  std::shared_future<Toolchain> GoEnv;
  std::optional<std::string> SdkPath;
  std::map<std::string, std::vector<std::string>> SearchDirs;
  std::map<std::string,
           std::pair<std::chrono::steady_clock::time_point, PkgConfigOutput>>
      PkgConfigAnswers;
};

} // namespace cgols
