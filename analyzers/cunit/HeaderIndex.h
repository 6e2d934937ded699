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
// a package's analysis is published (prepare), a lookup never waits (it
// answers nothing until the index is ready), the build reports its
// progress, and Hooks::Ready tells the server to analyse again so that the
// fixes appear.
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

private:
  using Index = std::map<std::string, std::vector<std::string>>;
  struct Entry {
    bool Building = false;
    bool Built = false;
    Index Names;
  };
  std::mutex M;
  std::map<std::string, Entry> ByKey;
  Hooks H;

  Index build(const CompileRequest &Base,
              llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
              const Hooks &With);
};

} // namespace cgols
