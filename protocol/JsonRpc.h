//===- JsonRpc.h - JSON-RPC 2.0 messages over Boost.JSON ------------------===//
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace cgols::protocol {

namespace json = boost::json;

enum ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  UnknownErrorCode = -32001,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

struct Message {
  enum class Kind {
    Request,
    Notification,
    Response,
    Invalid
  } K = Kind::Invalid;
  std::optional<json::value> Id; ///< number or string
  std::string Method;
  json::value Params; ///< null when absent
  json::value Result; ///< for responses
  std::optional<json::object> Error;
  std::string Problem; ///< why it is Invalid
};

/// Parses a body. Never throws: malformed JSON gives Kind::Invalid with
/// Problem set and IsParseError true.
Message parseMessage(const std::string &Body, bool &IsParseError);

json::object makeResponse(const json::value &Id, json::value Result);
json::object makeError(const json::value &Id, int Code,
                       const std::string &Message);
json::object makeNotification(const std::string &Method, json::value Params);
json::object makeRequest(const json::value &Id, const std::string &Method,
                         json::value Params);

} // namespace cgols::protocol
