//===- FuzzGoFile.cpp - Go source scanning, preambles, #cgo lines, flags --===//
//
// A repository's .go file, as the server and `cgols check` read it: the
// scanner finds import "C" and its preamble, the Go-side reader its calls,
// the preamble map places every preamble byte in the Go file, the #cgo lines
// are parsed, and their flags are judged by the go command's allowlist;
// #cgo-line completion and hover at a few positions.
//
//===----------------------------------------------------------------------===//
#include "cgo/CgoDirective.h"
#include "cgo/GoFile.h"
#include "cgo/GoUses.h"
#include "features/CgoLines.h"
#include "pipeline/Flags.h"

#include "FuzzCheck.h"

#include <string_view>

using namespace cgols;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *Data,
                                      std::size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  go::GoFile F = go::parseGoFile("/w/a.go", Text);
  // The Go-side reader: every range it gives lies in the file.
  go::GoUses U = go::readGoUses(Text);
  for (const go::CCall &C : U.Calls) {
    FUZZ_CHECK(C.Call.Where.Begin <= C.Call.Where.End &&
               C.Call.Where.End <= Size && C.Func < U.Funcs.size());
    for (const go::Expr &A : C.Call.Args)
      FUZZ_CHECK(A.Where.End <= Size);
  }
  for (const go::FieldUse &FU : U.Fields)
    FUZZ_CHECK(FU.Where.End <= Size && FU.Func < U.Funcs.size());
  for (const go::CStringLeak &L : U.Leaks)
    FUZZ_CHECK(L.Where.End <= Size && L.StatementEnd <= Size);
  // Every preamble offset maps into the Go file.
  for (std::size_t I = 0; I <= F.Preamble.size();
       I += 1 + F.Preamble.size() / 64)
    FUZZ_CHECK(F.PreambleMap.toGo(I) <= Size);
  (void)go::discardCgoDirectives(F.Preamble);
  for (int Minor : {19, 0}) {
    for (const go::CgoDirective &D : go::parseCgoDirectives(F, {Minor, 0})) {
      FUZZ_CHECK(D.Line.Begin <= D.Line.End && D.Line.End <= Size);
      std::vector<std::string> Args;
      for (const go::CgoWord &W : D.Args) {
        FUZZ_CHECK(W.Where.Begin <= W.Where.End && W.Where.End <= Size);
        Args.push_back(W.Text);
      }
      for (FlagKind K : {FlagKind::Compiler, FlagKind::Linker})
        for (const FlagProblem &P :
             checkFlagList(Args, K, "#cgo " + D.Verb.Text, Minor, std::nullopt,
                           std::nullopt))
          FUZZ_CHECK(P.Index < Args.size());
    }
  }
  // Completion and hover in #cgo lines, at a few positions: the word lies
  // in the file, and candidates and hover text come without a crash.
  CgoLineSources S;
  S.GoVer = {22, 0};
  for (std::size_t Off = 0; Off <= Size; Off += 1 + Size / 16)
    if (auto At = cgoLineAt(Text, Off)) {
      FUZZ_CHECK(At->Begin <= At->End && At->End <= Size);
      (void)cgoLineCandidates(*At, S);
      (void)cgoLineHover(*At, S);
    }
  return 0;
}
