//===- CgoDirective.h - #cgo lines of a preamble --------------------------===//
//
// The #cgo lines of one file, split as go/build's saveCgo splits them, with
// the Go-file range of every word. Whether a line applies, and the errors that
// go/build reports only for lines that apply, depend on the target and are
// decided in target/Package.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "GoFile.h"

#include <string>
#include <string_view>
#include <vector>

namespace cgols::go {

struct CgoWord {
  std::string Text; ///< unquoted
  Range Where;      ///< in the Go file, quotes included
};

struct CgoDirective {
  enum class Kind { Flags, PkgConfig, NoCallback, NoEscape, Unknown, Invalid };
  Kind K = Kind::Invalid;
  Range Line;       ///< the trimmed line, in the Go file
  std::string Orig; ///< the trimmed line text
  std::vector<CgoWord> Conditions;
  CgoWord Verb; ///< CFLAGS, LDFLAGS, pkg-config, ...; the function for noescape
  std::vector<CgoWord> Args;
  /// Set for Invalid lines (always an error) and for lines whose arguments
  /// could not be split (an error only where the line applies).
  std::string Error;
};

/// Go version as the minor number of go1.N; 0 means unknown (the newest).
struct GoVersion {
  int Minor = 0; ///< 0: unknown, read as the newest
  int Patch = 0;
  bool atLeast(int M) const { return Minor == 0 || Minor >= M; }
  /// At least 1.M.P (an unknown version counts as the newest).
  bool atLeast(int M, int P) const {
    return Minor == 0 || Minor > M || (Minor == M && Patch >= P);
  }
};

std::vector<CgoDirective> parseCgoDirectives(const GoFile &F, GoVersion V);

/// The preamble as cmd/cgo compiles it: #cgo lines blanked (cmd/cgo's
/// DiscardCgoDirectives), offsets unchanged.
std::string discardCgoDirectives(std::string_view Preamble);

/// go/build's splitQuoted over Text[Begin, End), with the extent of each word.
struct SplitResult {
  std::vector<std::pair<std::string, Range>> Words;
  std::string Error; ///< "unclosed quote" or "unfinished escaping"
};
SplitResult splitQuoted(std::string_view Text, std::size_t Begin,
                        std::size_t End);

/// go/build's safeCgoName: bytes outside the allowed set make an argument
/// malformed; non-ASCII bytes are allowed.
bool isSafeCgoArg(std::string_view S);

} // namespace cgols::go
