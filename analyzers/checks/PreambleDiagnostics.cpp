//===- PreambleDiagnostics.cpp - Clang's diagnostics, in the Go file ------===//
//
// Check ids: cgo-preamble-error, cgo-preamble-warning, cgo-header-not-found.
//
// Each compiled preamble's Clang diagnostics are mapped into the Go file
// through the file's SourceMap; a diagnostic in a header moves onto the
// #include line that brought the header in ("in included file: ..."), with
// the header location as related information; Clang's fix-its become fixes
// when their range lies in one comment piece. The warnings clang 15/16 made
// errors get their explanation and, for undeclared functions, the include
// fix. Objective-C compiled as C is handed to cgo-objc-without-flag, which
// replaces the cascade with one diagnostic.
//
//===----------------------------------------------------------------------===//
#include "Check.h"
#include "pipeline/LibraryVersions.h"

#include "llvm/Support/Path.h"

#include <optional>

namespace cgols {
namespace {

std::string flagText(const std::string &Flag, const std::string &Msg) {
  return Flag.empty() ? Msg : Msg + " [" + Flag + "]";
}

// Turns one compiled preamble's diagnostics into Go-file diagnostics.
class Mapper {
public:
  Mapper(const SourceFile &F, const Target &T, const TargetView &V,
         const CheckContext &Ctx, const PreambleUnit &U)
      : F(F), T(T), V(V), Ctx(Ctx), U(U) {}

  void map(const CompileResult &R, std::vector<Diagnostic> &Out) {
    // Objective-C compiled as C: the objc-without-flag check says so once,
    // in place of Clang's cascade (while its code is on).
    if (!Ctx.O.DisabledCodes.count("cgo-objc-without-flag") &&
        objcCascade(Ctx, U))
      return;
    // After a header is not found, what follows is mostly its consequence
    // (unknown type names, undeclared identifiers): folded into the missing
    // header's diagnostic as a count, not listed.
    std::optional<std::size_t> MissingAt;
    std::size_t Folded = 0;
    bool Unreported = false; ///< the missing header is not in Out
    for (const CDiagnostic &C : R.Diags) {
      if (C.Lev == CDiagnostic::Level::Note)
        continue;
      if (MissingAt && C.Lev == CDiagnostic::Level::Error) {
        ++Folded;
        continue;
      }
      // A name an installed library is too old for (cgo-library-too-old).
      if (Ctx.Gaps && C.Lev == CDiagnostic::Level::Error &&
          Ctx.Gaps->Names.count(undeclaredNameInMessage(C.Message)))
        continue;
      // Compiled without an unresolved #cgo pkg-config line's flags: a
      // missing header, and what follows from it, are that line's
      // consequence, said once there (cgo-pkg-config).
      if (Ctx.PkgConfigLine && C.isFileNotFound) {
        MissingAt = Out.size();
        Unreported = true;
        continue;
      }
      Diagnostic D;
      D.Sev = C.Lev == CDiagnostic::Level::Warning ? Severity::Warning
                                                   : Severity::Error;
      D.Code = C.isFileNotFound           ? "cgo-header-not-found"
               : D.Sev == Severity::Error ? "cgo-preamble-error"
                                          : "cgo-preamble-warning";
      D.ClangFlag = C.Flag;
      D.Targets = {T.name()};
      std::string Msg = flagText(C.Flag, C.Message) +
                        clang16Explanation(C.Flag) + arcNote(C.Message);
      if (!C.HasLocation) {
        // The driver's own complaints (an unknown flag): at the #cgo flag
        // that caused it if one matches, else at import "C".
        D.Where = driverLocation(C.Message);
        D.Message = "C compiler: " + Msg;
      } else if (C.Where.InPreamble) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(C.Where.Begin, C.Where.End);
        D.Where = {F.Path, B, E};
        D.Message = Msg;
        addFixes(C, D);
        includeFixForUndeclaredFunction(C, D);
      } else if (C.HasIncludeSite) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(C.IncludeBegin, C.IncludeEnd);
        D.Where = {F.Path, B, E};
        D.Message = "in included file: " + Msg;
        D.InHeader = headerLocation(C.Where);
        D.Related.push_back({*D.InHeader, Msg});
      } else {
        // In the builtin prolog or a -include'd file: at import "C".
        D.Where = importLocation();
        D.Message = "in " + C.Where.File + ": " + Msg;
      }
      for (const CDiagnostic &N : C.Notes) {
        if (!N.HasLocation)
          continue;
        if (N.Where.InPreamble) {
          auto [B, E] = F.Go.PreambleMap.rangeToGo(N.Where.Begin, N.Where.End);
          D.Related.push_back({{F.Path, B, E}, N.Message});
        } else if (!N.Where.File.empty() &&
                   N.Where.File.rfind("/__cgols__/", 0) != 0) {
          D.Related.push_back({headerLocation(N.Where), N.Message});
        }
        addFixes(N, D);
      }
      if (C.isFileNotFound && !MissingAt)
        MissingAt = Out.size();
      Out.push_back(std::move(D));
    }
    if (MissingAt && Folded && !Unreported)
      Out[*MissingAt].Message +=
          " (and " + std::to_string(Folded) +
          (Folded == 1 ? " error that follows" : " errors that follow") +
          " from it, not listed until the header is found)";
  }

private:
  const SourceFile &F;
  const Target &T;
  const TargetView &V;
  const CheckContext &Ctx;
  const PreambleUnit &U;

