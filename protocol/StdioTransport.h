//===- StdioTransport.h - LSP over a pair of file descriptors -------------===//
//
// The read loop of `cgols serve`: bytes from a descriptor are cut into
// frames (MessageReader) and handed on one by one until the input ends or
// the handler says to stop. Writing frames a body and flushes it whole.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Transport.h"

#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace cgols::protocol {

struct ReadLoopResult {
  bool Stopped = false;         ///< the handler asked to stop
  std::size_t PendingBytes = 0; ///< at end of input, inside a message
};

/// Reads Fd until end of input or until Stop() is true after a frame.
ReadLoopResult readFrames(int Fd,
                          const std::function<void(const Frame &)> &OnFrame,
                          const std::function<bool()> &Stop);

/// Writes framed messages to a stream, one whole frame at a time.
class FrameWriter {
public:
  explicit FrameWriter(std::FILE *Out) : Out(Out) {}
  void write(std::string_view Body);

private:
  std::FILE *Out;
  std::mutex M;
};

} // namespace cgols::protocol
