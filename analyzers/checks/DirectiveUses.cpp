//===- DirectiveUses.cpp - #cgo lines that never apply, name nothing, repeat
//===//
//
// Check ids: cgo-condition-never, cgo-noescape-unmatched, cgo-duplicate-flag.
//
// What: a #cgo line whose conditions no GOOS/GOARCH (with any of the
// package's own tags) satisfies; a `#cgo noescape`/`nocallback` function the
// package's Go code never calls (cmd/cgo: "no matched C function"); a flag
// that another #cgo line of the package already gives for the target.
// Why: the go command drops a line that never applies without a word; it
// stops on an unmatched noescape; every package's LDFLAGS reach the linker,
// and the Xcode 15 linker warns about each library named twice.
// Example: // #cgo darwin,linux LDFLAGS: -lm
// Fix: the conditions meant (a space is OR); call the function from Go or
// drop the line; remove the repeated flag.
//
//===----------------------------------------------------------------------===//
#include "Check.h"

#include "core/FlagKinds.h"
#include "gobuild/Target.h"
#include "pipeline/Flags.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace cgols {
namespace {

std::vector<CodeDoc> conditionCodes() {
  return {
      {"cgo-condition-never", "(warning)",
       R"md(**What.** A `#cgo` line whose build conditions hold for no GOOS/GOARCH, whatever the
package's own tags: `darwin,linux` (a comma is AND), `amd64,arm64`, `!cgo` (a `#cgo` line is
read only with cgo on).

**Why.** The go command drops a line whose conditions do not hold, without a word: its flags are
simply missing, and the build fails later (a missing library, a header not found).

**Example.** `// #cgo darwin,linux LDFLAGS: -lm`.

**Fix.** A space between conditions is OR: `// #cgo darwin linux LDFLAGS: -lm`.)md"}};
}

/// Whether any field of the condition holds for some GOOS/GOARCH and some
/// choice of the free tags (up to 4 of them; more: assumed to hold).
bool canHold(const std::vector<go::CgoWord> &Conds, int GoMinor) {
  for (const go::CgoWord &C : Conds) {
    std::vector<std::string> Free = userTags(C.Text);
    if (Free.size() > 4)
      return true;
    for (const std::string &OS : knownGOOSList())
      for (const std::string &Arch : knownGOARCHList())
        for (unsigned Mask = 0; Mask < (1u << Free.size()); ++Mask) {
          Target T;
          T.GOOS = OS;
          T.GOARCH = Arch;
          T.GoMinor = GoMinor;
          for (std::size_t K = 0; K < Free.size(); ++K)
            if (Mask & (1u << K))
              T.Tags.push_back(Free[K]);
          if (evalCgoCondition(C.Text, T))
            return true;
        }
  }
  return false;
}

void conditionsRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  for (const auto &F : C.P.Files) {
    if (!F->Go.isCgo())
      continue;
    for (const go::CgoDirective &D : F->Directives) {
      if (D.Conditions.empty() || D.K == go::CgoDirective::Kind::Invalid)
        continue;
      if (canHold(D.Conditions, C.O.GoVer.Minor))
        continue;
      std::string Conds;
      for (const go::CgoWord &W : D.Conditions)
        Conds += (Conds.empty() ? "" : " ") + W.Text;
      Diagnostic Dg;
      Dg.Where = {F->Path, D.Conditions.front().Where.Begin,
                  D.Conditions.back().Where.End};
      Dg.Sev = Severity::Warning;
      Dg.Code = "cgo-condition-never";
      Dg.Message = "This #cgo line never applies: no GOOS/GOARCH satisfies `" +
                   Conds +
                   "`, so the go command drops it without a word (a comma "
                   "is AND, a space is OR" +
                   std::string(Conds.find("!cgo") != std::string::npos
                                   ? "; #cgo lines are read only with cgo on"
                                   : "") +
                   ")";
      Out.push_back(std::move(Dg));
    }
  }
}

