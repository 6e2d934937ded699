//===- ExportDefinitions.cpp - Definitions in a preamble with //export ----===//
//
// Check id: cgo-export-definition.
//
// What: a file with //export whose preamble (or a local file it includes)
// defines a non-static function or a global variable (initialized or
// tentative), for a target.
// Why: cgo copies such a file's preamble into two C files (_cgo_export.c
// and the file's own), so every definition links twice: "duplicate symbol"
// on macOS, "multiple definition" with GNU ld. go build of a library package
// succeeds; the error appears when a program is linked.
// Example: //export GoCallback above a func, and
// `int helper(void) { return 1; }` in the preamble.
// Fix: make the function static inline (when nothing else needs its name),
// or move the definition into a .c file of the package and keep a
// declaration in the preamble.
//
//===----------------------------------------------------------------------===//
#include "Check.h"

#include "llvm/ADT/StringRef.h"

namespace cgols {
namespace {

bool isIdentChar(char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
         (C >= '0' && C <= '9') || C == '_';
}

/// Whether Name stands in Text as a whole C identifier: a plain scan, linear
/// in Text, whatever the name.
bool containsIdentifier(llvm::StringRef Text, llvm::StringRef Name) {
  if (Name.empty())
    return false;
  for (std::size_t At = Text.find(Name); At != llvm::StringRef::npos;
       At = Text.find(Name, At + 1)) {
    std::size_t End = At + Name.size();
    if ((At == 0 || !isIdentChar(Text[At - 1])) &&
        (End == Text.size() || !isIdentChar(Text[End])))
      return true;
  }
  return false;
}

bool mentionedElsewhere(const CheckContext &C, const SourceFile &Self,
                        const std::string &Name) {
  for (const auto &F : C.P.Files)
    if (F.get() != &Self && containsIdentifier(F->Go.Preamble, Name))
      return true;
  for (const SourceUnit &S : C.Sources)
    if (containsIdentifier(S.Text, Name))
      return true;
  return false;
}

} // namespace

static void checkExportDefinitions(const CheckContext &C,
                                   std::vector<Diagnostic> &Out) {
  for (const PreambleUnit &U : C.Preambles) {
    const SourceFile &F = *U.File;
    if (F.Go.Exports.empty() || !U.R)
      continue;
    const go::Export &E = F.Go.Exports.front();
    for (const CDefinition &Def : U.R->Definitions) {
      if (Def.K == CDefinition::Kind::ObjCClass)
        continue; // reported by the duplicate-symbol check's class rule
      Diagnostic D;
      D.Code = "cgo-export-definition";
      D.Targets = {C.V->T.name()};
      const char *What =
          Def.K == CDefinition::Kind::Function ? "function" : "variable";
      D.Message =
          std::string(Def.K == CDefinition::Kind::Function
                          ? "Make '" + Def.Name +
                                "' static inline or move it to a .c file"
                          : "Move the definition of '" + Def.Name +
                                "' to a .c file (extern here)") +
          ": this C " + What +
          " is defined in the preamble of a file with //export, which cgo "
          "compiles twice, so the link will fail with " +
          duplicateSymbolText(Def.Name, false);
      if (!Def.Condition.empty())
        D.Message += " (it is compiled because '" + Def.Condition +
                     "' holds for this target)";
      if (Def.Where.InPreamble) {
        auto [B, En] =
            F.Go.PreambleMap.rangeToGo(Def.Where.Begin, Def.Where.End);
        D.Where = {F.Path, B, En};
        if (Def.K == CDefinition::Kind::Function &&
            F.Go.PreambleMap.isContiguous(Def.DeclBegin, Def.Where.End) &&
            !mentionedElsewhere(C, F, Def.Name)) {
          std::size_t At = F.Go.PreambleMap.toGo(Def.DeclBegin);
          D.Fixes.push_back({"Make '" + Def.Name + "' static inline",
                             {{{F.Path, At, At}, "static inline "}}});
        }
      } else if (Def.HasIncludeSite) {
        auto [B, En] =
            F.Go.PreambleMap.rangeToGo(Def.IncludeBegin, Def.IncludeEnd);
        D.Where = {F.Path, B, En};
        D.Message = "in included file: " + D.Message;
        D.Related.push_back({{Def.Where.File, Def.Where.Begin, Def.Where.End},
                             "'" + Def.Name + "' is defined here"});
      } else {
        continue;
      }
      D.Related.push_back({{F.Path, E.Where.Begin, E.Where.End},
                           "//export " + E.Name +
                               " makes cgo compile this "
                               "preamble twice"});
      Out.push_back(std::move(D));
    }
  }
}

namespace {
std::vector<CodeDoc> exportDefinitionsCodes() {
  return {
      {"cgo-export-definition", "",
       R"md(**What.** A file with `//export` whose preamble (or a local file it includes) defines a non-static
function or a global variable, initialized or tentative (`int counter;`), for a target.
Definitions the preprocessor drops for the target are not reported; a definition under a taken
`#if` says which one.

**Why.** cgo copies the preamble of a file with `//export` into `_cgo_export.c` as well, so each
definition links twice: `duplicate symbol '_helper'` (macOS ld) or `multiple definition of
'helper'` (GNU ld). `go build` of a library package succeeds; a program that links it fails.

**Example.** `//export GoCallback` above a func, and `int helper(void) { return 1; }` in the
preamble. The `//export` line is related information.

**Fix.** *Make 'helper' static inline* (offered when no other file of the package mentions the
name), or move the definition into a `.c` file and keep a declaration in the preamble.)md"},
  };
}

void exportDefinitionsRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  checkExportDefinitions(C, Out);
}

} // namespace

const Check &exportDefinitionsCheck() {
  static const Check TheCheck{"export-definitions", CheckScope::Target,
                              exportDefinitionsCodes(), exportDefinitionsRun};
  return TheCheck;
}

} // namespace cgols
