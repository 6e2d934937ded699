//===- Utf8.cpp - Every string cgols prints is valid UTF-8 ----------------===//
#include "Utf8.h"

namespace cgols::protocol {
namespace {

// The length of the well-formed sequence at S[I], or 0 (RFC 3629 table).
std::size_t sequenceLength(std::string_view S, std::size_t I) {
  auto B = [&](std::size_t K) { return static_cast<unsigned char>(S[I + K]); };
  unsigned char C = B(0);
  if (C < 0x80)
    return 1;
  std::size_t N;
  unsigned char Lo = 0x80, Hi = 0xBF;
  if (C >= 0xC2 && C <= 0xDF)
    N = 2;
  else if (C >= 0xE0 && C <= 0xEF) {
    N = 3;
    if (C == 0xE0)
      Lo = 0xA0; // no overlong forms
    if (C == 0xED)
      Hi = 0x9F; // no surrogates
  } else if (C >= 0xF0 && C <= 0xF4) {
    N = 4;
    if (C == 0xF0)
      Lo = 0x90;
    if (C == 0xF4)
      Hi = 0x8F; // at most U+10FFFF
  } else {
    return 0;
  }
  if (I + N > S.size())
    return 0;
  if (B(1) < Lo || B(1) > Hi)
    return 0;
  for (std::size_t K = 2; K < N; ++K)
    if (B(K) < 0x80 || B(K) > 0xBF)
      return 0;
  return N;
}

} // namespace

bool isValidUtf8(std::string_view S) {
  for (std::size_t I = 0; I < S.size();) {
    std::size_t N = sequenceLength(S, I);
    if (!N)
      return false;
    I += N;
  }
  return true;
}

std::string escapeInvalidUtf8(std::string_view S) {
  if (isValidUtf8(S))
    return std::string(S);
  static const char Hex[] = "0123456789ABCDEF";
  std::string Out;
  Out.reserve(S.size() + 8);
  for (std::size_t I = 0; I < S.size();) {
    std::size_t N = sequenceLength(S, I);
    if (N) {
      Out.append(S.substr(I, N));
      I += N;
      continue;
    }
    auto C = static_cast<unsigned char>(S[I++]);
    Out += '<';
    Out += Hex[C >> 4];
    Out += Hex[C & 15];
    Out += '>';
  }
  return Out;
}

void makeValidUtf8(boost::json::value &V) {
  if (auto *S = V.if_string()) {
    if (!isValidUtf8(*S))
      *S = escapeInvalidUtf8(*S);
  } else if (auto *A = V.if_array()) {
    for (auto &E : *A)
      makeValidUtf8(E);
  } else if (auto *O = V.if_object()) {
    bool BadKey = false;
    for (auto &KV : *O) {
      makeValidUtf8(KV.value());
      BadKey |= !isValidUtf8(KV.key());
    }
    if (BadKey) {
      boost::json::object Fixed;
      for (auto &KV : *O)
        Fixed[escapeInvalidUtf8(KV.key())] = std::move(KV.value());
      *O = std::move(Fixed);
    }
  }
}

} // namespace cgols::protocol
