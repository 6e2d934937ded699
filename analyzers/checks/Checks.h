//===- Checks.h - The cgo checks and what they are given ------------------===//
//
// Each check is a function over one package, for one target, with the
// compiled preambles (and .c/.m files) of that target. Each lives in a file
// of its own that opens with its documentation (docs/checks.md says the
// same for users). Target-independent checks take only the package.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Analysis.h"
#include "clang/PreambleCompiler.h"

#include <memory>
#include <string>
#include <vector>

namespace cgols {

struct PreambleUnit {
  const SourceFile *File = nullptr;
  CompileRequest Req;
  std::shared_ptr<const CompileResult> R;
};

struct SourceUnit {
  std::string Path; ///< a .c or .m file of the package
  std::string Text;
  std::shared_ptr<const CompileResult> R;
};

struct CheckContext {
  const Package &P;
  const TargetView &V;
  const AnalysisOptions &O;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  std::vector<PreambleUnit> Preambles;
  std::vector<SourceUnit> Sources;
};

// Per target, with compiled units.
void checkUndeclaredNames(const CheckContext &C, std::vector<Diagnostic> &Out);
void checkExportDefinitions(const CheckContext &C,
                            std::vector<Diagnostic> &Out);
void checkDuplicateSymbols(const CheckContext &C, std::vector<Diagnostic> &Out);

// Target-independent.
void checkImportC(const Package &P, std::vector<Diagnostic> &Out);
void checkConditionTypos(const Package &P, std::vector<Diagnostic> &Out);

/// A fix that adds a line to a file's preamble, written in the comment style
/// of that preamble: after the last #include/#import line, else first.
/// `Line` is the C text ("#include <stdlib.h>").
std::optional<Fix> addPreambleLine(const SourceFile &F, const std::string &Line,
                                   const std::string &Title,
                                   bool AfterIncludes);

/// The include fix for a name, from the target's headers, if any declares it.
std::optional<Fix> includeFixFor(const CheckContext &C, const SourceFile &F,
                                 const PreambleUnit &U,
                                 const std::string &Name);

/// Explanation appended to Clang diagnostics that clang 15/16 made errors.
std::string clang16Explanation(const std::string &Flag);

/// The link error text both linkers print for a duplicate C symbol.
std::string duplicateSymbolText(const std::string &Name, bool ObjCClass);

} // namespace cgols
