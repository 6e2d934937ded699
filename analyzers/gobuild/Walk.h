//===- Walk.h - Walking a Go tree as the go command does ------------------===//
//
// The one walker of Go source trees: `cgols check DIR/...` (the package
// directories, as go's ./... pattern finds them) and the server's bounded
// looks at a workspace folder (does it use cgo, which pkg-config packages do
// its #cgo lines name). Both skip what the go command skips.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <functional>
#include <set>
#include <string>

namespace cgols {

/// Directories ./... does not enter: names that begin with '.' or '_',
/// testdata and vendor (cmd/go's matchPackages); and node_modules, which
/// holds no Go packages and may hold thousands of directories.
bool skippedDirectory(llvm::StringRef Name);

/// The directories under Root (Root too) that hold .go files, into Dirs. A
/// directory that cannot be read is an error (Error says which), as it is
/// for the go command.
bool packageDirectories(llvm::vfs::FileSystem &FS, const std::string &Root,
                        std::set<std::string> &Dirs, std::string &Error);

/// Calls Visit with each .go file under Dir (its first 64 KiB), until Visit
/// returns false: a bounded walk (2,000 files, 20,000 entries).
void walkGoFiles(
    llvm::vfs::FileSystem &FS, const std::string &Dir,
    const std::function<bool(const std::string &, llvm::StringRef)> &Visit);

} // namespace cgols
