//===- FuzzSettings.cpp - The checks of the editor's Go settings files ----===//
//
// .vscode/settings.json and *.code-workspace as a repository ships them:
// every diagnostic lies inside the text, and every fix's edits too.
//
//===----------------------------------------------------------------------===//
#include "settings/Settings.h"

#include "FuzzCheck.h"

using namespace cgols;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *Data,
                                      std::size_t Size) {
  std::string Text(reinterpret_cast<const char *>(Data), Size);
  for (const char *Path : {"/w/.vscode/settings.json", "/w/a.code-workspace"}) {
    for (const Diagnostic &D : settings::check({Path, Text, Size % 2 == 0})) {
      FUZZ_CHECK(D.Where.Begin <= D.Where.End && D.Where.End <= Size);
      for (const Fix &F : D.Fixes)
        for (const TextEdit &E : F.Edits)
          FUZZ_CHECK(E.Range.File != Path ||
                     (E.Range.Begin <= E.Range.End && E.Range.End <= Size));
    }
  }
  (void)settings::allowFlagFix("/w/.vscode/settings.json", Text, "LDFLAGS",
                               "-Wl,--build-id=sha1");
  return 0;
}
