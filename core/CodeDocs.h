//===- CodeDocs.h - Diagnostic codes and their documentation --------------===//
//
// Every diagnostic and finding code cgols emits is documented where it is
// made (a check's codes(), settings::codeDocs(), doctor::codeDocs());
// docs/checks.md is all of them, rendered here (the server's
// docs::markdown() puts them together).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cgols {

/// One diagnostic code and its documentation (markdown: what, why, an
/// example, the fix), as it appears in docs/checks.md.
struct CodeDoc {
  const char *Code;
  const char *Heading; ///< "" or a note after the code, e.g. "(warning)"
  const char *Doc;
};

/// A code's "## code" section of docs/checks.md.
std::string markdownSection(const CodeDoc &D);

/// The 1-based line of each "## code" section of a markdown text.
std::map<std::string, unsigned> markdownSectionLines(const std::string &Md);

} // namespace cgols
