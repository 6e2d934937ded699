//===- Modules.h - Where the go command finds an imported package ---------===//
//
// An import path's directory as the go command resolves it in module mode,
// read from files alone (no program runs): the main module (go.mod), the
// workspace (go.work's use lines, unless GOWORK=off), a module's vendor
// directory, local replace directives, and the module cache (GOMODCACHE,
// the required version's directory). Without a go.mod, GOPATH mode: the
// `src` directory that holds the package holds its imports. The module whose
// path is the longest prefix of the import path provides it, as in cmd/go's
// importFromModules. Standard-library paths (no dot in the first element)
// resolve to nothing: cgols models the standard library's cgo as the
// toolchain's implicit libraries.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

/// What a go.mod file says that resolution needs.
struct GoModFile {
  std::string Root;                           ///< its directory
  std::string Path;                           ///< the module line
  std::map<std::string, std::string> Require; ///< path -> version
  /// path -> a directory (a local replacement, absolute) or "path@version".
  std::map<std::string, std::string> Replace;
};

/// Parses go.mod text (module, require, replace; single lines and blocks;
/// comments). Root is the directory it lives in.
GoModFile parseGoMod(llvm::StringRef Text, const std::string &Root);

/// The use directories of go.work text, absolute (relative ones against
/// Root), and its replace lines into Replace.
std::vector<std::string>
parseGoWork(llvm::StringRef Text, const std::string &Root,
            std::map<std::string, std::string> &Replace);

/// A module path as the module cache spells it: each capital letter as '!'
/// and its lower case ("github.com/BurntSushi" -> "github.com/!burnt!sushi").
std::string escapeModulePath(llvm::StringRef Path);

/// Whether an import path is the standard library's (its first element has
/// no dot: "fmt", "net/http", "C").
bool isStandardImport(llvm::StringRef Path);

/// Resolves import paths to directories. Thread-safe; the files it read
/// are kept, so one resolver serves one analysis.
class ImportResolver {
public:
  /// ModCache: GOMODCACHE (empty: no module cache). WorkOff: GOWORK=off.
  /// GoPath: GOPATH's entries, for GOPATH mode (after the src directory
  /// that holds the importing package).
  ImportResolver(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                 std::string ModCache, bool WorkOff = false,
                 std::vector<std::string> GoPath = {})
      : FS(std::move(FS)), ModCache(std::move(ModCache)), WorkOff(WorkOff),
        GoPath(std::move(GoPath)) {}

  /// The directory of ImportPath as the package in FromDir imports it;
  /// nullopt when no module of the build provides it (or it is standard).
  std::optional<std::string> resolve(llvm::StringRef ImportPath,
                                     const std::string &FromDir);
  /// The import path of the package in Dir, from the module that holds it.
  std::optional<std::string> importPathOf(const std::string &Dir);
  /// Where the packages that may import the one in Dir are: the roots of
  /// its build's modules (the workspace's, or its own module's), or the
  /// GOPATH src directory that holds it.
  std::vector<std::string> roots(const std::string &Dir);

private:
  struct Build {
    std::vector<std::shared_ptr<const GoModFile>> Modules; ///< main or work
    std::map<std::string, std::string> Require, Replace;
  };
  std::shared_ptr<const GoModFile> moduleAt(const std::string &Dir);
  /// GOPATH mode: the ".../src" directory above Dir ("" when none).
  static std::string gopathSrc(const std::string &Dir);
  std::shared_ptr<const Build> buildFor(const std::string &Dir);

  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  std::string ModCache;
  bool WorkOff;
  std::vector<std::string> GoPath;
  std::mutex M;
  /// directory -> its go.mod, or null when none is above it.
  std::map<std::string, std::shared_ptr<const GoModFile>> ModOf;
  std::map<std::string, std::shared_ptr<const Build>> Builds;
};

} // namespace cgols
