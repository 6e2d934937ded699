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

#include "Options.h"
#include "checks/Check.h"
#include "core/Diagnostic.h"
#include "cunit/Compiler.h"
#include "cunit/PreambleCompiler.h"
#include "gobuild/Package.h"

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

/// A problem with the whole workspace for one target (e.g. no SDK), to be
/// said once rather than per file.
struct Notice {
  std::string Key; ///< stable, to say it once: e.g. "sdk-missing:darwin/arm64"
  Severity Sev = Severity::Warning;
  std::string Message;
};

/// What one target's analysis compiled: kept with the result so that
/// feature requests (hover, definition) can ask it later without compiling.
struct TargetUnits {
  Target T;
  std::vector<PreambleUnit> Preambles;
  std::vector<SourceUnit> Sources;
  std::vector<FailedUnit> Failed; ///< compiles that did not finish
};

struct PackageResult {
  /// Every .go file of the package gets an entry (possibly empty), so that
  /// stale diagnostics can be cleared.
  std::map<std::string, std::vector<Diagnostic>> ByFile;
  std::vector<Notice> Notices;
  /// Per analysed target, in the order of AnalysisOptions::Targets.
  std::vector<TargetUnits> Units;
  /// Only AnalysisOptions::FocusFile was compiled.
  bool Partial = false;
  /// Targets whose cgo files this machine could not check as go build
  /// would build them: no SDK or sysroot, pkg-config not installed, no
  /// compile worker. (A compile that crashed or timed out was tried, and
  /// says so in a diagnostic; a target with no cgo file is not here.)
  struct UncheckedTarget {
    std::string Target; ///< "darwin/arm64"
    /// No SDK or sysroot: for a target nobody asked for (the default
    /// darwin/arm64 on Linux), the notice alone is enough.
    bool NoHeaders = false;
    std::string Why;
  };
  std::vector<UncheckedTarget> Unchecked;
};

/// What the analysis borrows from its owner (the server): caches and
/// indexes that outlive one analysis. Every member may be null.
struct AnalysisServices {
  class PreambleCache *Cache = nullptr;
  HeaderIndex *Headers = nullptr;
  /// The link index for a target (loaded or cached by the owner); null
  /// when there is none.
  std::function<std::shared_ptr<const LinkIndex>(const Target &)> Links;
  const std::atomic<bool> *Cancelled = nullptr;
  /// Where compiles run (a worker process with time and memory limits,
  /// reading the same files, the editor's overlay included; or this
  /// process), as many at once as it says; unset: this process, over the
  /// analysis's file system, one at a time.
  Compiler *Compile = nullptr;
};

/// Caches compiled preambles by their full input (text, flags, target,
/// sysroot). Thread-safe; bounded by the bytes its results hold (estimated:
/// a gtk preamble's result is about 2 MB), least recently used evicted.
class PreambleCache {
public:
  explicit PreambleCache(std::size_t MaxBytes = std::size_t(512) << 20)
      : MaxBytes(MaxBytes) {}
  std::shared_ptr<const CompileResult> get(const std::string &Key);
  void put(const std::string &Key, std::shared_ptr<const CompileResult> R);
  /// A new bound (0: keep nothing); evicts down to it.
  void setMaxBytes(std::size_t N);
  /// Lets every result go (no file open any more).
  void clear();
  std::size_t hits() const { return Hits; }
  std::size_t misses() const { return Misses; }
  std::size_t bytes();
  std::size_t size();

private:
  std::mutex M;
  std::size_t MaxBytes;
  std::size_t Bytes = 0;
  std::size_t Tick = 0;
  std::atomic<std::size_t> Hits{0}, Misses{0};
  struct Entry {
    std::shared_ptr<const CompileResult> R;
    std::size_t LastUse;
    std::size_t Bytes;
  };
  std::unordered_map<std::string, Entry> Map;
  void evictTo(std::size_t Limit); ///< with M held
};

/// Reads the .go files of Dir through FS (sorted by name).
std::vector<std::pair<std::string, std::string>>
readPackageFiles(llvm::vfs::FileSystem &FS, const std::string &Dir);

/// Whether the headers for a target are there (the SDK or sysroot exists).
bool targetHeadersAvailable(const AnalysisOptions &O, const Target &T,
                            llvm::vfs::FileSystem &FS);

/// The pipeline: per target, the package view, the flag verdicts,
/// pkg-config, the compiled units, then every enabled check of the registry;
/// diagnostics merged across targets.
PackageResult analyzePackage(const Package &P, const AnalysisOptions &O,
                             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                             const AnalysisServices &S = {});

} // namespace cgols
