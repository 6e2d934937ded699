//===- Endpoint.cpp - A JSON-RPC peer -------------------------------------===//
#include "Endpoint.h"

#include <vector>

namespace cgols::protocol {

Endpoint::Endpoint(SendFn Send, LogFn Log)
    : Send(std::move(Send)), Log(std::move(Log)),
      Timer([this] { timerLoop(); }) {}

Endpoint::~Endpoint() {
  std::map<std::int64_t, Pending> Left;
  {
    std::lock_guard<std::mutex> L(M);
    Stop = true;
    Left.swap(Outgoing);
  }
  CV.notify_all();
  Timer.join();
  for (auto &[Id, P] : Left)
    P.OnReply(std::nullopt, "cancelled: the server is stopping");
}

Endpoint::Reply::~Reply() {
  if (E)
    error(InternalError, "the server did not answer this request");
}

void Endpoint::Reply::result(json::value Result) {
  if (!E)
    return;
  Endpoint *Ep = E;
  E = nullptr;
  Ep->send(makeResponse(Id, std::move(Result)));
}

void Endpoint::Reply::error(int Code, const std::string &Message) {
  if (!E)
    return;
  Endpoint *Ep = E;
  E = nullptr;
  Ep->send(makeError(Id, Code, Message));
}

void Endpoint::dispatch(const Message &Msg) {
  if (Msg.K == Message::Kind::Request) {
    Reply R(this, *Msg.Id);
    auto It = Requests.find(Msg.Method);
    if (It == Requests.end()) {
      R.error(MethodNotFound, "method not found: " + Msg.Method);
      return;
    }
    try {
      It->second(Msg, std::move(R));
    } catch (const std::exception &Ex) {
      log("internal error in " + Msg.Method + ": " + Ex.what());
      // The handler's Reply, if it still holds it, answered InternalError
      // as it unwound.
    }
    return;
  }
  if (Msg.K != Message::Kind::Notification)
    return;
  auto It = Notifications.find(Msg.Method);
  if (It == Notifications.end()) {
    if (Msg.Method.rfind("$/", 0) != 0)
      log("ignored unknown notification " + Msg.Method);
    return;
  }
  try {
    It->second(Msg);
  } catch (const std::exception &Ex) {
    log("internal error in " + Msg.Method + ": " + Ex.what());
  }
}

void Endpoint::request(const std::string &Method, json::value Params,
                       ReplyFn OnReply, std::chrono::milliseconds Timeout) {
  std::int64_t Id;
  {
    std::lock_guard<std::mutex> L(M);
    Id = NextId++;
    Outgoing[Id] = {std::move(OnReply),
                    std::chrono::steady_clock::now() + Timeout};
  }
  CV.notify_all();
  send(makeRequest(Id, Method, std::move(Params)));
}

bool Endpoint::onResponse(const Message &Msg) {
  if (!Msg.Id || !Msg.Id->is_int64())
    return false;
  Pending P;
  {
    std::lock_guard<std::mutex> L(M);
    auto It = Outgoing.find(Msg.Id->as_int64());
    if (It == Outgoing.end())
      return false;
    P = std::move(It->second);
    Outgoing.erase(It);
  }
  if (Msg.Error) {
    const json::value *Text = Msg.Error->if_contains("message");
    P.OnReply(std::nullopt, Text && Text->is_string()
                                ? std::string(Text->as_string())
                                : "the client answered with an error");
  } else {
    P.OnReply(Msg.Result, "");
  }
  return true;
}

void Endpoint::timerLoop() {
  std::unique_lock<std::mutex> L(M);
  while (!Stop) {
    if (Outgoing.empty()) {
      CV.wait(L);
      continue;
    }
    auto Now = std::chrono::steady_clock::now();
    auto Next = std::chrono::steady_clock::time_point::max();
    std::vector<ReplyFn> Expired;
    for (auto It = Outgoing.begin(); It != Outgoing.end();) {
      if (It->second.Deadline <= Now) {
        Expired.push_back(std::move(It->second.OnReply));
        It = Outgoing.erase(It);
      } else {
        Next = std::min(Next, It->second.Deadline);
        ++It;
      }
    }
    if (!Expired.empty()) {
      L.unlock();
      for (ReplyFn &F : Expired)
        F(std::nullopt, "timed out waiting for the client's answer");
      L.lock();
      continue;
    }
    CV.wait_until(L, Next);
  }
}

} // namespace cgols::protocol
