//===- Txtar.cpp ----------------------------------------------------------===//
#include "Txtar.h"

namespace cgols::test {
namespace {
// A marker line is "-- NAME --" with a non-empty name.
bool isMarker(const std::string &Line, std::string &Name) {
  if (Line.size() < 7 || Line.compare(0, 3, "-- ") != 0 ||
      Line.compare(Line.size() - 3, 3, " --") != 0)
    return false;
  Name = Line.substr(3, Line.size() - 6);
  while (!Name.empty() && Name.front() == ' ')
    Name.erase(0, 1);
  while (!Name.empty() && Name.back() == ' ')
    Name.pop_back();
  return !Name.empty();
}
} // namespace

Txtar Txtar::parse(const std::string &Text) {
  Txtar A;
  std::string *Cur = &A.Comment;
  std::size_t P = 0;
  while (P < Text.size()) {
    std::size_t E = Text.find('\n', P);
    std::string Line = Text.substr(P, E == std::string::npos ? E : E - P);
    std::string Name;
    if (isMarker(Line, Name)) {
      A.Files.push_back({Name, ""});
      Cur = &A.Files.back().Data;
    } else {
      Cur->append(Line);
      Cur->push_back('\n');
    }
    if (E == std::string::npos)
      break;
    P = E + 1;
  }
  return A;
}

std::string Txtar::format() const {
  std::string Out = Comment;
  for (const File &F : Files) {
    Out += "-- " + F.Name + " --\n";
    Out += F.Data;
    if (!F.Data.empty() && F.Data.back() != '\n')
      Out.push_back('\n');
  }
  return Out;
}

const Txtar::File *Txtar::find(const std::string &Name) const {
  for (const File &F : Files)
    if (F.Name == Name)
      return &F;
  return nullptr;
}

} // namespace cgols::test
