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

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

struct RunResult {
  bool Started = false;
  bool TimedOut = false; ///< killed at its deadline
  int ExitCode = -1;
  std::string Out, Err;
  std::string StartError;
};

/// The environment a child process gets: only the variables that the go
/// command, pkg-config, xcrun and a C compiler read, PATH without relative
/// entries, and GOTOOLCHAIN=local, GOPROXY=off, no GOFLAGS, so that no `go`
/// run downloads or runs another toolchain or module (exposed for tests).
std::vector<std::string>
childEnvironment(const std::vector<std::pair<std::string, std::string>> &Vars);

/// Whether a variable of the editor's Go environment (VS Code's
/// go.toolsEnvVars and gopls's build.env, a client's
/// initializationOptions.toolsEnv) applies to cgols: the ones that change
/// what cgo does (CGO_*, CC, CXX, PKG_CONFIG_PATH, SDKROOT). GOFLAGS and
/// the rest of the go command's variables stay out: cgols's own runs of go
/// must not build or download (see childEnvironment).
bool isEditorGoVariable(const std::string &Name);

/// Vars with the editor's variables applied over them (replaced, or added
/// at the end), in the order of Vars (exposed for tests).
std::vector<std::pair<std::string, std::string>>
withEditorVariables(std::vector<std::pair<std::string, std::string>> Vars,
                    const std::map<std::string, std::string> &Editor);

/// Finds Name in the absolute entries of PATH (relative ones, such as "." or
/// an empty entry, are skipped: they would find a repository's own
/// programs). An executable regular file only (exposed for tests).
std::optional<std::string> findProgram(const std::string &Name,
                                       const std::string &Path);

class Environment {
public:
  virtual ~Environment() = default;
  /// A variable as the Go tools see it in this editor: the editor's value
  /// (setEditorVariables) if it has one, else the process's own.
  std::optional<std::string> getenv(const std::string &Name) const;
  /// The editor's Go environment, applied over the process's own for the
  /// names isEditorGoVariable accepts (others are dropped) in getenv() and
  /// in what run() gives its programs. Replaces the previous set; false
  /// when nothing changed. Thread-safe.
  bool setEditorVariables(const std::map<std::string, std::string> &Vars);
  std::map<std::string, std::string> editorVariables() const;
  /// The file system analyses read (before the editor's overlay).
  virtual llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem() = 0;
  /// Runs a program by absolute path or found in PATH's absolute entries,
  /// killed at its deadline. In an untrusted workspace nothing runs.
  RunResult run(const std::vector<std::string> &Argv,
                unsigned TimeoutSeconds = 20) {
    if (!ProgramsAllowed) {
      RunResult R;
      R.StartError = "not run: the workspace is not trusted";
      return R;
    }
    return runProgram(Argv, TimeoutSeconds);
  }
  /// Where cgols may keep its own caches (never in a workspace); nullopt:
  /// no disk cache (test environments).
  virtual std::optional<std::string> cacheDirectory() const {
    return std::nullopt;
  }
  /// Whether the link check may read this machine's own libraries
  /// (/usr/lib...) for a target that is the host: the real machine yes,
  /// test environments no (they stay hermetic).
  virtual bool hostLibraries() const { return false; }
  /// The cgols binary to start compile workers from (`EXE worker`); nullopt:
  /// compile in this process (test environments, whose file system the
  /// worker could not see).
  virtual std::optional<std::string> workerExecutable() const {
    return std::nullopt;
  }
  /// Runs cgols's own binary (workerExecutable(), an absolute path) as run()
  /// does, in an untrusted workspace too: it is not the repository's
  /// program, as compile workers are not.
  RunResult runOwn(const std::vector<std::string> &Argv,
                   unsigned TimeoutSeconds = 20) {
    return runProgram(Argv, TimeoutSeconds);
  }
  /// Off in an untrusted workspace: then run() starts nothing.
  void allowPrograms(bool Allowed) { ProgramsAllowed = Allowed; }
  bool programsAllowed() const { return ProgramsAllowed; }

protected:
  /// The process's own variable (the real environment, or a test's).
  virtual std::optional<std::string>
  processVariable(const std::string &Name) const = 0;
  virtual RunResult runProgram(const std::vector<std::string> &Argv,
                               unsigned TimeoutSeconds) = 0;

private:
  std::atomic<bool> ProgramsAllowed{true};
  mutable std::mutex EditorM;
  std::map<std::string, std::string> Editor;
};

