//===- FuzzFlags.cpp - The allowlist with CGO_*_ALLOW from the environment ===//
//
// The first line is a CGO_CFLAGS_ALLOW pattern (Go regexp syntax, compiled
// by RE2), the second a _DISALLOW pattern, every further line one flag.
// Checks: every problem names a flag of the list, a pattern that does not
// compile gives the go command's message, and the compile-only filter
// splits its input without losing a flag.
//
//===----------------------------------------------------------------------===//
#include "cgo/GoRegexp.h"
#include "pipeline/Flags.h"

#include "FuzzCheck.h"

#include <algorithm>
#include <string_view>

using namespace cgols;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *Data,
                                      std::size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  std::vector<std::string> Lines;
  for (std::size_t B = 0; B <= Text.size();) {
    std::size_t E = std::min(Text.find('\n', B), Text.size());
    Lines.emplace_back(Text.substr(B, E - B));
    B = E + 1;
  }
  std::string Allow = Lines[0];
  std::optional<std::string> Disallow;
  if (Lines.size() > 1)
    Disallow = Lines[1];
  std::vector<std::string> Flags(
      Lines.begin() + std::min<std::size_t>(2, Lines.size()), Lines.end());
  std::string Error;
  bool Compiles = Allow.empty() || GoRegexp::compile(Allow, Error);
  for (FlagKind K : {FlagKind::Compiler, FlagKind::Linker}) {
    std::string EnvError;
    for (const FlagProblem &P :
         checkFlagList(Flags, K, "#cgo CFLAGS", 0, Allow, Disallow, &EnvError))
      FUZZ_CHECK(P.Index < Flags.size());
    if (!Compiles)
      FUZZ_CHECK(EnvError == "parsing $CGO_CFLAGS_ALLOW: " + Error);
  }
  std::vector<std::string> Rejected;
  std::vector<std::string> Kept = compileOnlyFlags(Flags, Rejected);
  FUZZ_CHECK(Kept.size() + Rejected.size() == Flags.size());
  return 0;
}
