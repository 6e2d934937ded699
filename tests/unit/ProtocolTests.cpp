//===- ProtocolTests.cpp - Framing, JSON-RPC, LSP types -------------------===//
#include "protocol/Endpoint.h"
#include "protocol/JsonRpc.h"
#include "protocol/Protocol.h"
#include "protocol/Transport.h"
#include "protocol/Utf8.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

using namespace cgols::protocol;

namespace {

TEST(Transport, IncrementalFrames) {
  MessageReader R;
  std::string A = frameMessage("{\"a\":1}"), B = frameMessage("{\"b\":2}");
  std::string All = A + B;
  // Byte by byte: frames come out whole, in order.
  std::vector<std::string> Bodies;
  for (char C : All) {
    R.feed(std::string_view(&C, 1));
    while (auto F = R.next()) {
      ASSERT_TRUE(F->Error.empty());
      Bodies.push_back(F->Body);
    }
  }
  ASSERT_EQ(Bodies.size(), 2u);
  EXPECT_EQ(Bodies[0], "{\"a\":1}");
  EXPECT_EQ(Bodies[1], "{\"b\":2}");
}

TEST(Transport, HeaderCaseAndExtraHeaders) {
  MessageReader R;
  R.feed("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; "
         "charset=utf-8\r\n\r\n{}");
  auto F = R.next();
  ASSERT_TRUE(F);
  EXPECT_EQ(F->Body, "{}");
}

TEST(Transport, MissingAndBadLength) {
  MessageReader R;
  R.feed("Content-Type: x\r\n\r\n");
  auto F = R.next();
  ASSERT_TRUE(F);
  EXPECT_EQ(F->Error, "missing Content-Length header");
  R.feed("Content-Length: abc\r\n\r\n");
  F = R.next();
  ASSERT_TRUE(F);
  EXPECT_EQ(F->Error, "invalid Content-Length header");
  // And the reader goes on.
  R.feed(frameMessage("{}"));
  F = R.next();
  ASSERT_TRUE(F);
  EXPECT_EQ(F->Body, "{}");
}

TEST(Transport, TooLargeIsSkipped) {
  MessageReader R(/*MaxBody=*/10);
  R.feed("Content-Length: 20\r\n\r\n01234567890123456789");
  R.feed(frameMessage("{}"));
  auto F = R.next();
  ASSERT_TRUE(F);
  EXPECT_NE(F->Error.find("exceeds"), std::string::npos);
  F = R.next();
  ASSERT_TRUE(F);
  EXPECT_EQ(F->Body, "{}");
}

TEST(JsonRpc, Classify) {
  bool PE;
  auto M = parseMessage(R"({"jsonrpc":"2.0","id":1,"method":"x"})", PE);
  EXPECT_EQ(M.K, Message::Kind::Request);
  M = parseMessage(R"({"jsonrpc":"2.0","method":"x","params":{}})", PE);
  EXPECT_EQ(M.K, Message::Kind::Notification);
  M = parseMessage(R"({"jsonrpc":"2.0","id":"a","result":null})", PE);
  EXPECT_EQ(M.K, Message::Kind::Response);
  M = parseMessage("{not json", PE);
  EXPECT_EQ(M.K, Message::Kind::Invalid);
  EXPECT_TRUE(PE);
  M = parseMessage("[1,2]", PE);
  EXPECT_EQ(M.K, Message::Kind::Invalid);
  EXPECT_FALSE(PE);
  M = parseMessage(R"({"id":1,"method":"x","params":3})", PE);
  EXPECT_EQ(M.K, Message::Kind::Invalid);
}

TEST(JsonRpc, NullIdRequestIsInvalidWithNullId) {
  bool PE;
  auto M = parseMessage(R"({"jsonrpc":"2.0","id":null,"method":"x"})", PE);
  EXPECT_EQ(M.K, Message::Kind::Invalid);
  ASSERT_TRUE(M.Id);
  EXPECT_TRUE(M.Id->is_null());
}

TEST(Transport, BareNewlineHeaderFollowedByNormalFrame) {
  MessageReader R;
  R.feed("Content-Length: 2\n\n{}" + frameMessage("[1]"));
  auto A = R.next();
  ASSERT_TRUE(A);
  EXPECT_EQ(A->Body, "{}");
  auto B = R.next();
  ASSERT_TRUE(B);
  EXPECT_EQ(B->Body, "[1]");
  EXPECT_FALSE(R.next());
}

TEST(Utf8, ValidationAndEscapes) {
  EXPECT_TRUE(isValidUtf8("a\xc3\xa9\xf0\x9f\x98\x80"));
  EXPECT_FALSE(isValidUtf8("\xe9"));
  EXPECT_FALSE(isValidUtf8("\xc0\xaf"));         // overlong
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));     // surrogate
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80")); // past U+10FFFF
  EXPECT_EQ(escapeInvalidUtf8("caf\xe9 \xc3\xa9\xff"), "caf<E9> \xc3\xa9<FF>");
  EXPECT_EQ(escapeInvalidUtf8("\xe2\x82"), "<E2><82>"); // cut short
  boost::json::value V = {{"k\xff", {"a\xfe", 1}}};
  makeValidUtf8(V);
  EXPECT_EQ(boost::json::serialize(V), R"({"k<FF>":["a<FE>",1]})");
}

