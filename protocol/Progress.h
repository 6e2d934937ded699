//===- Progress.h - Work done progress, from create to end ----------------===//
//
// The server's side of LSP work done progress: a token is created with
// window/workDoneProgress/create; begin, report and end go out as
// $/progress, in order, once the client accepted the token. A run that ends
// before the client answered still sends begin and end; a refused token
// sends nothing. Reports go out when the percentage moved by 5 or more.
// Thread-safe: runs are updated from any thread.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Endpoint.h"

#include <map>
#include <mutex>
#include <string>

namespace cgols::protocol {

class ProgressReporter {
public:
  /// Send sends a notification; requests go through EP.
  ProgressReporter(Endpoint &EP, Endpoint::SendFn Send)
      : EP(EP), Send(std::move(Send)) {}
  /// Whether the client takes progress (window.workDoneProgress); off
  /// until set, and again after shutdown.
  void enable(bool On);
  /// Done of Total steps of the run named Key ("headers:linux/amd64"):
  /// Done == 0 begins a run (token "cgols/" + Key), Done >= Total ends it.
  void update(const std::string &Key, const std::string &Title, unsigned Done,
              unsigned Total);

private:
  Endpoint &EP;
  Endpoint::SendFn Send;
  struct Run {
    std::string Token, Title;
    bool Created = false, Ended = false;
    unsigned Percent = 0;
  };
  std::mutex M;
  bool Enabled = false;
  std::map<std::string, Run> Runs;
  void send(const std::string &Token, const ProgressValue &V);
};

} // namespace cgols::protocol
