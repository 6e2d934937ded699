//===- LineTable.cpp ------------------------------------------------------===//
#include "core/LineTable.h"

#include <algorithm>

namespace cgols {

LineTable::LineTable(std::string_view Text) : Size(Text.size()) {
  Starts.push_back(0);
  for (std::size_t I = 0; I < Text.size(); ++I)
    if (Text[I] == '\n')
      Starts.push_back(I + 1);
}

LineTable::LineCol LineTable::lineCol(std::size_t Offset) const {
  Offset = std::min(Offset, Size);
  auto It = std::upper_bound(Starts.begin(), Starts.end(), Offset);
  std::size_t Line = static_cast<std::size_t>(It - Starts.begin()) - 1;
  return {Line, Offset - Starts[Line]};
}

std::size_t LineTable::lineStart(std::size_t Line) const {
  return Line < Starts.size() ? Starts[Line] : Size;
}

} // namespace cgols
