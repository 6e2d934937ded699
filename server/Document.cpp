//===- Document.cpp - Positions and edits ---------------------------------===//
#include "Document.h"

namespace cgols {
namespace {

// Length in bytes of the UTF-8 sequence starting at S[I], and its length in
// UTF-16 code units; invalid bytes are a sequence of one byte, one unit.
std::pair<std::size_t, std::size_t> utf8Seq(std::string_view S, std::size_t I) {
  auto C = static_cast<unsigned char>(S[I]);
  std::size_t N = C < 0x80         ? 1
                  : (C >> 5) == 6  ? 2
                  : (C >> 4) == 14 ? 3
                  : (C >> 3) == 30 ? 4
                                   : 0;
  if (N == 0 || I + N > S.size())
    return {1, 1};
  for (std::size_t K = 1; K < N; ++K)
    if ((static_cast<unsigned char>(S[I + K]) & 0xC0) != 0x80)
      return {1, 1};
  return {N, N == 4 ? 2 : 1};
}

} // namespace

protocol::Position PositionMapper::position(std::size_t Offset) const {
  LineTable::LineCol LC = Lines.lineCol(Offset);
  protocol::Position P;
  P.Line = static_cast<int>(LC.Line);
  std::size_t Start = Lines.lineStart(LC.Line);
  if (Enc == PositionEncoding::UTF8) {
    P.Character = static_cast<int>(LC.Col);
    return P;
  }
  std::size_t Units = 0;
  std::size_t End = Start + LC.Col;
  for (std::size_t I = Start; I < End;) {
    auto [Bytes, U] = utf8Seq(Text, I);
    if (I + Bytes > End) { // an offset inside a sequence
      ++Units;
      break;
    }
    I += Bytes;
    Units += U;
  }
  P.Character = static_cast<int>(Units);
  return P;
}

protocol::Range PositionMapper::range(std::size_t Begin,
                                      std::size_t End) const {
  return {position(Begin), position(End)};
}

std::optional<std::size_t> PositionMapper::offset(protocol::Position P) const {
  if (P.Line < 0 || P.Character < 0)
    return std::nullopt;
  auto Line = static_cast<std::size_t>(P.Line);
  if (Line >= Lines.lineCount()) {
    // The position just past the last line is the end of the text.
    if (Line == Lines.lineCount() && P.Character == 0)
      return Text.size();
    return std::nullopt;
  }
  std::size_t Start = Lines.lineStart(Line);
  std::size_t LineEnd = Line + 1 < Lines.lineCount()
                            ? Lines.lineStart(Line + 1) - 1
                            : Text.size();
  auto Want = static_cast<std::size_t>(P.Character);
  if (Enc == PositionEncoding::UTF8)
    return Start + std::min(Want, LineEnd - Start);
  std::size_t Units = 0, I = Start;
  while (I < LineEnd && Units < Want) {
    auto [Bytes, U] = utf8Seq(Text, I);
    I += Bytes;
    Units += U;
  }
  return std::min(I, LineEnd);
}

std::optional<std::string>
applyChange(std::string &Text,
            const protocol::TextDocumentContentChangeEvent &C,
            PositionEncoding E) {
  if (!C.R) {
    Text = C.Text;
    return std::nullopt;
  }
  PositionMapper M(Text, E);
  auto B = M.offset(C.R->Start);
  auto End = M.offset(C.R->End);
  if (!B || !End)
    return std::string("the change's range is outside the document");
  if (*End < *B)
    return std::string("the change's range ends before it starts");
  Text.replace(*B, *End - *B, C.Text);
  return std::nullopt;
}

} // namespace cgols