/// The real machine.
class RealEnvironment : public Environment {
public:
  /// CGOLS_PROGRAM_TIMEOUT (seconds), if set, caps every program's time.
  RealEnvironment();
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem() override;
  /// CGOLS_CACHE_DIR if set (empty: none), else the user's cache directory
  /// (XDG_CACHE_HOME or ~/.cache; ~/Library/Caches on macOS) + /cgols.
  std::optional<std::string> cacheDirectory() const override;
  bool hostLibraries() const override { return true; }
  /// Set by `cgols serve` and `cgols check` to their own binary.
  void setWorkerExecutable(std::string Exe) { WorkerExe = std::move(Exe); }
  std::optional<std::string> workerExecutable() const override {
    if (WorkerExe.empty())
      return std::nullopt;
    return WorkerExe;
  }

protected:
  std::optional<std::string>
  processVariable(const std::string &Name) const override;
  RunResult runProgram(const std::vector<std::string> &Argv,
                       unsigned TimeoutSeconds) override;

private:
  unsigned MaxSeconds = 0; ///< 0: no cap beyond the caller's
  std::string WorkerExe;
};

/// Toolchain facts, probed once through an Environment.
struct Toolchain {
  bool GoFound = false;
  std::string GoVersion; ///< "go1.19.8"
  int GoMinor = 0;
  int GoPatch = 0;
  /// Until `go env` says otherwise (or when it cannot be asked): the
  /// system cgols itself was built for.
#if defined(__APPLE__)
  std::string GOHOSTOS = "darwin";
#else
  std::string GOHOSTOS = "linux";
#endif
#if defined(__aarch64__)
  std::string GOHOSTARCH = "arm64";
#else
  std::string GOHOSTARCH = "amd64";
#endif
  std::string GOOS, GOARCH;
  bool CgoEnabled = true;
  std::string CC;
  std::string GOROOT, GOENV;
  /// Where modules are kept, and "off" when GOWORK turns workspaces off
  /// (a path or empty otherwise: go.work is then looked for upward).
  std::string GOMODCACHE, GOWORK;
  std::string GOPATH; ///< entries separated by ':'
  /// The go command's defaults until go env says otherwise.
  std::vector<std::string> CgoCFLAGS = {"-g", "-O2"};
  std::vector<std::string> CgoLDFLAGS = {"-g", "-O2"};
  std::vector<std::string> CgoCPPFLAGS;
  std::string SDKROOT; ///< from the environment
  std::string Problem; ///< why go could not be asked, if it could not
};

/// Asks `go env` for the named variables it knows cheaply; CGO_CFLAGS,
/// CGO_CPPFLAGS and CGO_LDFLAGS come from the environment or go's defaults,
/// and from a second `go env` only when a go env file mentions CGO_.
Toolchain probeToolchain(Environment &Env);

/// The words of a go env value (CC="gcc -m32", CGO_CFLAGS), split at
/// white space.
std::vector<std::string> splitFields(const std::string &S);

/// Parses `go env -json` output (exposed for tests).
Toolchain parseGoEnvJson(const std::string &Json);
/// Every string variable `go env -json` printed; nullopt when it is not a
/// JSON object. The one reader of go env's output (the doctor's facts use
/// it too).
std::optional<std::map<std::string, std::string>>
goEnvVariables(const std::string &Json);

} // namespace cgols
