//===- JsonRpc.cpp - JSON-RPC 2.0 messages --------------------------------===//
#include "JsonRpc.h"

namespace cgols::protocol {

Message parseMessage(const std::string &Body, bool &IsParseError) {
  Message M;
  IsParseError = false;
  boost::system::error_code EC;
  json::value V = json::parse(Body, EC);
  if (EC) {
    IsParseError = true;
    M.Problem = "invalid JSON: " + EC.message();
    return M;
  }
  json::object *O = V.if_object();
  if (!O) {
    M.Problem = "a message must be a JSON object";
    return M;
  }
  if (auto *Id = O->if_contains("id")) {
    if (Id->is_int64() || Id->is_uint64() || Id->is_string()) {
      M.Id = *Id;
    } else if (Id->is_null() && O->contains("method")) {
      // A request with a null id cannot be answered by id, and is not a
      // notification either (that has no id): say so, to id null.
      M.Id = nullptr;
      M.Problem = "id must be a number or a string, not null";
      return M;
    } else if (!Id->is_null()) {
      M.Problem = "id must be a number or a string";
      return M;
    }
  }
  if (auto *Method = O->if_contains("method")) {
    if (!Method->is_string()) {
      M.Problem = "method must be a string";
      return M;
    }
    M.Method = std::string(Method->as_string());
    // A null params is taken as absent: some clients send it for shutdown
    // and exit.
    if (auto *P = O->if_contains("params"); P && !P->is_null()) {
      if (!P->is_object() && !P->is_array()) {
        M.Problem = "params must be an object or an array";
        return M;
      }
      M.Params = *P;
    }
    M.K = M.Id ? Message::Kind::Request : Message::Kind::Notification;
    return M;
  }
  if (M.Id && (O->contains("result") || O->contains("error"))) {
    M.K = Message::Kind::Response;
    if (auto *R = O->if_contains("result"))
      M.Result = *R;
    if (auto *E = O->if_contains("error"); E && E->is_object())
      M.Error = E->as_object();
    return M;
  }
  M.Problem = "a message needs a method, or an id with a result or error";
  return M;
}

json::object makeResponse(const json::value &Id, json::value Result) {
  return {{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}};
}

json::object makeError(const json::value &Id, int Code,
                       const std::string &Message) {
  return {{"jsonrpc", "2.0"},
          {"id", Id},
          {"error", json::object{{"code", Code}, {"message", Message}}}};
}

json::object makeNotification(const std::string &Method, json::value Params) {
  return {
      {"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}};
}

json::object makeRequest(const json::value &Id, const std::string &Method,
                         json::value Params) {
  return {{"jsonrpc", "2.0"},
          {"id", Id},
          {"method", Method},
          {"params", std::move(Params)}};
}

} // namespace cgols::protocol
