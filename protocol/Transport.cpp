//===- Transport.cpp - Content-Length framing -----------------------------===//
#include "Transport.h"

#include <cctype>
#include <charconv>

namespace cgols::protocol {
namespace {

bool iequalsPrefix(std::string_view S, std::string_view Prefix) {
  if (S.size() < Prefix.size())
    return false;
  for (std::size_t I = 0; I < Prefix.size(); ++I)
    if (std::tolower(static_cast<unsigned char>(S[I])) !=
        std::tolower(static_cast<unsigned char>(Prefix[I])))
      return false;
  return true;
}

// "Name:" at the start: a header field (RFC 7230 token characters).
bool looksLikeHeaderLine(std::string_view S) {
  std::size_t I = 0;
  while (I < S.size() && (std::isalnum(static_cast<unsigned char>(S[I])) ||
                          S[I] == '-' || S[I] == '_'))
    ++I;
  if (I == S.size())
    return true; // may still become one
  return I > 0 && S[I] == ':';
}

std::size_t findContentLength(std::string_view S) {
  const std::string_view Key = "content-length:";
  for (std::size_t I = 0; I + Key.size() <= S.size(); ++I)
    if ((S[I] == 'C' || S[I] == 'c') && iequalsPrefix(S.substr(I), Key))
      return I;
  return std::string_view::npos;
}

} // namespace

void MessageReader::compact() {
  if (Pos > (1u << 16) && Pos * 2 > Buf.size()) {
    Buf.erase(0, Pos);
    Pos = 0;
  }
}

std::optional<Frame> MessageReader::next() {
  if (Skip) {
    std::size_t N = std::min(Skip, Buf.size() - Pos);
    Pos += N;
    Skip -= N;
    compact();
    if (Skip)
      return std::nullopt;
  }
  std::string_view View(Buf);
  View.remove_prefix(Pos);
  // White space between messages is skipped silently.
  std::size_t Lead = 0;
  while (Lead < View.size() &&
         std::isspace(static_cast<unsigned char>(View[Lead])))
    ++Lead;
  Pos += Lead;
  View.remove_prefix(Lead);
  if (View.empty())
    return std::nullopt;
  // Anything that does not start with a header line is garbage: skip it up
  // to the next "Content-Length:", so that the stream gets back in step.
  if (!looksLikeHeaderLine(View)) {
    std::size_t Next = findContentLength(View);
    if (Next == std::string_view::npos) {
      // Keep a tail that may be the start of a header still arriving.
      std::size_t Keep = std::min<std::size_t>(View.size(), 15);
      std::size_t Drop = View.size() - Keep;
      if (Drop == 0)
        return std::nullopt;
      Pos += Drop;
      compact();
      return Frame{"", "skipped " + std::to_string(Drop) +
                           " bytes that are not a message"};
    }
    Pos += Next;
    compact();
    return Frame{"", "skipped " + std::to_string(Next) +
                         " bytes that are not a message"};
  }
  // The header block ends at the first empty line, "\r\n" or a bare "\n"
  // (lenient with clients that use the latter). Looking for the first
  // "\r\n\r\n" instead would, after a block ended by "\n\n", find the end
  // of the next message's headers and swallow a message.
  std::size_t HeaderEnd = std::string_view::npos, BodyOffset = 0;
  for (std::size_t LS = 0;;) {
    std::size_t E = View.find('\n', LS);
    if (E == std::string_view::npos)
      break;
    std::string_view Line = View.substr(LS, E - LS);
    if (Line.empty() || Line == "\r") {
      HeaderEnd = LS;
      BodyOffset = E + 1;
      break;
    }
    LS = E + 1;
  }
  if (HeaderEnd == std::string_view::npos) {
    if (View.size() > (64u << 10)) {
      // No header end in 64 KiB: garbage. Drop it up to the last line.
      std::size_t Cut = View.rfind('\n');
      Pos += Cut == std::string_view::npos ? View.size() : Cut + 1;
      compact();
      return Frame{"", "no message header found in the input"};
    }
    return std::nullopt;
  }
  std::string_view Headers = View.substr(0, HeaderEnd);
  std::optional<std::size_t> Length;
  bool BadLength = false;
  std::size_t LS = 0;
  while (LS <= Headers.size()) {
    std::size_t E = Headers.find('\n', LS);
    std::string_view Line =
        Headers.substr(LS, E == std::string_view::npos ? E : E - LS);
    if (!Line.empty() && Line.back() == '\r')
      Line.remove_suffix(1);
    if (iequalsPrefix(Line, "content-length:")) {
      std::string_view V = Line.substr(15);
      while (!V.empty() && (V.front() == ' ' || V.front() == '\t'))
        V.remove_prefix(1);
      while (!V.empty() && (V.back() == ' ' || V.back() == '\t'))
        V.remove_suffix(1);
      std::size_t N = 0;
      auto [P, EC] = std::from_chars(V.data(), V.data() + V.size(), N);
      if (EC != std::errc() || P != V.data() + V.size() || V.empty())
        BadLength = true;
      else
        Length = N;
    }
    if (E == std::string_view::npos)
      break;
    LS = E + 1;
  }
  std::size_t BodyStart = Pos + BodyOffset;
  if (!Length || BadLength) {
    // Drop the header block; the body, if any, will be seen as garbage and
    // skipped up to the next header block.
    Pos = BodyStart;
    compact();
    return Frame{"", BadLength ? "invalid Content-Length header"
                               : "missing Content-Length header"};
  }
  if (*Length > MaxBody) {
    Pos = BodyStart;
    Skip = *Length;
    std::size_t N = std::min(Skip, Buf.size() - Pos);
    Pos += N;
    Skip -= N;
    compact();
    return Frame{"", "message of " + std::to_string(*Length) +
                         " bytes exceeds the limit of " +
                         std::to_string(MaxBody) + " bytes"};
  }
  if (Buf.size() - BodyStart < *Length)
    return std::nullopt;
  Frame F;
  F.Body = Buf.substr(BodyStart, *Length);
  Pos = BodyStart + *Length;
  compact();
  return F;
}

std::string frameMessage(std::string_view Body) {
  std::string Out =
      "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n";
  Out.append(Body);
  return Out;
}

} // namespace cgols::protocol
