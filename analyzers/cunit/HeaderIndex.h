//===- HeaderIndex.h - Which system header declares a name ----------------===//
//
// For the "add #include" quick fixes: the headers of a target's SDK or
// sysroot (the files directly in usr/include) are each compiled once, and
// every name a header declares itself (not through its own includes) is
// indexed. Built lazily, on the first lookup for a target, and kept by its
// owner (the server). Thread-safe.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "PreambleCompiler.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace cgols {

class HeaderIndex {
public:
  /// Headers ("stdlib.h") that declare Name, best first: C standard headers
  /// before others, then shorter names. Base gives the target, sysroot and
  /// resource directory.
  std::vector<std::string>
  headersDeclaring(const std::string &Name, const CompileRequest &Base,
                   llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);

private:
  std::mutex M;
  std::map<std::string, std::map<std::string, std::vector<std::string>>> ByKey;
};

} // namespace cgols
