//===- Endpoint.h - A JSON-RPC peer: method table, replies, requests ------===//
//
// Incoming: handlers are registered per method with their params type;
// dispatch() reads the params with fromJSON (InvalidParams naming the wrong
// field when that fails), answers MethodNotFound for an unknown request,
// and hands a request's handler a Reply that answers exactly once: replying
// twice is ignored (and logged), and a Reply dropped without an answer
// sends InternalError, so no request goes unanswered.
//
// Outgoing: request() sends a request with a fresh id and calls back with
// the result or the error when the response arrives (onResponse), or with
// "timed out" at its deadline; a timer thread watches the deadlines. Every
// pending request is answered "cancelled" when the Endpoint goes.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "JsonRpc.h"
#include "Protocol.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace cgols::protocol {

class Endpoint {
public:
  using SendFn = std::function<void(json::value)>;
  using LogFn = std::function<void(const std::string &)>;
  Endpoint(SendFn Send, LogFn Log);
  ~Endpoint();
  Endpoint(const Endpoint &) = delete;
  Endpoint &operator=(const Endpoint &) = delete;

  /// Answers one request, exactly once.
  class Reply {
  public:
    Reply(Endpoint *E, json::value Id) : E(E), Id(std::move(Id)) {}
    Reply(Reply &&O) noexcept : E(O.E), Id(std::move(O.Id)) { O.E = nullptr; }
    Reply &operator=(Reply &&) = delete;
    ~Reply();
    void result(json::value Result);
    void error(int Code, const std::string &Message);
    /// The request's id (null once answered).
    const json::value &id() const { return Id; }

  private:
    Endpoint *E; ///< null once answered
    json::value Id;
  };

  template <typename Params>
  void onRequest(const std::string &Method,
                 std::function<void(const Params &, Reply)> Handler) {
    Requests[Method] = [Handler](const Message &M, Reply R) {
      Params P;
      ParamReader PR(M.Params);
      if (!fromJSON(M.Params, P, PR)) {
        R.error(InvalidParams, PR.error());
        return;
      }
      Handler(P, std::move(R));
    };
  }

  template <typename Params>
  void onNotification(const std::string &Method,
                      std::function<void(const Params &)> Handler) {
    Notifications[Method] = [this, Method, Handler](const Message &M) {
      Params P;
      ParamReader PR(M.Params);
      if (!fromJSON(M.Params, P, PR)) {
        log(Method + ": " + PR.error());
        return;
      }
      Handler(P);
    };
  }

  /// Runs the handler of a request or notification.
  void dispatch(const Message &M);

  /// The outcome of an outgoing request: the result, or an error message.
  using ReplyFn = std::function<void(std::optional<json::value> Result,
                                     const std::string &Error)>;
  void request(const std::string &Method, json::value Params, ReplyFn OnReply,
               std::chrono::milliseconds Timeout = std::chrono::seconds(10));
  /// Takes a response; false when no request of ours has its id.
  bool onResponse(const Message &M);

  void send(json::value V) { Send(std::move(V)); }
  void log(const std::string &S) {
    if (Log)
      Log(S);
  }

private:
  SendFn Send;
  LogFn Log;
  std::map<std::string, std::function<void(const Message &, Reply)>> Requests;
  std::map<std::string, std::function<void(const Message &)>> Notifications;

  struct Pending {
    ReplyFn OnReply;
    std::chrono::steady_clock::time_point Deadline;
  };
  std::mutex M;
  std::condition_variable CV;
  std::map<std::int64_t, Pending> Outgoing;
  std::int64_t NextId = 1;
  bool Stop = false;
  std::thread Timer;
  void timerLoop();
};

} // namespace cgols::protocol
