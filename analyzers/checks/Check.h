//===- Check.h - One shape for every check, and what a check is given -----===//
//
// A check is a value (struct Check): a name, the diagnostic codes it emits
// with their documentation (docs/checks.md is generated from these texts:
// `cgols docs checks`), a scope, and its run function. The pipeline
// (Analysis.cpp) loops over the registry (allChecks()): package-scope checks
// once per package, before any compile; target-scope checks once per target,
// with the compiled preambles and .c/.m files of that target. A check reads
// what it needs from the CheckContext and nothing else: no process environment,
// no JSON.
//
// A new check: a file in analyzers/checks/ that defines its Check value,
// one line in Registry.cpp, a marker test. Its documentation is its Codes.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Options.h"
#include "core/CodeDocs.h"
#include "core/Diagnostic.h"
#include "cunit/PreambleCompiler.h"
#include "gobuild/Package.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

class HeaderIndex;
class LinkIndex;
struct VersionGaps;

struct PreambleUnit {
  const SourceFile *File = nullptr;
  CompileRequest Req;
  std::shared_ptr<const CompileResult> R;
};

/// A compile that did not finish (a crash, a timeout, out of memory): a
/// preamble (File) or a .c/.m file of the package (SourcePath).
struct FailedUnit {
  const SourceFile *File = nullptr;
  std::string SourcePath;
  CompileResult R; ///< Failure and FailureDetail only
};

struct SourceUnit {
  std::string Path; ///< a .c or .m file of the package
  std::string Text;
  std::shared_ptr<const CompileResult> R;
};

/// The go command's verdict on a target's #cgo flags, computed once per
/// target (judgeFlags in pipeline/Flags.h) and shared by the diagnostics, the
/// compile line and the pkg-config output check.
struct FlagVerdicts {
  struct List {
    const char *Kind = ""; ///< "CFLAGS"
    const std::vector<FlagArg> *Flags = nullptr;
    std::vector<bool> Rejected;           ///< per flag
    std::vector<std::size_t> ProblemFlag; ///< index of the flag per problem
    std::vector<bool> ProblemWithNext;
    std::vector<std::string> ProblemText; ///< the go command's words
    std::string EnvError;                 ///< a bad CGO_<KIND>_ALLOW regexp
    /// The flags the go command accepts, in order.
    std::vector<std::string> accepted() const;
  };
  std::array<List, 5> Lists; ///< CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS, LDFLAGS
  const List &of(const char *Kind) const;
};

/// A package the analysed package imports (directly or not), for one
/// target, read and compiled as the analysed one is (its cgo files, .c and
/// .m files, #cgo flags, pkg-config), never built: what it defines and
/// links is what a program that imports it gets.
struct ImportedPackage {
  std::string ImportPath, Dir;
  Package Pkg;
  std::unique_ptr<TargetView> V; ///< points into Pkg
  FlagVerdicts Flags;
  std::vector<PreambleUnit> Preambles;
  std::vector<SourceUnit> Sources;
  /// Every compile finished and pkg-config answered: what it defines and
  /// links is known.
  bool Complete = true;
  std::vector<std::string> PkgConfigLibs;
  bool PkgConfigLibsKnown = true;
};

/// The program around a package, for one target: every non-standard
/// package it imports, directly or not, as the go command resolves them
/// (module, workspace, vendor directory, module cache: gobuild/Modules.h).
struct ProgramView {
  /// The analysed package's own import path ("" when no module says it).
  std::string ImportPath;
  std::vector<std::unique_ptr<ImportedPackage>> Packages;
  /// Non-standard import paths no module provides here, or that were not
  /// followed (more packages than cgols reads for one program).
  std::vector<std::string> NotFound;
  /// Per package of Packages (by import path), the analysed package's own
  /// import through which it is reached.
  std::map<std::string, std::string> Via;
  /// The packages of its module (or workspace, or GOPATH src) that import
  /// the analysed package directly (not for a main package; test files
  /// left out), by import path, sorted: the programs a library's missing
  /// flag would fail.
  std::vector<std::string> Importers;
  bool complete() const {
    if (!NotFound.empty())
      return false;
    for (const auto &P : Packages)
      if (!P->Complete)
        return false;
    return true;
  }
};

