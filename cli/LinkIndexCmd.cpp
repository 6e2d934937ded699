//===- LinkIndexCmd.cpp - `cgols link-index` ------------------------------===//
#include "LinkIndexCmd.h"

#include "link/LinkIndex.h"

#include <chrono>

namespace cgols {

int runLinkIndex(const LinkIndexOptions &O, std::ostream &Out) {
  auto FS = llvm::vfs::getRealFileSystem();
  auto Start = std::chrono::steady_clock::now();
  LinkIndex I = O.SDK.empty() ? LinkIndex::loadLinux(*FS, O.LinuxDirs, "x86_64")
                              : LinkIndex::loadDarwinSDK(*FS, O.SDK, O.Arch,
                                                         O.Deployment);
  if (!O.WriteTo.empty())
    return writeLinkIndex(I, O.WriteTo) ? 0 : 1;
  double Ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - Start)
                  .count();
  Out << "libraries: " << I.libraries().size()
      << "\nsymbols: " << I.symbolCount() << "\nload: " << Ms << " ms\n";
  for (const std::string &S : O.Symbols) {
    Out << S << ":";
    for (unsigned L : I.providers(S)) {
      Out << " " << I.library(L).Path;
      if (auto K = I.linkableFor(L))
        Out << " (" << I.library(*K).flag() << ")";
    }
    Out << "\n";
  }
  return I.empty() ? 1 : 0;
}

} // namespace cgols
