//===- LineTable.h - Byte offsets to 1-based lines and byte columns -------===//
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace cgols {

/// Line starts of a text, for turning byte offsets into (line, column) pairs.
/// Lines and columns are 0-based; a column counts bytes. A line ends at '\n'.
class LineTable {
public:
  explicit LineTable(std::string_view Text);
  struct LineCol {
    std::size_t Line = 0;
    std::size_t Col = 0;
  };
  /// Offsets past the end are clamped to the end of the text.
  LineCol lineCol(std::size_t Offset) const;
  /// The offset of a line's first byte; lines past the end give the text size.
  std::size_t lineStart(std::size_t Line) const;
  std::size_t lineCount() const { return Starts.size(); }
  std::size_t size() const { return Size; }

private:
  std::vector<std::size_t> Starts;
  std::size_t Size;
};

} // namespace cgols
