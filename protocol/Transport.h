//===- Transport.h - JSON-RPC base protocol framing (Content-Length) ------===//
//
// MessageReader takes bytes as they arrive and yields complete message
// bodies. It never throws and never gives up: a bad header block yields an
// error event and the reader resynchronises at the next "Content-Length:".
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cgols::protocol {

struct Frame {
  /// The body, or empty with Error set when the header block was malformed
  /// or the body too large.
  std::string Body;
  std::string Error;
};

class MessageReader {
public:
  explicit MessageReader(std::size_t MaxBody = 256u << 20) : MaxBody(MaxBody) {}
  void feed(std::string_view Bytes) { Buf.append(Bytes); }
  /// The next complete frame, if there is one.
  std::optional<Frame> next();
  /// Bytes received but not yet part of a frame (for end-of-input errors).
  std::size_t pending() const { return Buf.size() - Pos; }

private:
  std::string Buf;
  std::size_t Pos = 0;
  std::size_t MaxBody;
  std::size_t Skip = 0; ///< body bytes of a rejected frame still to drop
  void compact();
};

/// Frames a body for sending.
std::string frameMessage(std::string_view Body);

} // namespace cgols::protocol
