//===- CNames.h - Hover, definition, completion for C names ---------------===//
//
// The features gopls cannot give (cmd/cgo generates Go only for names
// already used) and clangd cannot (the preamble lives in a Go comment):
// they read the symbols each compiled preamble recorded (CSymbol), per
// target, and never compile. Positions are byte offsets of the Go file; the
// LSP binding converts them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Analysis.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cgols {

/// A C name at a place of a Go file: after "C." in Go code, or an
/// identifier inside the preamble.
struct CNameAt {
  std::string Name;
  std::size_t Begin = 0, End = 0; ///< the name's bytes in the Go file
  bool InPreamble = false;
};

/// The C name under Offset in a Go file's text (F gives the preamble map of
/// the analysed text).
std::optional<CNameAt> cNameAt(std::string_view Text, std::size_t Offset,
                               const SourceFile *F);

/// Completion context: Offset is right after "C." plus a partial name.
std::optional<CNameAt> completionPrefix(std::string_view Text,
                                        std::size_t Offset);

/// The call `C.f(` around Offset and the parameter the cursor is in.
struct CallAt {
  std::string Name;
  unsigned ActiveParameter = 0;
};
std::optional<CallAt> callAt(std::string_view Text, std::size_t Offset);

/// cgo's own helpers, documented in cmd/cgo.
struct CgoHelper {
  const char *Name;
  const char *Signature;
  const char *Doc;
};
const std::vector<CgoHelper> &cgoHelpers();
const CgoHelper *findHelper(const std::string &Name);

/// What a name is on each target where the file's preamble declares it;
/// targets that see the same declaration are grouped.
struct SymbolOnTargets {
  std::vector<std::string> Targets;
  CSymbol Symbol;
};
/// Adds S as seen on Target: to the group with the same declaration, or as
/// a new group.
void addOnTarget(std::vector<SymbolOnTargets> &Groups,
                 const std::string &Target, const CSymbol &S);
std::vector<SymbolOnTargets> lookupSymbol(const PackageResult &R,
                                          const std::string &GoFile,
                                          const std::string &Name);

/// Completion candidates after "C.": the file's preamble's names on the
/// first analysed target that compiled it (its own names first, then those
/// of headers it includes itself, then the rest), and the helpers.
struct Candidate {
  std::string Label;
  const CSymbol *Symbol = nullptr; ///< null for a helper or a deeper name
  const CgoHelper *Helper = nullptr;
  int Rank = 0; ///< 0: the preamble's own, 1: direct headers, 2: others
};
std::vector<Candidate> completeCNames(const PackageResult &R,
                                      const std::string &GoFile,
                                      const std::string &Prefix,
                                      std::size_t Limit);

// What the features say, as markdown (the LSP binding sends it as is).

/// Where a symbol is declared: "this file's preamble" or "`file:line`".
std::string whereText(const CSymbol &S);
/// A hover over a C name: per group of targets, the declaration, cgo's Go
/// view, where it is declared and its comment.
std::string hoverMarkdown(const std::string &Name,
                          const std::vector<SymbolOnTargets> &Groups);
/// A hover over one of cgo's helpers (C.CString, C.GoBytes...).
std::string helperMarkdown(const CgoHelper &H);
/// A completion candidate's documentation (empty for a deeper name, whose
/// details come on hover).
std::string completionDoc(const Candidate &C);

/// A function's signature as signature help shows it: the label is built
/// from the parameters, so that each one's offsets in it are exact.
struct Signature {
  std::string Label;
  std::vector<std::pair<std::size_t, std::size_t>> Params; ///< in Label
  std::string Doc;                                         ///< markdown
};
/// The first group's symbol's signature, when it is a function.
std::optional<Signature>
signatureOf(const std::string &Name,
            const std::vector<SymbolOnTargets> &Groups);

/// The preamble's own declarations (for the outline).
std::vector<CSymbol> preambleSymbols(const PackageResult &R,
                                     const std::string &GoFile);

} // namespace cgols
