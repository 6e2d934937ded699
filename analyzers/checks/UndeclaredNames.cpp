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
#include "Checks.h"

#include <algorithm>
#include <set>

namespace cgols {
namespace {

// Names cgo provides itself, or maps to C keywords (cmd/cgo's nameToC and
// builtins); C.malloc is cgo's own wrapper and needs no header.
const std::set<std::string> &builtins() {
  static const std::set<std::string> B = {
      "CString",       "CBytes",    "GoString",   "GoStringN",  "GoBytes",
      "malloc",        "char",      "schar",      "uchar",      "short",
      "ushort",        "int",       "uint",       "long",       "ulong",
      "longlong",      "ulonglong", "float",      "double",     "complexfloat",
      "complexdouble", "void",      "__int128_t", "__uint128_t"};
  return B;
}

bool hasHeaderNotFound(const CompileResult &R) {
  for (const CDiagnostic &D : R.Diags)
    if (D.isFileNotFound)
      return true;
  return false;
}

} // namespace

void checkUndeclaredNames(const CheckContext &C, std::vector<Diagnostic> &Out) {
  for (const PreambleUnit &U : C.Preambles) {
    const SourceFile &F = *U.File;
    // A missing header hides what it declares: cgo stops at the header, and
    // so does this check.
    if (!U.R || hasHeaderNotFound(*U.R) || F.Go.Refs.empty())
      continue;
    const std::vector<std::string> &Names = U.R->DeclaredNames;
    auto Declared = [&](const std::string &N) {
      return builtins().count(N) ||
             std::binary_search(Names.begin(), Names.end(), N);
    };
    for (const go::CRef &Ref : F.Go.Refs) {
      std::string N = Ref.Name;
      if (Declared(N))
        continue;
      if (N.rfind("sizeof_", 0) == 0 && Declared(N.substr(7)))
        continue;
      Diagnostic D;
      D.Where = {F.Path, Ref.Where.Begin, Ref.Where.End};
      D.Targets = {C.V.T.name()};
      if (std::binary_search(U.R->FunctionMacros.begin(),
                             U.R->FunctionMacros.end(), N)) {
        D.Code = "cgo-function-macro";
        D.Message = "C." + N +
                    " is a function-like macro, which cgo cannot "
                    "use (\"could not determine kind of name for C." +
                    N + "\"): wrap it in a static function in the preamble";
        Out.push_back(std::move(D));
        continue;
      }
      D.Code = "cgo-undeclared-name";
      bool Detached = std::any_of(
          F.Go.CImports.begin(), F.Go.CImports.end(),
          [](const go::CImport &I) { return I.Detached.has_value(); });
      D.Message = "C." + N +
                  (Detached ? " is not declared: this file has no preamble "
                              "(a blank line separates the comment from "
                              "import \"C\")"
                            : " is not declared by this file's preamble") +
                  ": cgo will stop with \"could not determine kind of name "
                  "for C." +
                  N + "\"";
      std::string Lookup = N;
      for (const char *P : {"struct_", "union_", "enum_", "sizeof_"})
        if (Lookup.rfind(P, 0) == 0)
          Lookup.clear();
      if (!Lookup.empty())
        if (auto Fx = includeFixFor(C, F, U, Lookup)) {
          D.Message += "; " + Fx->Title.substr(4) + " declares it";
          D.Fixes.push_back(std::move(*Fx));
        }
      Out.push_back(std::move(D));
    }
  }
}

} // namespace cgols
