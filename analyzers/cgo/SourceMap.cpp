//===- SourceMap.cpp ------------------------------------------------------===//
#include "SourceMap.h"

#include <algorithm>

namespace cgols {

void SourceMap::addSegment(std::size_t PreambleBegin, std::size_t GoBegin,
                           std::size_t Length) {
  Segments.push_back({PreambleBegin, GoBegin, Length});
}

const SourceMap::Segment *SourceMap::segmentFor(std::size_t Offset) const {
  // The last segment that starts at or before Offset.
  auto It = std::upper_bound(
      Segments.begin(), Segments.end(), Offset,
      [](std::size_t O, const Segment &S) { return O < S.PreambleBegin; });
  if (It == Segments.begin())
    return nullptr;
  return &*(It - 1);
}

std::size_t SourceMap::toGo(std::size_t Offset) const {
  const Segment *S = segmentFor(Offset);
  if (!S)
    return Segments.empty() ? 0 : Segments.front().GoBegin;
  std::size_t Delta = std::min(Offset - S->PreambleBegin, S->Length);
  return S->GoBegin + Delta;
}

bool SourceMap::isContiguous(std::size_t Begin, std::size_t End) const {
  const Segment *S = segmentFor(Begin);
  return S && End >= Begin && End <= S->PreambleBegin + S->Length;
}

std::pair<std::size_t, std::size_t>
SourceMap::rangeToGo(std::size_t Begin, std::size_t End) const {
  std::size_t B = toGo(Begin);
  if (End < Begin)
    End = Begin;
  const Segment *S = segmentFor(Begin);
  if (S && End > S->PreambleBegin + S->Length)
    End = S->PreambleBegin + S->Length;
  return {B, std::max(B, toGo(End))};
}

std::optional<std::size_t> SourceMap::toPreamble(std::size_t GoOffset) const {
  for (const Segment &S : Segments)
    if (GoOffset >= S.GoBegin && GoOffset < S.GoBegin + S.Length)
      return S.PreambleBegin + (GoOffset - S.GoBegin);
  return std::nullopt;
}

} // namespace cgols
