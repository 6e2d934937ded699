//===- Symbols.h - What each C name is, collected from a compile ----------===//
//
// Internal to cunit/: PreambleCompiler calls collectSymbols at the end of a
// preamble's compile, while the AST and the preprocessor are still there.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "PreambleCompiler.h"

namespace clang {
class CompilerInstance;
}

namespace cgols {

/// Fills R.Symbols from the translation unit's file-scope declarations and
/// the object-like macros: those named in Only, or, when Only is empty,
/// those of the main file and the headers it includes directly.
void collectSymbols(clang::CompilerInstance &CI, CompileResult &R,
                    const std::vector<std::string> &Only);

/// Fills R.LinkRefs, R.StaticUses and R.DeclaredExternal (after
/// R.DeclaredNames is sorted): what the code needs from libraries.
void collectLinkRefs(clang::CompilerInstance &CI, CompileResult &R);

} // namespace cgols
