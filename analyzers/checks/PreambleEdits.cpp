//===- PreambleEdits.cpp - Quick fixes that add a line to a preamble ------===//
#include "Check.h"

#include "cunit/HeaderIndex.h"

namespace cgols {

std::optional<Fix> addPreambleLine(const SourceFile &F, const std::string &Line,
                                   const std::string &Title,
                                   bool AfterIncludes) {
  const go::GoFile &G = F.Go;
  if (G.CImports.empty() || !G.CImports.front().Doc)
    return std::nullopt;
  const std::string &T = F.Text;
  const go::Range Doc = *G.CImports.front().Doc;
  // The last #include or #import line of the preamble, in Go offsets.
  std::size_t LastIncludeLineEnd = std::string::npos;
  if (AfterIncludes) {
    std::size_t P = 0;
    const std::string &Pre = G.Preamble;
    while (P < Pre.size()) {
      std::size_t E = Pre.find('\n', P);
      std::size_t LE = E == std::string::npos ? Pre.size() : E;
      std::size_t H = Pre.find_first_not_of(" \t", P);
      if (H < LE &&
          (Pre.compare(H, 8, "#include") == 0 ||
           Pre.compare(H, 7, "#import") == 0) &&
          G.PreambleMap.isContiguous(P, LE))
        LastIncludeLineEnd = G.PreambleMap.toGo(LE);
      if (E == std::string::npos)
        break;
      P = E + 1;
    }
  }
  Fix X;
  X.Title = Title;
  bool LineComments = T.compare(Doc.Begin, 2, "//") == 0;
  if (LastIncludeLineEnd != std::string::npos &&
      LastIncludeLineEnd < T.size()) {
    // After that line, with the same prefix ("// " or indentation).
    std::size_t LineStart = T.rfind('\n', LastIncludeLineEnd - 1);
    LineStart = LineStart == std::string::npos ? 0 : LineStart + 1;
    std::size_t Hash = T.find('#', LineStart);
    std::string Prefix = T.substr(LineStart, Hash - LineStart);
    X.Edits.push_back({{F.Path, LastIncludeLineEnd + 1, LastIncludeLineEnd + 1},
                       Prefix + Line + "\n"});
    return X;
  }
  if (LineComments) {
    std::size_t LineStart = T.rfind('\n', Doc.Begin == 0 ? 0 : Doc.Begin - 1);
    LineStart =
        (LineStart == std::string::npos || Doc.Begin == 0) ? 0 : LineStart + 1;
    std::string Indent = T.substr(LineStart, Doc.Begin - LineStart);
    X.Edits.push_back(
        {{F.Path, Doc.Begin, Doc.Begin}, "// " + Line + "\n" + Indent});
  } else {
    X.Edits.push_back({{F.Path, Doc.Begin + 2, Doc.Begin + 2}, "\n" + Line});
  }
  return X;
}

std::optional<Fix> includeFixFor(const CheckContext &C, const SourceFile &F,
                                 const PreambleUnit &U,
                                 const std::string &Name) {
  if (!C.Headers)
    return std::nullopt;
  std::vector<std::string> Hs = C.Headers->headersDeclaring(Name, U.Req, C.FS);
  if (Hs.empty())
    return std::nullopt;
  std::string Line = "#include <" + Hs.front() + ">";
  return addPreambleLine(F, Line, "Add " + Line, true);
}

std::string clang16Explanation(const std::string &Flag) {
  if (Flag == "-Wimplicit-function-declaration" || Flag == "-Wint-conversion" ||
      Flag == "-Wincompatible-function-pointer-types")
    return ". clang 16 and Apple clang (Xcode 15 and later) reject this, "
           "while gcc only warns: the package builds on Linux with gcc and "
           "fails on a Mac";
  if (Flag == "-Wdeprecated-non-prototype")
    return ". clang 15 and later warn about K&R-style declarations, which C23 "
           "removes; give the function a prototype";
  return "";
}

std::string duplicateSymbolText(const std::string &Name, bool ObjCClass) {
  std::string Sym = ObjCClass ? "OBJC_CLASS_$_" + Name : Name;
  return "\"duplicate symbol '_" + Sym +
         "'\" (macOS ld) or \"multiple "
         "definition of '" +
         Sym + "'\" (GNU ld)";
}

} // namespace cgols
