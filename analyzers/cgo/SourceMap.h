//===- SourceMap.h - Preamble offsets to Go-file offsets ------------------===//
//
// The one place that maps a byte offset of a cgo preamble (the C text cgo
// compiles) to the byte offset in the Go file it came from. The preamble is
// made of pieces of comment text copied verbatim, joined by a few synthetic
// bytes (the newline cgo appends after a // comment); each piece is a segment.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace cgols {

class SourceMap {
public:
  /// Records that preamble bytes [PreambleBegin, PreambleBegin+Length) are
  /// Go-file bytes [GoBegin, GoBegin+Length). Segments are added in order.
  void addSegment(std::size_t PreambleBegin, std::size_t GoBegin,
                  std::size_t Length);
  /// The Go offset of a preamble offset. A synthetic byte maps to the end of
  /// the segment before it; an offset past the end maps to the end.
  std::size_t toGo(std::size_t PreambleOffset) const;
  /// Maps a range; if it spans pieces that are not contiguous in the Go file
  /// it is cut at the end of the first piece.
  std::pair<std::size_t, std::size_t> rangeToGo(std::size_t Begin,
                                                std::size_t End) const;
  /// Whether [Begin, End) lies in one piece, so that an edit of it is an
  /// edit of exactly those Go bytes.
  bool isContiguous(std::size_t Begin, std::size_t End) const;
  bool empty() const { return Segments.empty(); }
  /// The preamble offset of a Go-file offset, when that byte is part of the
  /// preamble (inside its comment, not a comment marker).
  std::optional<std::size_t> toPreamble(std::size_t GoOffset) const;

private:
  struct Segment {
    std::size_t PreambleBegin, GoBegin, Length;
  };
  const Segment *segmentFor(std::size_t PreambleOffset) const;
  std::vector<Segment> Segments;
};

} // namespace cgols