  std::string arcNote(const std::string &Msg) const {
    if (Msg.find("ARC forbids") == std::string::npos)
      return "";
    const FlagArg *A = nullptr;
    if (!hasCompilerFlag(Ctx, {"-fobjc-arc"}, &A) || !A)
      return "";
    std::string Base = A->File.substr(A->File.rfind('/') + 1);
    return " (-fobjc-arc is set by #cgo CFLAGS in " + Base +
           "; remove the call, or drop -fobjc-arc and manage memory by hand)";
  }

  void includeFixForUndeclaredFunction(const CDiagnostic &C,
                                       Diagnostic &D) const {
    if (C.Flag != "-Wimplicit-function-declaration")
      return;
    std::size_t Q1 = C.Message.find('\'');
    std::size_t Q2 = C.Message.find('\'', Q1 + 1);
    if (Q1 == std::string::npos || Q2 == std::string::npos)
      return;
    if (auto Fx =
            includeFixFor(Ctx, F, U, C.Message.substr(Q1 + 1, Q2 - Q1 - 1))) {
      // What to do first; Clang's words follow.
      D.Message = Fx->Title + ": " + D.Message;
      D.Fixes.push_back(std::move(*Fx));
    }
  }

  Location importLocation() const {
    const go::CImport &CI = F.Go.CImports.front();
    return {F.Path, CI.Path.Begin, CI.Path.End};
  }

  Location driverLocation(const std::string &Msg) const {
    const std::vector<FlagArg> *Lists[] = {&V.Flags.CPPFLAGS, &V.Flags.CFLAGS};
    for (const auto *L : Lists)
      for (const FlagArg &A : *L)
        if (A.File == F.Path &&
            Msg.find("'" + A.Value + "'") != std::string::npos)
          return {A.File, A.Where.Begin, A.Where.End};
    return importLocation();
  }

  Location headerLocation(const CLocation &L) const {
    return {L.File, L.Begin, L.End};
  }

  void addFixes(const CDiagnostic &C, Diagnostic &D) const {
    if (C.FixIts.empty())
      return;
    Fix X;
    for (const CFixIt &FI : C.FixIts) {
      if (!F.Go.PreambleMap.isContiguous(FI.Begin, FI.End))
        return;
      auto [B, E] = F.Go.PreambleMap.rangeToGo(FI.Begin, FI.End);
      X.Edits.push_back({{F.Path, B, E}, FI.Text});
    }
    const CFixIt &First = C.FixIts.front();
    if (C.FixIts.size() == 1 && First.Begin == First.End)
      X.Title = "Insert '" + First.Text + "'";
    else if (C.FixIts.size() == 1 && First.Text.empty())
      X.Title = "Remove '" +
                F.Go.Preamble.substr(First.Begin, First.End - First.Begin) +
                "'";
    else if (C.FixIts.size() == 1)
      X.Title = "Replace with '" + First.Text + "'";
    else
      X.Title = "Apply Clang's fix: " + C.Message;
    D.Fixes.push_back(std::move(X));
  }
};

