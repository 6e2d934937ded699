//===- StdioTransport.cpp - LSP over a pair of file descriptors -----------===//
#include "StdioTransport.h"

#include <cerrno>
#include <unistd.h>

namespace cgols::protocol {

ReadLoopResult readFrames(int Fd,
                          const std::function<void(const Frame &)> &OnFrame,
                          const std::function<bool()> &Stop) {
  MessageReader R;
  char Buf[1 << 16];
  while (true) {
    ssize_t N = ::read(Fd, Buf, sizeof Buf);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    R.feed(std::string_view(Buf, static_cast<std::size_t>(N)));
    while (auto F = R.next()) {
      OnFrame(*F);
      if (Stop())
        return {true, 0};
    }
  }
  return {false, R.pending()};
}

void FrameWriter::write(std::string_view Body) {
  std::string Frame = frameMessage(Body);
  std::lock_guard<std::mutex> L(M);
  std::fwrite(Frame.data(), 1, Frame.size(), Out);
  std::fflush(Out);
}

} // namespace cgols::protocol