struct CheckContext {
  CheckContext(const Package &P, const TargetView *V, const AnalysisOptions &O,
               llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
      : P(P), V(V), O(O), FS(std::move(FS)) {}
  const Package &P;
  const TargetView *V = nullptr; ///< null for package-scope checks
  const AnalysisOptions &O;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  std::vector<PreambleUnit> Preambles;
  std::vector<SourceUnit> Sources;
  /// Compiles that did not finish (not in Preambles or Sources): checks
  /// that need the whole package's code say nothing.
  std::vector<FailedUnit> Failed;
  /// Only some of the package's files were compiled (AnalysisOptions::
  /// FocusFile): checks that need all of its code say nothing.
  bool Partial = false;
  const FlagVerdicts *Flags = nullptr;
  /// What resolving #cgo pkg-config found (the pipeline resolves it before
  /// compiling; the cgo-pkg-config check reports it).
  std::vector<Diagnostic> PkgConfigFindings;
  /// Set when #cgo pkg-config did not answer for this target: the units
  /// were compiled without its flags, so a header not found is that line's
  /// consequence (said once there), not an error of each preamble.
  const FlagArg *PkgConfigLine = nullptr;
  /// Owned by the server; null in tests that need no include fixes.
  HeaderIndex *Headers = nullptr;
  /// The target's libraries (the SDK's .tbd stubs, the linker's search
  /// path); null when there is none to ask (no SDK, another machine).
  const LinkIndex *Links = nullptr;
  /// What `pkg-config --libs` printed for the target's #cgo pkg-config
  /// packages; PkgConfigLibsKnown is false when there are packages and
  /// pkg-config did not answer.
  std::vector<std::string> PkgConfigLibs;
  bool PkgConfigLibsKnown = true;
  /// What `pkg-config --cflags` printed for the target's packages.
  std::vector<std::string> PkgConfigCFlags;
  /// Names the installed pkg-config libraries are too old for (found after
  /// the compile): cgo-library-too-old reports them, once per library; the
  /// checks that would report each name leave them out. Null: none found.
  const VersionGaps *Gaps = nullptr;
  /// The packages the package imports, read and compiled on the first call
  /// (so only by a check that needs them); unset: not available (tests that
  /// give a package alone).
  std::function<const ProgramView &()> Program;

  const Target &target() const { return V->T; }
};

enum class CheckScope {
  Package, ///< once per package, from the Go files alone
  Target,  ///< once per target, with that target's compiled units
};

/// A check is a value, as a go/analysis Analyzer is: its name, its scope,
/// the codes it emits with their documentation, and the function that runs
/// it. Each is defined in its own file (analyzers/checks/NAME.cpp).
struct Check {
  const char *Name;
  CheckScope Scope;
  std::vector<CodeDoc> Codes;
  void (*Run)(const CheckContext &C, std::vector<Diagnostic> &Out);
};

/// Every check, in the order their codes appear in docs/checks.md.
const std::vector<const Check *> &allChecks();

/// docs/checks.md, generated from the checks' own documentation.
std::string checksMarkdown();

// The checks (each defined in its own file).
const Check &preambleDiagnosticsCheck();
const Check &directivesCheck();
const Check &undeclaredNamesCheck();
const Check &importCCheck();
const Check &exportDefinitionsCheck();
const Check &duplicateSymbolsCheck();
const Check &objcWithoutFlagCheck();
const Check &flagAllowlistCheck();
const Check &pkgConfigCheck();
const Check &conditionTyposCheck();
const Check &directiveConditionsCheck();
const Check &directiveUsesCheck();
const Check &linksCheck();
const Check &libraryVersionsCheck();
const Check &cgoCallsCheck();

/// cgo's own names, always there without a declaration (C.CString,
/// C.malloc, C.int, C._Bool...).
bool isCgoBuiltinName(const std::string &Name);

/// cgo-objc-without-flag: when a unit is Objective-C compiled as C, the
/// one diagnostic that stands for Clang's cascade.
std::optional<Diagnostic> objcCascade(const CheckContext &C,
                                      const PreambleUnit &U);

/// Whether the package's flags for the context's target contain one of
/// Names (also as "-x objective-c" in two arguments), or the settings do.
bool hasCompilerFlag(const CheckContext &C,
                     std::initializer_list<const char *> Names,
                     const FlagArg **Found = nullptr);

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
