//===- HeaderIndex.h - Which system header declares a name ----------------===//
//
// For the "add #include" quick fixes: the headers of a target's SDK or
// sysroot (the files directly in usr/include) are each compiled once, and
// every name a header declares itself (not through its own includes) is
// indexed. Kept by its owner (the server), one index per target and
// include directory. Thread-safe.
//
// Two modes. Without hooks (cgols check, tests), the first lookup for a
// target builds its index and then answers. With Hooks::Run (the language
// server), an index is built in the background: the server starts it after
// a package's analysis is published (prepare), the build reports its
// progress, and Hooks::Ready tells the server to analyse again so that more
// fixes appear. Until then a lookup answers from a quick index: the C
// standard and common POSIX headers compiled together once (one compile,
// a tenth of a second), so the first diagnostic on `C.free` already offers
// `#include <stdlib.h>`.
//
// With a cache directory, a built index is kept on disk per target, include
// directory and Clang, checked against the headers' sizes and modification
// times: a later start (or `cgols check`) reads it instead of compiling.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "PreambleCompiler.h"

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace cgols {

class HeaderIndex {
public:
  struct Hooks {
    /// Runs a build on another thread; unset: lookups build and wait.
    std::function<void(std::function<void()> Job)> Run;
    /// Compiles one header (in a worker process); unset: in this process.
    CompileFunction Compile;
    /// Headers compiled so far of Total, for Target ("linux/amd64").
    std::function<void(const std::string &Target, unsigned Done,
                       unsigned Total)>
        Progress;
    /// An index built in the background is ready.
    std::function<void()> Ready;
    /// Compiles at a time.
    unsigned Parallelism = 1;
    /// Set when the owner stops: a background build gives up.
    const std::atomic<bool> *Stop = nullptr;
  };
  void setHooks(Hooks H);
  /// Where built indexes are kept (empty: nowhere). Set before lookups.
  void setCacheDirectory(std::string Dir);

  /// Headers ("stdlib.h") that declare Name, best first: C standard headers
  /// before others, then shorter names. Base gives the target, sysroot and
  /// resource directory. In the background mode, nothing until the target's
  /// index is built (prepare starts it).
  std::vector<std::string>
  headersDeclaring(const std::string &Name, const CompileRequest &Base,
                   llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);

  /// In the background mode, starts building Base's target's index unless
  /// it is built or being built; else nothing.
  void prepare(const CompileRequest &Base,
               llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);

  /// What happened so far (for tests and benchmarks): full indexes read
  /// from the disk cache, built by compiling every header, and quick ones.
  struct Counts {
    unsigned DiskLoads = 0, Builds = 0, QuickBuilds = 0;
  };
  Counts counts();

private:
  using Index = std::map<std::string, std::vector<std::string>>;
  struct Entry {
    bool Building = false;
    bool Built = false;
    bool DiskTried = false;
    bool QuickBuilt = false;
    Index Names;
    Index Quick; ///< until Built, in the background mode
  };
  std::mutex M;
  std::map<std::string, Entry> ByKey;
  Hooks H;
  std::string CacheDir;
  Counts Count;

  Index build(const CompileRequest &Base,
              llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
              const Hooks &With);
  Index buildQuick(const CompileRequest &Base,
                   llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                   const Hooks &With);
  /// Under M: reads E from the disk cache once.
  void loadOnce(Entry &E, const CompileRequest &Base,
                llvm::vfs::FileSystem &FS);
  void save(const Index &Names, const CompileRequest &Base,
            llvm::vfs::FileSystem &FS);
};

} // namespace cgols
