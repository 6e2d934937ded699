//===- Symbols.h - What each C name is, collected from a compile ----------===//
//
// Internal to cunit/: PreambleCompiler calls collectSymbols at the end of a
// preamble's compile, while the AST and the preprocessor are still there.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "PreambleCompiler.h"

#include "clang/Basic/SourceLocation.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace clang {
class BuiltinType;
class CompilerInstance;
class Decl;
class SourceManager;
} // namespace clang

namespace cgols {

/// The #include lines of a precompiled preamble's block, as they were while
/// it was built: the header each brought in, and the byte range of its name.
/// Where a header entered from the block came in cannot be read back from
/// the precompiled preamble (Clang's include locations point at its start).
struct IncludeTable {
  struct Site {
    std::string File;
    std::size_t Begin, End;
  };
  std::vector<Site> Sites;
  /// While the block is built, for every header it enters; afterwards, for
  /// the headers loaded from it only (the rest of the file's own includes
  /// have their true locations).
  bool Building = false;
};

/// The main file, or the precompiled preamble's copy of its block.
bool isMainFile(const clang::SourceManager &SM, clang::FileID FID);

/// The #include in the main file that brought FID in, directly or through
/// other headers: the byte range of its header name. Headers entered from a
/// precompiled block are looked up in Includes.
std::optional<std::pair<std::size_t, std::size_t>>
includeSite(const clang::SourceManager &SM, clang::FileID FID,
            const IncludeTable *Includes);

/// The translation unit's file-scope declarations; with Local, only those
/// this compile parsed itself (not those of a precompiled preamble, which
/// were collected when it was built: reading them back would deserialize
/// the whole preamble).
std::vector<clang::Decl *> topLevelDecls(clang::CompilerInstance &CI,
                                         bool Local);

/// Fills R.Symbols from the translation unit's file-scope declarations and
/// the object-like macros: those named in Only, or, when Only is empty,
/// those of the main file and the headers it includes directly. Local: see
/// topLevelDecls (macros likewise).
void collectSymbols(clang::CompilerInstance &CI, CompileResult &R,
                    const std::vector<std::string> &Only, bool Local = false);

/// The element of V (sorted by Name) with that Name, or null.
template <class T>
const T *findNamed(const std::vector<T> &V, const std::string &Name) {
  auto It = std::lower_bound(
      V.begin(), V.end(), Name,
      [](const T &S, const std::string &N) { return S.Name < N; });
  return It != V.end() && It->Name == Name ? &*It : nullptr;
}

/// cgo's name of a C builtin type after C. ("int", "ulonglong", "_Bool"),
/// or "" for one cgo has no name for.
std::string cgoBuiltinName(const clang::BuiltinType *B);

/// Fills R.GoShapes with the Go view of those of Names (CompileRequest::
/// GoNames) that the translation unit declares, looked up by name (so a
/// compile over a precompiled block finds the block's declarations too).
void collectGoShapes(clang::CompilerInstance &CI, CompileResult &R,
                     const std::vector<std::string> &Names);

/// Sorts symbols by name and keeps one per name, the first (declarations
/// are collected in order, so the first declaration wins).
void sortSymbols(std::vector<CSymbol> &Symbols);

/// Fills R.LinkRefs and R.StaticUses: what the code needs from libraries.
/// Returns the names of the functions and variables declared but not
/// defined (for R.DeclaredExternal, see setDeclaredExternal).
std::vector<std::string> collectLinkRefs(clang::CompilerInstance &CI,
                                         CompileResult &R, bool Local,
                                         const IncludeTable *Includes);

/// Sets R.DeclaredExternal (after R.DeclaredNames is sorted) from the names
/// collectLinkRefs returned, sorted.
void setDeclaredExternal(CompileResult &R,
                         const std::vector<std::string> &SortedExternal);

} // namespace cgols
