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
};

/// Loads the index (no cache), prints its size, the time it took and the
/// providers of the symbols asked for. 1 when nothing was found.
int runLinkIndex(const LinkIndexOptions &O, std::ostream &Out);

} // namespace cgols
