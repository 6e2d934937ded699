//===- Walk.cpp -----------------------------------------------------------===//
#include "Walk.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <vector>

namespace cgols {

bool skippedDirectory(llvm::StringRef Name) {
  return Name.starts_with(".") || Name.starts_with("_") || Name == "testdata" ||
         Name == "vendor" || Name == "node_modules";
}

bool packageDirectories(llvm::vfs::FileSystem &FS, const std::string &Root,
                        std::set<std::string> &Dirs, std::string &Error) {
  std::error_code EC;
  bool HasGo = false;
  std::vector<std::string> Subdirs;
  llvm::vfs::directory_iterator It = FS.dir_begin(Root, EC), End;
  if (EC) {
    Error = Root + ": " + EC.message();
    return false;
  }
  for (; It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (It->type() == llvm::sys::fs::file_type::directory_file) {
      if (!skippedDirectory(Name))
        Subdirs.push_back(It->path().str());
    } else if (Name.ends_with(".go")) {
      HasGo = true;
    }
  }
  if (EC) {
    Error = Root + ": " + EC.message();
    return false;
  }
  if (HasGo)
    Dirs.insert(Root);
  for (const std::string &S : Subdirs)
    if (!packageDirectories(FS, S, Dirs, Error))
      return false;
  return true;
}

void walkGoFiles(
    llvm::vfs::FileSystem &FS, const std::string &Dir,
    const std::function<bool(const std::string &, llvm::StringRef)> &Visit) {
  std::error_code EC;
  unsigned Seen = 0, Read = 0;
  for (llvm::vfs::recursive_directory_iterator It(FS, Dir, EC), End;
       It != End && !EC && Seen < 20000; It.increment(EC), ++Seen) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (It->type() == llvm::sys::fs::file_type::directory_file) {
      if (skippedDirectory(Name))
        It.no_push();
      continue;
    }
    if (It->type() != llvm::sys::fs::file_type::regular_file ||
        !Name.ends_with(".go") || ++Read > 2000)
      continue;
    auto B = FS.getBufferForFile(It->path(), 64 * 1024);
    if (B && !Visit(It->path().str(), (*B)->getBuffer().take_front(64 * 1024)))
      return;
  }
}

} // namespace cgols
