//===- CodeDocs.cpp -------------------------------------------------------===//
#include "CodeDocs.h"

#include <algorithm>

namespace cgols {

std::string markdownSection(const CodeDoc &D) {
  return std::string("## ") + D.Code +
         (*D.Heading ? std::string(" ") + D.Heading : "") + "\n\n" + D.Doc +
         "\n\n";
}

std::map<std::string, unsigned> markdownSectionLines(const std::string &Md) {
  std::map<std::string, unsigned> L;
  unsigned Line = 1;
  for (std::size_t P = 0; P < Md.size();) {
    std::size_t E = Md.find('\n', P);
    if (E == std::string::npos)
      E = Md.size();
    if (Md.compare(P, 3, "## ") == 0) {
      std::size_t B = P + 3, End = Md.find(' ', B);
      L[Md.substr(B, std::min(End, E) - B)] = Line;
    }
    P = E + 1;
    ++Line;
  }
  return L;
}

} // namespace cgols
