//===- LSPServer.h - The language server: LSP messages in, results out ----===//
#pragma once

#include "Analysis.h"
#include "Config.h"
#include "Convert.h"
#include "Document.h"
#include "Environment.h"
#include "Scheduler.h"
#include "protocol/JsonRpc.h"
#include "protocol/Transport.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace cgols {

/// Where the server's outgoing messages go (stdout, or a test's capture).
class Output {
public:
  virtual ~Output() = default;
  virtual void send(const boost::json::value &Message) = 0;
};

struct ServerOptions {
  /// Overrides the debounce setting (tests use 0).
  std::optional<int> DebounceMs;
  /// Log lines (stderr in `cgols serve`); may be empty.
  std::function<void(const std::string &)> Log;
};

class LSPServer {
public:
  LSPServer(Environment &Env, Output &Out, ServerOptions Opts = {});
  ~LSPServer();

  /// Takes one frame from the transport. Runs on the reader thread: handles
  /// $/cancelRequest and exit at once and queues the rest, in order.
  void onFrame(const protocol::Frame &F);
  /// The input ended (EOF).
  void onEndOfInput();
  /// Waits until every queued message is handled and no analysis is pending.
  void waitIdle();
  bool exitRequested();
  /// The process exit code the LSP specification asks for.
  int exitCode();

private:
  struct Published {
    std::optional<std::int64_t> Version;
    std::vector<ConvertedDiagnostic> Diags;
  };

  Environment &Env;
  Output &Out;
  ServerOptions Opts;

  // Incoming queue, handled in order on the dispatcher thread.
  std::mutex QM;
  std::condition_variable QCV, QIdleCV;
  std::deque<protocol::Message> Queue;
  bool Handling = false;
  bool StopDispatch = false;
  std::set<std::string> Cancelled; ///< ids (as JSON text) of cancelled requests

  // Server state; guarded by SM.
  std::mutex SM;
  bool Initialized = false, ShutdownRequested = false, Exited = false;
  PositionEncoding Enc = PositionEncoding::UTF16;
  Config Cfg;
  Toolchain TC;
  std::map<std::string, Document> Docs;         ///< by path
  std::map<std::string, Published> Diagnostics; ///< by uri
  std::set<std::string> ShownNotices;

  PreambleCache Cache;
  std::mutex OutM;
  Scheduler Sched;
  std::thread Dispatcher;

  void dispatchLoop();
  void handle(const protocol::Message &M);
  void send(const boost::json::value &V);
  void reply(const boost::json::value &Id, boost::json::value Result);
  void replyError(const boost::json::value &Id, int Code,
                  const std::string &Msg);
  void notify(const std::string &Method, boost::json::value Params);
  void log(const std::string &Msg);
  void showMessage(int Type, const std::string &Msg);

  // Handlers. Requests return a result or set an error.
  struct Error {
    int Code;
    std::string Message;
  };
  boost::json::value onInitialize(const boost::json::value &P,
                                  std::optional<Error> &E);
  boost::json::value onCodeAction(const boost::json::value &P,
                                  std::optional<Error> &E);
  void onDidOpen(const boost::json::value &P);
  void onDidChange(const boost::json::value &P);
  void onDidSave(const boost::json::value &P);
  void onDidClose(const boost::json::value &P);
  void onDidChangeConfiguration(const boost::json::value &P);

  void scheduleAnalysis(const std::string &Dir);
  void analyse(const std::string &Dir, const std::atomic<bool> &Cancelled);
  void clearPackage(const std::string &Dir);
  std::optional<std::string> docPath(const boost::json::value &P,
                                     std::string &Err);
};

} // namespace cgols
