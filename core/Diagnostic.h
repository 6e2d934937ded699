//===- Diagnostic.h - Domain diagnostics produced by analyzers ------------===//
//
// Analyzers report problems as plain data in byte offsets of a named file.
// Only server/ turns them into LSP diagnostics (and only the CLI prints them),
// so that no analyzer depends on the protocol.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

enum class Severity { Error = 1, Warning = 2, Information = 3, Hint = 4 };

const char *severityName(Severity S);

/// A byte range [Begin, End) in the file named by File (an absolute path).
struct Location {
  std::string File;
  std::size_t Begin = 0;
  std::size_t End = 0;
  friend bool operator==(const Location &A, const Location &B) {
    return A.File == B.File && A.Begin == B.Begin && A.End == B.End;
  }
};

struct TextEdit {
  Location Range;
  std::string NewText;
};

/// A quick fix: a titled set of edits, all to files the user owns.
struct Fix {
  Fix() = default;
  Fix(std::string Title, std::vector<TextEdit> Edits)
      : Title(std::move(Title)), Edits(std::move(Edits)) {}
  std::string Title;
  std::vector<TextEdit> Edits;
  /// Files the fix creates before its edits (a missing settings.json).
  std::vector<std::string> Creates;
  /// The edits are to the editor's settings: applied through the client
  /// (workspace/applyEdit), which saves them, since the editor reads
  /// settings from disk.
  bool Settings = false;
};

struct RelatedInfo {
  Location Where;
  std::string Message;
};

struct Diagnostic {
  Location Where;
  Severity Sev = Severity::Error;
  /// Stable code, documented in docs/checks.md (e.g. "cgo-preamble-error").
  std::string Code;
  std::string Message;
  /// The targets ("darwin/arm64") on which it occurs; empty when it does not
  /// depend on the target.
  std::vector<std::string> Targets;
  /// The Clang warning flag behind it (e.g. "-Wint-conversion"), if any.
  std::string ClangFlag;
  std::vector<RelatedInfo> Related;
  /// Set when Clang reported it in a header and it is shown at the
  /// preamble's #include that brought the header in: where in the header
  /// (the CLI prints the header's line from it).
  std::optional<Location> InHeader;
  std::vector<Fix> Fixes;
  /// For fixes built later, where the analyzer cannot (another file): a
  /// flag the go command rejects, and its kind ("LDFLAGS").
  std::string RejectedFlag, RejectedFlagKind;
};

} // namespace cgols
