//===- FlagKinds.h - The #cgo flag kinds, once ----------------------------===//
//
// The five kinds of flags a #cgo line sets, in the order the go command
// judges them (cmd/go/internal/work/exec.go: CPPFLAGS, CFLAGS, CXXFLAGS,
// FFLAGS, LDFLAGS), and whether the linker gets them. Every list of the
// kinds (the directive parser, the package's flags, the allowlist verdicts,
// the CGO_<KIND>_ALLOW variables read from the environment) is this one.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace cgols {

struct CgoFlagKind {
  const char *Name; ///< "CFLAGS"
  bool Linker;
};

inline constexpr std::array<CgoFlagKind, 5> CgoFlagKinds = {{
    {"CPPFLAGS", false},
    {"CFLAGS", false},
    {"CXXFLAGS", false},
    {"FFLAGS", false},
    {"LDFLAGS", true},
}};

/// The index of a kind in CgoFlagKinds ("LDFLAGS" is 4), if it is one.
inline std::optional<std::size_t> cgoFlagKindIndex(std::string_view Name) {
  for (std::size_t I = 0; I < CgoFlagKinds.size(); ++I)
    if (Name == CgoFlagKinds[I].Name)
      return I;
  return std::nullopt;
}

} // namespace cgols
