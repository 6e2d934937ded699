//===- FuzzJsonRpc.cpp - JSON-RPC framing and message decoding ------------===//
//
// A client's bytes, in the chunks they arrive in: the reader frames them
// (Content-Length headers, resynchronising after bad ones) and each body is
// decoded as a JSON-RPC message and framed again. The first byte picks the
// chunk size.
//
//===----------------------------------------------------------------------===//
#include "protocol/JsonRpc.h"
#include "protocol/Transport.h"

#include "FuzzCheck.h"

#include <string_view>

using namespace cgols::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *Data,
                                      std::size_t Size) {
  if (Size == 0)
    return 0;
  std::size_t Chunk = 1 + Data[0] % 64;
  std::string_view Bytes(reinterpret_cast<const char *>(Data) + 1, Size - 1);
  const std::size_t Max = 1 << 16;
  MessageReader R(Max);
  std::size_t Framed = 0;
  for (std::size_t At = 0; At < Bytes.size(); At += Chunk) {
    R.feed(Bytes.substr(At, Chunk));
    while (std::optional<Frame> F = R.next()) {
      Framed += F->Body.size();
      FUZZ_CHECK(F->Body.size() <= Max);
      bool ParseError = false;
      Message M = parseMessage(F->Body, ParseError);
      FUZZ_CHECK(!ParseError || M.K == Message::Kind::Invalid);
      // A body frames back to itself.
      MessageReader R2;
      R2.feed(frameMessage(F->Body));
      std::optional<Frame> F2 = R2.next();
      FUZZ_CHECK(F2 && F2->Body == F->Body);
    }
  }
  FUZZ_CHECK(Framed <= Bytes.size());
  return 0;
}
