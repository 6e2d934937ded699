//===- DuplicateSymbols.cpp - One C symbol defined twice in a package -----===//
//
// Check id: cgo-duplicate-symbol.
//
// What: the same external C symbol defined in the preambles of two files of
// a package, or in a preamble and a .c/.m file of the package; or the same
// Objective-C class implemented twice. Per target, so definitions in
// mutually exclusive #if branches are not duplicates.
// Why: every cgo file's preamble is compiled into an object of its own; the
// link fails with "duplicate symbol '_x'" (macOS) or "multiple definition of
// 'x'" (GNU ld), late and far from the cause.
// Example: `int counter;` in the preambles of a.go and b.go.
// Fix: keep one definition (in a .c file) and declare it `extern` elsewhere,
// or make the definitions static.
//
//===----------------------------------------------------------------------===//
#include "Check.h"

#include <map>

namespace cgols {
namespace {

struct Site {
  Location Where;       ///< where the diagnostic goes (Go file or .c file)
  Location Definition;  ///< the definition itself
  std::string FileName; ///< for the message
  std::string Condition;
  bool InGo = false;
};

std::string base(const std::string &P) {
  auto S = P.rfind('/');
  return S == std::string::npos ? P : P.substr(S + 1);
}

} // namespace

static void checkDuplicateSymbols(const CheckContext &C,
                                  std::vector<Diagnostic> &Out) {
  // symbol -> sites; ObjC classes are keyed apart from C names.
  std::map<std::pair<std::string, bool>, std::vector<Site>> Defs;
  for (const PreambleUnit &U : C.Preambles) {
    if (!U.R)
      continue;
    const SourceFile &F = *U.File;
    for (const CDefinition &D : U.R->Definitions) {
      Site S;
      S.InGo = true;
      S.FileName = base(F.Path);
      S.Condition = D.Condition;
      if (D.Where.InPreamble) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(D.Where.Begin, D.Where.End);
        S.Where = S.Definition = {F.Path, B, E};
      } else if (D.HasIncludeSite) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(D.IncludeBegin, D.IncludeEnd);
        S.Where = {F.Path, B, E};
        S.Definition = {D.Where.File, D.Where.Begin, D.Where.End};
        S.FileName = base(D.Where.File) + " (included by " + base(F.Path) + ")";
      } else {
        continue;
      }
      Defs[{D.Name, D.K == CDefinition::Kind::ObjCClass}].push_back(S);
    }
  }
  for (const SourceUnit &U : C.Sources) {
    if (!U.R)
      continue;
    for (const CDefinition &D : U.R->Definitions) {
      if (!D.Where.InPreamble) // only what the .c/.m file itself defines
        continue;
      Site S;
      S.Where = S.Definition = {U.Path, D.Where.Begin, D.Where.End};
      S.FileName = base(U.Path);
      S.Condition = D.Condition;
      Defs[{D.Name, D.K == CDefinition::Kind::ObjCClass}].push_back(S);
    }
  }
  for (const auto &[Key, Sites] : Defs) {
    if (Sites.size() < 2)
      continue;
    const auto &[Name, ObjC] = Key;
    for (std::size_t I = 0; I < Sites.size(); ++I) {
      const Site &S = Sites[I];
      if (!S.InGo)
        continue; // cgols publishes on Go files; the .c side is related info
      const Site &Other = Sites[I == 0 ? 1 : 0];
      if (Other.Definition == S.Definition)
        continue;
      Diagnostic D;
      D.Where = S.Where;
      D.Code = "cgo-duplicate-symbol";
      D.Targets = {C.V->T.name()};
      D.Message = std::string(ObjC ? "Keep one @implementation of '"
                                   : "Keep one definition of '") +
                  Name + "' (make the other static or remove it): " +
                  (ObjC ? "the Objective-C class" : "the C symbol") +
                  " is also " + (ObjC ? "implemented" : "defined") + " in " +
                  Other.FileName + ", so the link will fail with " +
                  duplicateSymbolText(Name, ObjC);
      if (!S.Condition.empty())
        D.Message += " (compiled here because '" + S.Condition +
                     "' holds for this target)";
      for (std::size_t J = 0; J < Sites.size(); ++J)
        if (J != I)
          D.Related.push_back(
              {Sites[J].Definition, "'" + Name + "' is also defined here"});
      Out.push_back(std::move(D));
    }
  }
}

namespace {
std::vector<CodeDoc> duplicateSymbolsCodes() {
  return {
      {"cgo-duplicate-symbol", "",
       R"md(**What.** One external C symbol defined in the preambles of two files of a package, or in a
preamble and a `.c`/`.m` file of the package (compiled with the package's flags), or one
Objective-C class implemented twice (`_OBJC_CLASS_$_X`). Decided per target: definitions in
mutually exclusive `#if` branches are not duplicates.

**Why.** Each cgo file's preamble becomes an object of its own; the link fails late with
`duplicate symbol` / `multiple definition`.

**Example.** `int shared_counter = 1;` in a.go's preamble and `= 2;` in b.go's: reported at both,
each naming the other, with the other definition as related information.

**Fix.** One definition in a `.c` file, `extern` declarations in the preambles; or `static`.)md"},
  };
}

void duplicateSymbolsRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  checkDuplicateSymbols(C, Out);
}

} // namespace

const Check &duplicateSymbolsCheck() {
  static const Check TheCheck{"duplicate-symbols", CheckScope::Target,
                              duplicateSymbolsCodes(), duplicateSymbolsRun};
  return TheCheck;
}

} // namespace cgols
