//===- CgoLines.h - #cgo lines as a language: completion and hover --------===//
//
// What a position inside a `#cgo` line of a preamble is (the verb or a
// condition, a flag, the framework after -framework, the library of -l, a
// pkg-config package, the function of noescape/nocallback, ${SRCDIR}), the
// candidates for it, and the hover text. Pure: the server gathers the
// sources (the options the package was analysed with, the targets' link
// indexes, pkg-config's answers, the preamble's functions) as plain data.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Options.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cgols {

/// Where a position is in a #cgo line.
struct CgoLineAt {
  enum class Slot {
    Head,      ///< before the colon: a build condition or the verb
    Flag,      ///< an argument of a flags verb
    Framework, ///< the word after -framework
    Library,   ///< a -l word of LDFLAGS
    Package,   ///< a pkg-config package
    Function,  ///< the function of noescape / nocallback
  };
  Slot S = Slot::Head;
  std::string Verb; ///< CFLAGS ... pkg-config, noescape; "" in Head
  std::string Word; ///< the word at the position, as written
  /// The word's bytes in the Go file (what a completion replaces).
  std::size_t Begin = 0, End = 0;
  /// The word up to the position (what candidates must start with).
  std::string Prefix;
  std::string Next;     ///< the word after (a flag's argument)
  std::string Previous; ///< the word before
};

/// The #cgo line word at Offset of a Go file's text, when Offset is in a
/// `#cgo` line of the file's cgo preamble (a word may be empty: after
/// "#cgo " or "-framework ").
std::optional<CgoLineAt> cgoLineAt(std::string_view GoText, std::size_t Offset);

/// A flag cgols documents: what it does, and a sample use that the
/// allowlist is asked about (a flag is offered only where the installed go
/// command accepts it).
struct CgoFlagDoc {
  const char *Flag;   ///< as inserted: "-framework", "-I", "-fobjc-arc"
  bool Compiler;      ///< offered in CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS
  bool Linker;        ///< offered in LDFLAGS
  const char *Sample; ///< the words checked: "-framework Foundation"
  const char *Doc;    ///< one line
};
const std::vector<CgoFlagDoc> &cgoFlagDocs();
/// The documented flag a written one is an instance of (-I/usr/include is
/// -I, -Wl,-rpath,/x is -Wl,-rpath), or null.
const CgoFlagDoc *cgoFlagDocFor(const std::string &Word);

/// What completion and hover in #cgo lines read.
struct CgoLineSources {
  go::GoVersion GoVer;
  std::string GoVersionText; ///< "go1.19.8"; empty if unknown
  std::map<std::string, std::string> CgoFlagEnv; ///< CGO_<KIND>_ALLOW...
  std::string PackageDir;                        ///< ${SRCDIR}
  /// Build tags the package's files use that are not GOOS/GOARCH names.
  std::vector<std::string> Tags;
  /// Per target with a link index: its frameworks and -l libraries.
  struct TargetLibraries {
    std::string Target; ///< "darwin/arm64"
    std::vector<std::string> Frameworks;
    /// Linkable libraries: name and file.
    std::vector<std::pair<std::string, std::string>> Libraries;
    /// Framework name -> its file (install name), for hover.
    std::map<std::string, std::string> FrameworkFiles;
    /// Library or framework flag ("-framework Cocoa", "-lz") -> how many
    /// of the package's external symbols it defines on this target.
    std::map<std::string, unsigned> SymbolsUsed;
  };
  std::vector<TargetLibraries> Libraries;
  /// pkg-config's packages (name, description); empty with PkgConfigWhy
  /// set when pkg-config was not asked (untrusted, not installed).
  std::vector<std::pair<std::string, std::string>> PkgConfigPackages;
  std::string PkgConfigWhy;
  /// The preamble's C functions (name, declaration).
  std::vector<std::pair<std::string, std::string>> Functions;
};

struct CgoLineCandidate {
  std::string Label;
  std::string Insert; ///< the text that replaces the word
  std::string Detail;
  std::string Doc;
  enum class Kind { Keyword, Flag, Module, Function, Value } K = Kind::Value;
};
/// Candidates for the word at At, starting with its prefix.
std::vector<CgoLineCandidate> cgoLineCandidates(const CgoLineAt &At,
                                                const CgoLineSources &S);

/// What pkg-config says of one package, for hover.
struct PkgConfigFacts {
  std::string Version;
  std::string CFlags, Libs;
  std::string Error; ///< pkg-config failed, or was not run: why
};

/// Markdown for a hover at At (empty: nothing to say). Package is asked
/// for a pkg-config package only.
std::string cgoLineHover(const CgoLineAt &At, const CgoLineSources &S,
                         const PkgConfigFacts *Package = nullptr);

} // namespace cgols
