//===- UndeclaredNames.cpp - C.name that the preamble does not declare ----===//
//
// Check id: cgo-undeclared-name (and cgo-function-macro).
//
// What: a C.name in Go code that the file's own preamble does not declare
// for a target (functions, variables, types, struct_/union_/enum_ tags,
// sizeof_, macros, enum constants; cgo's builtins are always there).
// Why: cgo stops with "could not determine kind of name for C.free"; each
// file's preamble is separate, so an #include in a sibling file does not
// help.
// Example: C.free(p) with only <stdio.h> included.
// Fix: add the #include that declares it, found in the target's headers.
//
//===----------------------------------------------------------------------===//
#include "Check.h"
#include "pipeline/LibraryVersions.h"

#include <algorithm>
#include <map>
#include <set>

namespace cgols {
namespace {

// Names cgo provides itself, or maps to C keywords (cmd/cgo's nameToC and
// builtins), and _Bool, a C keyword type; C.malloc is cgo's own wrapper and
// needs no header.
const std::set<std::string> &builtins() {
  static const std::set<std::string> B = {
      "CString",       "CBytes",    "GoString",   "GoStringN",   "GoBytes",
      "malloc",        "char",      "schar",      "uchar",       "short",
      "ushort",        "int",       "uint",       "long",        "ulong",
      "longlong",      "ulonglong", "float",      "double",      "complexfloat",
      "complexdouble", "void",      "__int128_t", "__uint128_t", "_Bool"};
  return B;
}

} // namespace

bool isCgoBuiltinName(const std::string &Name) {
  return builtins().count(Name) != 0;
}

namespace {

bool hasHeaderNotFound(const CompileResult &R) {
  for (const CDiagnostic &D : R.Diags)
    if (D.isFileNotFound)
      return true;
  return false;
}

} // namespace

static void checkUndeclaredNames(const CheckContext &C,
                                 std::vector<Diagnostic> &Out) {
  for (const PreambleUnit &U : C.Preambles) {
    const SourceFile &F = *U.File;
    // A missing header hides what it declares: cgo stops at the header, and
    // so does this check.
    if (!U.R || hasHeaderNotFound(*U.R) || F.Go.Refs.empty())
      continue;
    const NameList &Names = U.R->DeclaredNames;
    auto Declared = [&](const std::string &N) {
      return builtins().count(N) || Names.contains(N);
    };
    // Each name once per file, at its first use; the other uses are related
    // information (a detached preamble would otherwise flag every use).
    std::map<std::string, std::size_t> Reported; // name -> index in Out
    for (const go::CRef &Ref : F.Go.Refs) {
      std::string N = Ref.Name;
      if (Declared(N))
        continue;
      // A name an installed library is too old for: said once per library
      // (cgo-library-too-old), not per name.
      if (C.Gaps && C.Gaps->Names.count(N))
        continue;
      if (auto It = Reported.find(N); It != Reported.end()) {
        Out[It->second].Related.push_back(
            {{F.Path, Ref.Where.Begin, Ref.Where.End},
             "C." + N + " used here"});
        continue;
      }
      // cmd/cgo takes every struct_/union_/enum_ name as a type without a
      // lookup ("no need to guess the kind"): a tag declared only
      // implicitly, or incomplete, is fine behind a pointer.
      if (N.rfind("struct_", 0) == 0 || N.rfind("union_", 0) == 0 ||
          N.rfind("enum_", 0) == 0)
        continue;
      if (N.rfind("sizeof_", 0) == 0 && Declared(N.substr(7)))
        continue;
      Diagnostic D;
      D.Where = {F.Path, Ref.Where.Begin, Ref.Where.End};
      D.Targets = {C.V->T.name()};
      if (U.R->FunctionMacros.contains(N)) {
        D.Code = "cgo-function-macro";
        Reported[N] = Out.size();
        D.Message = "Wrap " + N +
                    " in a static function in the preamble and call that: C." +
                    N +
                    " is a function-like macro, which cgo cannot use "
                    "(\"could not determine kind of name for C." +
                    N + "\")";
        Out.push_back(std::move(D));
        continue;
      }
      D.Code = "cgo-undeclared-name";
      bool Detached = std::any_of(
          F.Go.CImports.begin(), F.Go.CImports.end(),
          [](const go::CImport &I) { return I.Detached.has_value(); });
      // The first words say what to do (the Problems panel cuts the rest).
      const std::string Stops =
          "cgo will stop with \"could not determine kind of name for C." + N +
          "\"";
      std::string Lookup = N;
      for (const char *P : {"struct_", "union_", "enum_", "sizeof_"})
        if (Lookup.rfind(P, 0) == 0)
          Lookup.clear();
      std::optional<Fix> Fx;
      if (!Lookup.empty() && !Detached)
        Fx = includeFixFor(C, F, U, Lookup);
      if (Detached)
        D.Message = "Remove the blank line above import \"C\": this file has "
                    "no preamble, so C." +
                    N + " is not declared and " + Stops;
      else if (Fx)
        D.Message = Fx->Title + ": C." + N +
                    " is not declared by this file's preamble, so " + Stops;
      else
        D.Message = "Declare " + N +
                    " in the preamble or #include its header: C." + N +
                    " is not declared by this file's preamble, so " + Stops;
      if (Fx)
        D.Fixes.push_back(std::move(*Fx));
      Reported[N] = Out.size();
      Out.push_back(std::move(D));
    }
  }
}

namespace {
std::vector<CodeDoc> undeclaredNamesCodes() {
  return {
      {"cgo-undeclared-name", "",
       R"md(**What.** A `C.name` in Go code that the file's own preamble does not declare for a target:
functions, variables, typedefs, `C.sizeof_x`, object-like macros, enum constants. cgo's builtins
(`C.CString`, `C.CBytes`, `C.GoString`, `C.GoStringN`, `C.GoBytes`, `C.malloc`), the C type names
(`C.int`, `C.uint`, `C.longlong`, ...) and `C._Bool` are always there. `C.struct_x`,
`C.union_x` and `C.enum_x` are never reported: cgo takes them as types without a lookup, so a tag
declared only implicitly (inside a member or a prototype) or never completed builds behind a
pointer. A declaration Clang rejected does not count. When the preamble misses a header, the check
waits for that error to be fixed.

Each name is reported once per file, at its first use; its other uses are related information.

**Why.** cgo stops with `could not determine kind of name for C.free`. Each file's preamble is
separate: an `#include` in a sibling file does not help.

**Example.** `C.free(p)` in a file whose preamble includes only `<stdio.h>`:
`Add #include <stdlib.h>: C.free is not declared by this file's preamble, so cgo will stop with
"could not determine kind of name for C.free"`.

**Fix.** *Add #include <stdlib.h>*: the header is found by compiling the target's own headers
(the SDK's or sysroot's `usr/include`) and indexing what each declares itself; C standard headers
are preferred. The line goes after the preamble's last `#include`, in its comment style.)md"},
      {"cgo-function-macro", "",
       R"md(**What.** `C.NAME` where NAME is a function-like macro.

**Why.** cgo cannot call macros (`could not determine kind of name`).

**Fix.** Wrap it in a `static` function in the preamble and call that.)md"},
  };
}

void undeclaredNamesRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  checkUndeclaredNames(C, Out);
}

} // namespace

const Check &undeclaredNamesCheck() {
  static const Check TheCheck{"undeclared-names", CheckScope::Target,
                              undeclaredNamesCodes(), undeclaredNamesRun};
  return TheCheck;
}

} // namespace cgols