std::vector<CodeDoc> usesCodes() {
  return {
      {"cgo-noescape-unmatched", "",
       R"md(**What.** `#cgo noescape NAME` or `#cgo nocallback NAME` where NAME is not a C function the
package's Go code calls (`C.NAME`), for Go 1.24 and later, where the annotations took effect.

**Why.** cmd/cgo matches the annotation against the C functions the Go code of the package uses
and stops: `#cgo noescape NAME: no matched C function` (cmd/cgo/main.go). Declaring the function
in the preamble is not enough.

**Example.** `// #cgo noescape fast_copy` with no `C.fast_copy(...)` in the package.

**Fix.** Call it from Go, correct the name, or remove the line.)md"},
      {"cgo-duplicate-flag", "(warning or information)",
       R"md(**What.** A flag that another `#cgo` line of the package (this file's or another's) already
gives for the same target: a library or framework twice in `LDFLAGS` on a darwin target (a
warning), any other flag (information).

**Why.** The go command concatenates every line's flags, and every package's `LDFLAGS` reach the
linker: the Xcode 15 linker warns `ld: warning: ignoring duplicate libraries: '-lm'`
(golang/go#67799). Other repeats have no effect. On Linux a library may be named twice on
purpose (static archives that need each other), so `-l` repeats are not reported there.

**Example.** `a.go`: `// #cgo LDFLAGS: -lm`, `b.go`: `// #cgo LDFLAGS: -lm`.

**Fix.** Remove the repeat (the quick fix does).)md"}};
}

/// Flags whose place on the line matters, so a repeat is meant.
bool positional(const std::string &F) {
  return F.rfind("-Wl,-B", 0) == 0 || F.rfind("-Wl,--start-group", 0) == 0 ||
         F.rfind("-Wl,--end-group", 0) == 0 ||
         F.rfind("-Wl,--push-state", 0) == 0 ||
         F.rfind("-Wl,--pop-state", 0) == 0 ||
         F.find("as-needed") != std::string::npos || F == "-Xlinker" ||
         F.rfind("-Wl,-whole-archive", 0) == 0 ||
         F.rfind("-Wl,--whole-archive", 0) == 0 ||
         F.rfind("-Wl,--no-whole-archive", 0) == 0;
}

const std::string *textOf(const CheckContext &C, const std::string &Path) {
  for (const auto &F : C.P.Files)
    if (F->Path == Path)
      return &F->Text;
  return nullptr;
}

void duplicates(const CheckContext &C, std::vector<Diagnostic> &Out) {
  const TargetView &V = *C.V;
  for (std::size_t K = 0; K < CgoFlagKinds.size(); ++K) {
    const std::vector<FlagArg> &L = V.Flags.ofKind(K);
    bool Linker = CgoFlagKinds[K].Linker;
    std::map<std::string, const FlagArg *> Seen;
    for (std::size_t I = 0; I < L.size(); ++I) {
      std::string Key = L[I].Value;
      std::size_t Last = I;
      if (takesNextArgument(Key,
                            Linker ? FlagKind::Linker : FlagKind::Compiler) &&
          I + 1 < L.size()) {
        Key += " " + L[I + 1].Value;
        Last = I + 1;
      }
      bool Library = Linker && (Key.rfind("-l", 0) == 0 ||
                                Key.rfind("-framework ", 0) == 0);
      std::size_t Begin = I;
      I = Last;
      if (positional(Key) || (Library && !V.T.isDarwin()) ||
          Key.rfind("-Wl,", 0) == 0)
        continue;
      auto [It, New] = Seen.emplace(Key, &L[Begin]);
      if (New)
        continue;
      const FlagArg &A = L[Begin];
      const FlagArg &First = *It->second;
      Diagnostic D;
      D.Where = {A.File, A.Where.Begin, L[Last].Where.End};
      D.Sev = Library ? Severity::Warning : Severity::Information;
      D.Code = "cgo-duplicate-flag";
      D.Message =
          "Remove the repeated " + Key + ": the package's #cgo " +
          CgoFlagKinds[K].Name + " already have it" +
          (First.File == A.File ? std::string(" on an earlier line")
                                : " (in another file)") +
          (Library ? "; the Xcode 15 linker warns \"ld: warning: ignoring "
                     "duplicate libraries: '" +
                         Key + "'\""
                   : "; a repeat has no effect");
      D.Targets = {V.T.name()};
      D.Related.push_back({{First.File, First.Where.Begin, First.Where.End},
                           "first given here"});
      if (const std::string *Text = textOf(C, A.File)) {
        std::size_t B = A.Where.Begin;
        while (B > 0 && ((*Text)[B - 1] == ' ' || (*Text)[B - 1] == '\t'))
          --B;
        D.Fixes.push_back(Fix("Remove the repeated " + Key,
                              {{{A.File, B, L[Last].Where.End}, ""}}));
      }
      Out.push_back(std::move(D));
    }
  }
}

void noescapes(const CheckContext &C, std::vector<Diagnostic> &Out) {
  // Go 1.24 matches the annotations (1.22 and 1.23 refuse the verb:
  // "#cgo noescape disabled until Go 1.23", which the directives check
  // leaves to the go command).
  if (!C.O.GoVer.atLeast(24))
    return;
  std::set<std::string> Called;
  for (const SourceFile *F : C.V->CgoFiles)
    for (const go::CRef &R : F->Go.Refs)
      Called.insert(R.Name);
  for (const SourceFile *F : C.V->CgoFiles)
    for (const go::CgoDirective &D : F->Directives) {
      if (D.K != go::CgoDirective::Kind::NoEscape &&
          D.K != go::CgoDirective::Kind::NoCallback)
        continue;
      const std::string &Name = D.Verb.Text;
      if (Name.empty() || Called.count(Name))
        continue;
      std::string Verb =
          D.K == go::CgoDirective::Kind::NoEscape ? "noescape" : "nocallback";
      Diagnostic Dg;
      Dg.Where = {F->Path, D.Verb.Where.Begin, D.Verb.Where.End};
      Dg.Sev = Severity::Error;
      Dg.Code = "cgo-noescape-unmatched";
      Dg.Message = "Call " + Name + " from Go (C." + Name +
                   ") or remove this line: cmd/cgo matches #cgo " + Verb +
                   " against the C functions the package's Go code calls, "
                   "and stops: #cgo " +
                   Verb + " " + Name + ": no matched C function";
      Dg.Targets = {C.target().name()};
      Out.push_back(std::move(Dg));
    }
}

void usesRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  duplicates(C, Out);
  noescapes(C, Out);
}

} // namespace

const Check &directiveConditionsCheck() {
  static const Check TheCheck{"directive-conditions", CheckScope::Package,
                              conditionCodes(), conditionsRun};
  return TheCheck;
}

const Check &directiveUsesCheck() {
  static const Check TheCheck{"directive-uses", CheckScope::Target, usesCodes(),
                              usesRun};
  return TheCheck;
}

} // namespace cgols
