//===- Analysis.h - Analyse one Go package for every target ---------------===//
//
// The analysis pipeline, free of protocol and process environment: given the
// package's files (read through a VFS that already overlays the editor's open
// documents), the targets and the toolchain facts as data, it builds the
// package model per target, compiles each cgo file's preamble per target
// (cached), and returns diagnostics per Go file, merged across targets.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Diagnostic.h"
#include "target/Package.h"
#include "clang/PreambleCompiler.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace cgols {

/// What `pkg-config --cflags [--flags] -- PKGS` printed, or why it failed.
struct PkgConfigOutput {
  bool Ok = false;
  std::string Out;
  std::string Error; ///< stderr, or why the program could not run
};

/// Toolchain facts and settings the analysis needs, as plain data.
struct AnalysisOptions {
  std::vector<Target> Targets;
  /// The macOS SDK for darwin targets (-isysroot); empty: not available.
  std::string DarwinSDK;
  /// The sysroot for linux targets; empty: the host's own headers.
  std::string LinuxSysroot;
  std::string HostGOOS = "linux";
  std::string HostGOARCH = "amd64";
  std::string ResourceDir;
  std::string ClangPath;
  /// CGO_CPPFLAGS and CGO_CFLAGS of the environment (cmd/go's defaults
  /// apply when unset: CGO_CFLAGS="-g -O2").
  std::vector<std::string> EnvCPPFLAGS;
  std::vector<std::string> EnvCFLAGS = {"-g", "-O2"};
  /// Extra flags from the settings, after everything else.
  std::vector<std::string> ExtraFlags;
  go::GoVersion GoVer;
  /// CGO_<KIND>_ALLOW and CGO_<KIND>_DISALLOW from the environment.
  std::map<std::string, std::string> CgoFlagEnv;
  /// Runs pkg-config with these arguments in a directory (the server's
  /// Environment does it); unset: #cgo pkg-config lines are not resolved.
  std::function<PkgConfigOutput(const std::vector<std::string> &Args,
                                const std::string &Dir)>
      PkgConfig;
  /// Why pkg-config cannot run (an untrusted workspace); then #cgo
  /// pkg-config lines are reported as unresolved, once per package.
  std::string PkgConfigUnavailable;
};

/// A problem with the whole workspace for one target (e.g. no SDK), to be
/// said once rather than per file.
struct Notice {
  std::string Key; ///< stable, to say it once: e.g. "sdk-missing:darwin/arm64"
  Severity Sev = Severity::Warning;
  std::string Message;
};

struct PackageResult {
  /// Every .go file of the package gets an entry (possibly empty), so that
  /// stale diagnostics can be cleared.
  std::map<std::string, std::vector<Diagnostic>> ByFile;
  std::vector<Notice> Notices;
};

/// Caches compiled preambles by their full input (text, flags, target,
/// sysroot). Thread-safe; bounded.
class PreambleCache {
public:
  explicit PreambleCache(std::size_t Capacity = 256) : Capacity(Capacity) {}
  std::shared_ptr<const CompileResult> get(const std::string &Key);
  void put(const std::string &Key, std::shared_ptr<const CompileResult> R);
  std::size_t hits() const { return Hits; }
  std::size_t misses() const { return Misses; }

private:
  std::mutex M;
  std::size_t Capacity;
  std::size_t Tick = 0;
  std::atomic<std::size_t> Hits{0}, Misses{0};
  struct Entry {
    std::shared_ptr<const CompileResult> R;
    std::size_t LastUse;
  };
  std::unordered_map<std::string, Entry> Map;
};

/// Reads the .go files of Dir through FS (sorted by name).
std::vector<std::pair<std::string, std::string>>
readPackageFiles(llvm::vfs::FileSystem &FS, const std::string &Dir);

/// Whether the headers for a target are there (the SDK or sysroot exists).
bool targetHeadersAvailable(const AnalysisOptions &O, const Target &T,
                            llvm::vfs::FileSystem &FS);

PackageResult analyzePackage(const Package &P, const AnalysisOptions &O,
                             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                             PreambleCache *Cache,
                             const std::atomic<bool> *Cancelled = nullptr);

} // namespace cgols