std::vector<CodeDoc> preambleDiagnosticsCodes() {
  return {
      {"cgo-preamble-error", "",
       R"md(**What.** Clang reports an error when it compiles the preamble the way cgo will, for a target,
with the package's flags: undeclared identifiers, syntax errors, `#error`, and what clang 15/16
turned into errors (`-Wimplicit-function-declaration`, `-Wint-conversion`,
`-Wincompatible-function-pointer-types`). The Clang warning option, if any, ends the message in
brackets.

**Why.** `go build` reports these only when it runs, and Apple clang on a Mac rejects code that
gcc on Linux only warns about.

**Example.**
```go
// #include <stdio.h>
// static int n(const char *s) { return strlen(s); }
import "C"
```
`Add #include <string.h>: call to undeclared function 'strlen'; ISO C99 and later do not support
implicit function declarations [-Wimplicit-function-declaration]` (the action leads when cgols has
a fix; otherwise the message is Clang's).

**Fix.** Fix the C code. Where Clang has a fix-it (e.g. *take the address with &*), cgols offers
it as a quick fix that edits the Go file. An error inside a header is shown on the `#include`
line as `in included file: …`, with the header location as related information.)md"},
      {"cgo-preamble-warning", "",
       R"md(**What.** A Clang warning (default warning set) in the preamble.

**Why.** cgo compiles the preamble with `-w` while probing names, so these never show in
`go build`, but the C code is compiled for real with the same flags; warnings often point at real
bugs (e.g. `-Wincompatible-pointer-types`).

**Fix.** As the message says, or silence it in the preamble with a `#pragma`.)md"},
      {"cgo-header-not-found", "",
       R"md(**What.** An `#include`d header is not found for a target, with the package's `-I` flags and the
target's SDK or sysroot.

**Why.** `fatal error: 'x.h' file not found` stops cgo at the first one; cgols reports each and
keeps checking the rest of the preamble.

**Example.** `// #include <libfoo/foo.h>` → `'libfoo/foo.h' file not found`.

**Fix.** Install the library's development package, add `#cgo CFLAGS: -I…` (or `${SRCDIR}`), or
guard the include with a target condition.)md"},
      {"cgo-compile-failed", "",
       R"md(**What.** cgols's compile of a preamble (or of a `.c`/`.m` file of the package) did not finish:
Clang crashed, ran past the time limit per compile (`cgols.compileTimeoutSeconds`, 30 s by
default) or past the memory limit (`cgols.compileMemoryMB`, 4096 MB by default). Shown as a
warning at `import "C"`; that file's C side is not checked, every other file still is.

**Why.** Compiles run in worker processes so that a repository's content (`#pragma clang __debug
crash`, 200,000 nested parentheses, a macro that expands to millions of tokens) cannot stop the
language server; the same content may make `go build` crash or take very long too.

**Example.** `// #pragma clang __debug crash` → `cgols could not check this preamble: Clang crashed
while compiling it (signal 4, Illegal instruction)`.

**Fix.** Simplify what the message names, or raise the limit if the preamble is simply large
(a big generated header).)md"},
  };
}

// A compile that did not finish: said at the file's import "C".
std::optional<Diagnostic> failureDiagnostic(const CheckContext &C,
                                            const FailedUnit &U) {
  // At the file's import "C"; a .c/.m file's failure at the first cgo
  // file's.
  const SourceFile *F = U.File;
  if (!F && !C.V->CgoFiles.empty())
    F = C.V->CgoFiles.front();
  if (!F || F->Go.CImports.empty())
    return std::nullopt;
  const go::CImport &CI = F->Go.CImports.front();
  Diagnostic D;
  D.Where = {F->Path, CI.Path.Begin, CI.Path.End};
  D.Sev = Severity::Warning;
  D.Code = "cgo-compile-failed";
  std::string What = U.File
                         ? std::string("this preamble")
                         : std::string(llvm::sys::path::filename(U.SourcePath));
  std::string Why;
  switch (U.R.Failure) {
  case CompileFailure::Crashed:
    Why = "Clang crashed while compiling it (" + U.R.FailureDetail +
          "); deep nesting, `#pragma clang __debug` lines or a compiler bug "
          "do this, and clang in go build may crash the same way";
    break;
  case CompileFailure::TimedOut:
  case CompileFailure::OutOfMemory: {
    bool Time = U.R.Failure == CompileFailure::TimedOut;
    Why = std::string(Time ? "its compile ran past the time limit ("
                           : "its compile ran out of memory (") +
          U.R.FailureDetail +
          (Time ? ", cgols.compileTimeoutSeconds" : ", cgols.compileMemoryMB") +
          "); a macro that expands enormously does this, or raise the limit "
          "for a very large preamble";
    break;
  }
  case CompileFailure::NoWorker:
    Why = "cgols could not run its compile worker (" + U.R.FailureDetail +
          "); reinstall cgols or see its log";
    break;
  case CompileFailure::None:
  case CompileFailure::Cancelled:
    return std::nullopt;
  }
  D.Message = "cgols could not check " + What + ": " + Why +
              ". The other files are still checked";
  return D;
}

void preambleDiagnosticsRun(const CheckContext &C,
                            std::vector<Diagnostic> &Out) {
  for (const PreambleUnit &U : C.Preambles)
    Mapper(*U.File, C.target(), *C.V, C, U).map(*U.R, Out);
  for (const FailedUnit &U : C.Failed)
    if (auto D = failureDiagnostic(C, U))
      Out.push_back(std::move(*D));
}

} // namespace

const Check &preambleDiagnosticsCheck() {
  static const Check TheCheck{"preamble-diagnostics", CheckScope::Target,
                              preambleDiagnosticsCodes(),
                              preambleDiagnosticsRun};
  return TheCheck;
}

} // namespace cgols
