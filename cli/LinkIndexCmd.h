//===- LinkIndexCmd.h - `cgols link-index`: what the link check knows -----===//
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cgols {

struct LinkIndexOptions {
  std::string SDK;                    ///< a MacOSX.sdk
  std::string Arch = "arm64";         ///< with SDK
  std::vector<std::string> LinuxDirs; ///< else: these library directories
  std::vector<std::string> Symbols;   ///< print who defines each
  std::string Deployment = "11.0";    ///< the macOS deployment target
  /// Write the index (LinkIndex::serialize) to this file, written whole
  /// then renamed, instead of printing: how the server builds a darwin
  /// index in a process of its own (LLVM 16's .tbd reader crashes on some
  /// malformed stubs, and the SDK folder is a setting).
  std::string WriteTo;
};

/// Loads the index (no cache), prints its size, the time it took and the
/// providers of the symbols asked for. 1 when nothing was found.
int runLinkIndex(const LinkIndexOptions &O, std::ostream &Out);

} // namespace cgols
