//===- LinkIndex.h - Which library defines a symbol, for one target -------===//
//
// The linker's view of a target's libraries, as data the link check asks:
// which library defines a symbol, which -framework / -l names exist, and
// what a link of some libraries provides (re-exports followed).
//
// macOS: every .tbd stub of an SDK (System/Library/Frameworks, nested
// frameworks, usr/lib), read with LLVM's TextAPI. Symbols are kept for one
// architecture (an entry's targets decide), with the linker's names: "_free",
// "_OBJC_CLASS_$_NSAlert". `$ld$hide$osV$sym` hides sym for deployment target
// V, `$ld$add$osV$sym` adds it; other `$ld$` entries are not symbols.
// Linux: the lib*.so and lib*.a files of the linker's search directories;
// dynamic symbols of shared objects and the symbol tables of archives, read
// with llvm::object; text linker scripts (libc.so) followed.
//
// Loading reads files only (no program runs). Thread-safe once built.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

struct LinkLibrary {
  std::string Path; ///< macOS: the install name; Linux: the file
  /// What a link line names it by: "AppKit" (a framework), "z" (-lz).
  std::string Name;
  bool Framework = false;
  /// Whether a link line can name it (-framework Name, -lName): public
  /// frameworks and usr/lib libraries; not sub-frameworks, private
  /// frameworks or usr/lib/system.
  bool Linkable = false;
  /// Libraries whose symbols a link of this one provides (macOS re-exports;
  /// Linux linker scripts).
  std::vector<unsigned> Reexports;

  /// "-framework AppKit", "-lz".
  std::string flag() const {
    return Framework ? "-framework " + Name : "-l" + Name;
  }
};

class LinkIndex {
public:
  /// Every .tbd stub of a macOS SDK, for Arch ("arm64", "x86_64") and a
  /// deployment target ("11.0").
  static LinkIndex loadDarwinSDK(llvm::vfs::FileSystem &FS,
                                 const std::string &SDK, llvm::StringRef Arch,
                                 llvm::StringRef Deployment);
  /// The lib*.so and lib*.a files of Dirs (the first directory that has a
  /// name wins, as for -l), for an ELF machine ("x86_64", "aarch64").
  static LinkIndex loadLinux(llvm::vfs::FileSystem &FS,
                             const std::vector<std::string> &Dirs,
                             llvm::StringRef Arch);

  /// A stable text of what was read (paths and modification times): the
  /// key of the on-disk cache, empty when nothing was found.
  static std::string darwinStamp(llvm::vfs::FileSystem &FS,
                                 const std::string &SDK);

  bool empty() const { return Libs.empty(); }
  std::size_t symbolCount() const { return Symbols.size(); }
  const std::vector<LinkLibrary> &libraries() const { return Libs; }
  const LinkLibrary &library(unsigned I) const { return Libs[I]; }

  /// The libraries that define Sym (the linker's name).
  llvm::ArrayRef<unsigned> providers(llvm::StringRef Sym) const;
  /// -framework Name, matched as macOS matches file names (ignoring case).
  std::optional<unsigned> framework(llvm::StringRef Name) const;
  /// -lName.
  std::optional<unsigned> libraryNamed(llvm::StringRef Name) const;
  /// The names of every linkable framework (for did-you-mean).
  std::vector<std::string> frameworkNames() const;
  /// Which libraries a link of Linked provides symbols from.
  std::vector<bool> closure(llvm::ArrayRef<unsigned> Linked) const;
  /// What to link to get library I: itself when a link line can name it,
  /// else the nearest linkable library that re-exports it.
  std::optional<unsigned> linkableFor(unsigned I) const;

  /// The index as bytes (for the on-disk cache) and back; nullopt when the
  /// bytes are not an index of this version.
  std::string serialize() const;
  static std::optional<LinkIndex> deserialize(llvm::StringRef Bytes);

  /// Adds one library's symbols (used by the loaders and by tests).
  unsigned addLibrary(LinkLibrary L);
  void addSymbol(llvm::StringRef Sym, unsigned Lib);

private:
  std::vector<LinkLibrary> Libs;
  llvm::StringMap<llvm::SmallVector<unsigned, 1>> Symbols;
  llvm::StringMap<unsigned> ByName; ///< "f:appkit" / "l:z"
};