TEST(Endpoint, TypedParamsRepliesOnceAndOutgoingRequests) {
  std::mutex M;
  std::vector<json::value> Sent;
  Endpoint E(
      [&](json::value V) {
        std::lock_guard<std::mutex> L(M);
        Sent.push_back(std::move(V));
      },
      nullptr);
  E.onRequest<CodeActionParams>(
      "textDocument/codeAction",
      [](const CodeActionParams &P, Endpoint::Reply R) {
        R.result(json::value(P.Uri));
        R.result(json::value("twice")); // ignored: replies once
      });
  E.onRequest<NoParams>("forgets", [](const NoParams &, Endpoint::Reply) {});
  bool PE;
  E.dispatch(parseMessage(
      R"({"jsonrpc":"2.0","id":1,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///a.go"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}}}})",
      PE));
  E.dispatch(parseMessage(
      R"({"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{}}})",
      PE));
  E.dispatch(
      parseMessage(R"({"jsonrpc":"2.0","id":3,"method":"forgets"})", PE));
  E.dispatch(parseMessage(R"({"jsonrpc":"2.0","id":4,"method":"nope"})", PE));
  {
    std::lock_guard<std::mutex> L(M);
    ASSERT_EQ(Sent.size(), 4u);
    EXPECT_EQ(Sent[0].at("result"), "file:///a.go");
    EXPECT_EQ(Sent[1].at("error").at("code"), InvalidParams);
    EXPECT_EQ(Sent[1].at("error").at("message"),
              "params.textDocument.uri: missing");
    EXPECT_EQ(Sent[2].at("error").at("code"), InternalError);
    EXPECT_EQ(Sent[3].at("error").at("code"), MethodNotFound);
    Sent.clear();
  }
  // An answered request and one that times out.
  std::optional<json::value> Got;
  std::string TimedOut;
  std::mutex RM;
  std::condition_variable RCV;
  E.request("workspace/configuration", json::object{},
            [&](std::optional<json::value> R, const std::string &) {
              std::lock_guard<std::mutex> L(RM);
              Got = R;
              RCV.notify_all();
            });
  E.request(
      "window/workDoneProgress/create", json::object{},
      [&](std::optional<json::value>, const std::string &Err) {
        std::lock_guard<std::mutex> L(RM);
        TimedOut = Err;
        RCV.notify_all();
      },
      std::chrono::milliseconds(20));
  json::value FirstId;
  {
    std::lock_guard<std::mutex> L(M);
    ASSERT_EQ(Sent.size(), 2u);
    FirstId = Sent[0].at("id");
  }
  EXPECT_FALSE(E.onResponse(
      parseMessage(R"({"jsonrpc":"2.0","id":999,"result":1})", PE)));
  EXPECT_TRUE(E.onResponse(parseMessage(R"({"jsonrpc":"2.0","id":)" +
                                            json::serialize(FirstId) +
                                            R"(,"result":[7]})",
                                        PE)));
  std::unique_lock<std::mutex> L(RM);
  RCV.wait_for(L, std::chrono::seconds(10),
               [&] { return Got && !TimedOut.empty(); });
  ASSERT_TRUE(Got);
  EXPECT_EQ(*Got, json::array{7});
  EXPECT_THAT(TimedOut, ::testing::HasSubstr("timed out"));
}

TEST(Protocol, AbsentKeysAreAbsent) {
  Diagnostic D;
  D.Message = "m";
  json::value V = toJSON(D);
  EXPECT_FALSE(V.as_object().contains("code"));
  EXPECT_FALSE(V.as_object().contains("relatedInformation"));
  for (const auto &KV : V.as_object())
    EXPECT_FALSE(KV.value().is_null()) << KV.key();
}

TEST(Protocol, Uris) {
  EXPECT_EQ(pathToUri("/a b/c#.go"), "file:///a%20b/c%23.go");
  EXPECT_EQ(*uriToPath("file:///a%20b/c%23.go"), "/a b/c#.go");
  EXPECT_FALSE(uriToPath("untitled:Untitled-1"));
  EXPECT_FALSE(uriToPath("file://remote/x"));
  EXPECT_EQ(*uriToPath("file://localhost/x"), "/x");
}

} // namespace
