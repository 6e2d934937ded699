//===- GoFile.h - What cgols needs to know about one Go file --------------===//
//
// parseGoFile reads a Go source file the way go/parser (imports only, with
// comments) and cmd/cgo read it: the package clause, the build constraint
// lines, the imports with their doc comments, the cgo preamble built exactly
// as cmd/cgo builds it (commentText of the doc comment of import "C"), every
// C.name reference and every //export comment. Any byte string is accepted;
// what cannot be parsed is simply absent.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "SourceMap.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cgols::go {

struct Range {
  std::size_t Begin = 0;
  std::size_t End = 0;
};

/// One import "C" spec.
struct CImport {
  Range Spec;           ///< the spec, including a name if there is one
  Range Path;           ///< the "C" literal
  bool Renamed = false; ///< `import x "C"`: cgo rejects it
  /// The doc comment group cgo uses as preamble, if any.
  std::optional<Range> Doc;
  /// A comment group that ends one blank line (or more) above the import and
  /// so is not the preamble: cgo users mean it as one (golang/go#9733).
  std::optional<Range> Detached;
};

/// A C.name selector in Go code.
struct CRef {
  std::string Name;
  Range Where; ///< "C.name"
};

/// An `//export Name` comment in the doc comment of a top-level func.
struct Export {
  std::string Name;
  Range Where;          ///< the whole comment
  std::string FuncName; ///< the name of the func it documents
};

struct GoFile {
  std::string Path; ///< absolute path
  bool HasPackageClause = false;
  std::string PackageName;
  /// The expression of a //go:build line before the package clause.
  std::optional<std::string> GoBuild;
  /// The expressions of // +build lines that count (before a blank line).
  std::vector<std::string> PlusBuild;
  std::vector<CImport> CImports;
  /// The import paths other than "C", unquoted.
  std::vector<std::string> Imports;
  /// Where each of Imports is written (the string literal).
  std::vector<Range> ImportPaths;
  /// The preamble as cmd/cgo builds it (all import "C" docs, concatenated).
  std::string Preamble;
  SourceMap PreambleMap;
  std::vector<CRef> Refs;
  std::vector<Export> Exports;

  bool isCgo() const { return !CImports.empty(); }
  /// Whether cgo has a preamble to compile for it: an empty one is compiled
  /// too when Go code uses C.names (cgo then knows only its builtins: a
  /// detached preamble, a typo); a file that only //exports has none.
  bool hasPreambleToCompile() const {
    return isCgo() && !(Preamble.empty() && Refs.empty());
  }
};

GoFile parseGoFile(std::string Path, std::string_view Text);

} // namespace cgols::go
