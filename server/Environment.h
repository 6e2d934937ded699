//===- Environment.h - The only door to the process environment -----------===//
//
// Everything cgols learns from the machine goes through an Environment:
// environment variables, programs it runs (go env, pkg-config, xcrun) and the
// real file system. Tests inject a fake one, which keeps them hermetic.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <optional>
#include <string>
#include <vector>

namespace cgols {

struct RunResult {
  bool Started = false;
  int ExitCode = -1;
  std::string Out, Err;
  std::string StartError;
};

class Environment {
public:
  virtual ~Environment() = default;
  virtual std::optional<std::string> getenv(const std::string &Name) const = 0;
  /// The file system analyses read (before the editor's overlay).
  virtual llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem() = 0;
  /// Runs a program found on PATH (or by absolute path), with a timeout.
  virtual RunResult run(const std::vector<std::string> &Argv,
                        unsigned TimeoutSeconds = 20) = 0;
};

/// The real machine.
class RealEnvironment : public Environment {
public:
  std::optional<std::string> getenv(const std::string &Name) const override;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem() override;
  RunResult run(const std::vector<std::string> &Argv,
                unsigned TimeoutSeconds = 20) override;
};

/// Toolchain facts, probed once through an Environment.
struct Toolchain {
  bool GoFound = false;
  std::string GoVersion; ///< "go1.19.8"
  int GoMinor = 0;
  std::string GOHOSTOS = "linux", GOHOSTARCH = "amd64";
  std::string GOOS, GOARCH;
  bool CgoEnabled = true;
  std::string CC;
  std::vector<std::string> CgoCFLAGS = {"-g", "-O2"};
  std::vector<std::string> CgoCPPFLAGS;
  std::string SDKROOT; ///< from the environment
  std::string Problem; ///< why go could not be asked, if it could not
};

Toolchain probeToolchain(Environment &Env);

/// Parses `go env -json` output (exposed for tests).
Toolchain parseGoEnvJson(const std::string &Json);

} // namespace cgols
