//===- Document.h - Open documents and LSP position conversion ------------===//
//
// PositionMapper is the one place that converts between byte offsets and LSP
// positions (line, character) in the negotiated encoding: UTF-16 code units
// by default, bytes with UTF-8. Invalid UTF-8 bytes count as one unit each.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "core/LineTable.h"
#include "protocol/Protocol.h"

#include <optional>
#include <string>

namespace cgols {

enum class PositionEncoding { UTF16, UTF8 };

class PositionMapper {
public:
  PositionMapper(std::string_view Text, PositionEncoding E)
      : Text(Text), Lines(Text), Enc(E) {}
  protocol::Position position(std::size_t Offset) const;
  protocol::Range range(std::size_t Begin, std::size_t End) const;
  /// nullopt when the line is past the end; a character past the end of its
  /// line is clamped to the line's end (as the LSP specification says).
  std::optional<std::size_t> offset(protocol::Position P) const;

private:
  std::string_view Text;
  LineTable Lines;
  PositionEncoding Enc;
};

struct Document {
  std::string Path;
  std::string Uri;
  std::string Text;
  std::int64_t Version = 0;
};

/// Applies one content change; returns an error message if its range is not
/// in the document.
std::optional<std::string>
applyChange(std::string &Text,
            const protocol::TextDocumentContentChangeEvent &C,
            PositionEncoding E);

} // namespace cgols