/// The symbols a Linux shared object or archive defines (dynamic symbols;
/// an archive's symbol table), or the files a text linker script names.
struct ElfLibrary {
  std::vector<std::string> Symbols;
  std::vector<std::string> ScriptInputs;
  bool Ok = false;
};
ElfLibrary readElfLibrary(llvm::vfs::FileSystem &FS, const std::string &Path);

} // namespace cgols

namespace cgols {

struct Target;

/// The link indexes of the targets analysed, loaded once per SDK or
/// sysroot and architecture, kept in memory and, when a cache directory is
/// given, on disk (keyed by the paths and modification times read; written
/// to a temporary file and renamed). Thread-safe.
class LinkIndexes {
public:
  explicit LinkIndexes(std::string CacheDir = "")
      : CacheDir(std::move(CacheDir)) {}

  /// Builds a darwin index somewhere else (the server: `cgols link-index
  /// --write FILE` in a process of its own, with a deadline) and leaves it
  /// in File; false when that failed (the index is then empty). Unset: in
  /// this process.
  std::function<bool(const std::string &SDK, const std::string &Arch,
                     const std::string &Deployment, const std::string &File)>
      BuildDarwinElsewhere;

  /// The index for T: darwin targets need an SDK; linux targets a sysroot,
  /// or the host's own libraries when T is the host. Null when there is
  /// none to read.
  /// DriverDirs: the C compiler driver's own library search path for the
  /// host (`cc -print-search-dirs`), searched first, as the driver hands
  /// it to the linker (gcc's private directory has libstdc++, libgcc_s,
  /// libatomic, libgomp, libasan); empty: the linker's default directories.
  std::shared_ptr<const LinkIndex>
  forTarget(const Target &T, const std::string &DarwinSDK,
            const std::string &LinuxSysroot, const std::string &HostGOOS,
            const std::string &HostGOARCH, llvm::vfs::FileSystem &FS,
            const std::vector<std::string> &DriverDirs = {});

  /// Loads from the disk cache that were used, and builds (for tests).
  std::size_t diskLoads() const { return DiskLoads; }
  std::size_t builds() const { return Builds; }

private:
  std::string CacheDir;
  std::mutex M;
  std::map<std::string, std::shared_ptr<const LinkIndex>> Loaded;
  std::size_t DiskLoads = 0, Builds = 0;
};

/// Whether a .tbd stub's text may go to LLVM's TextAPI reader: YAML whose
/// every document is a mapping with a tbd-version of 1 to 4 (or, with LLVM
/// 17 and later, JSON). LLVM 16's reader dereferences a null node on other
/// text (a linker script, a scalar or flow document, `tbd-version: 5` in
/// YAML; found by fuzzing). What passes may still crash LLVM 16's reader,
/// which is why the server reads an SDK in `cgols link-index --write`, a
/// process of its own (LinkIndexes::BuildDarwinElsewhere).
bool tbdLooksReadable(llvm::StringRef Text);

/// Writes I's bytes to File: to a temporary name beside it, then renamed,
/// so that a reader never sees half an index. False on any failure.
bool writeLinkIndex(const LinkIndex &I, const std::string &File);

/// Whether Typed is most likely a misspelling of Known (a "did you mean"):
/// the same name in another case, or one slip of the keyboard in a name of
/// some length: a letter left out, one too many, two neighbours swapped, or
/// one lower-case letter for another. Never a name that differs in a
/// capital (OpenAL is not OpenGL) or one that Typed contains with more
/// than a letter around it (AVFoundation is not Foundation): those are other
/// frameworks, which an SDK without Typed may still have.
bool isLikelyTypoOf(llvm::StringRef Typed, llvm::StringRef Known);

/// The directories GNU ld searches on a Debian-like system for an
/// architecture ("amd64"), under Sysroot ("" for the host).
std::vector<std::string> linuxLibraryDirs(const std::string &Sysroot,
                                          const std::string &GOARCH);

/// The `libraries: =DIR:DIR...` line of `gcc -print-search-dirs` or
/// `clang -print-search-dirs`, as absolute directories without `..`, in
/// order, each once; empty when Output has no such line.
std::vector<std::string> parseLibrarySearchDirs(llvm::StringRef Output);

} // namespace cgols
