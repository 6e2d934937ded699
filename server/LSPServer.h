//===- LSPServer.h - The LSP binding: JSON in, Server calls, JSON out -----===//
#pragma once

#include "Config.h"
#include "Convert.h"
#include "Document.h"
#include "Environment.h"
#include "NoticeMemory.h"
#include "Server.h"
#include "protocol/Endpoint.h"
#include "protocol/JsonRpc.h"
#include "protocol/Progress.h"
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

  /// Takes one frame from the transport. Runs on the reader thread: answers
  /// $/cancelRequest and exit at once, routes responses to the server's own
  /// requests, and queues the rest, in order.
  void onFrame(const protocol::Frame &F);
  /// The input ended (EOF).
  void onEndOfInput();
  /// Waits until every queued message is handled and no analysis is pending.
  void waitIdle();
  bool exitRequested();
  /// The JSON-free core (benchmarks read its cache).
  Server &core() { return Core; }
  /// The process exit code the LSP specification asks for.
  int exitCode();

private:
  Output &Out;
  ServerOptions Opts;
  std::mutex OutM;
  protocol::Endpoint EP;

  // Incoming queue, handled in order on the dispatcher thread.
  std::mutex QM;
  std::condition_variable QCV, QIdleCV;
  std::deque<protocol::Message> Queue;
  bool Handling = false;
  bool StopDispatch = false;
  std::set<std::string> Cancelled; ///< ids of queued requests, cancelled
  /// Requests handed on and not yet answered, with the flag that
  /// $/cancelRequest sets.
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> InFlight;

  // LSP session state; guarded by SM.
  std::mutex SM;
  bool Initialized = false, ShutdownRequested = false, Exited = false;
  bool PullConfiguration =
      false; ///< the client answers workspace/configuration
  PositionEncoding Enc = PositionEncoding::UTF16;
  bool HealthNotify = false;  ///< send cgols/healthChanged (the extension)
  bool CustomNotices = false; ///< cgols/notice instead of showMessage
  /// The client takes workspace/codeLens/refresh (the lens on import "C"
  /// changes when an analysis ends, not only when the text does).
  bool LensRefresh = false;
  /// A refresh is waiting for the client's reply; another publication
  /// meanwhile asks for one more when it comes.
  bool LensRefreshPending = false, LensRefreshAgain = false;
  void refreshLenses();

  Environment &Env;
  /// Which warnings a client without cgols/notice has seen as messages.
  NoticeMemory Shown;
  Server Core;
  protocol::ProgressReporter Progress;
  std::thread Dispatcher;
  /// cgols/health, which runs probes (programs, seconds): one thread beside
  /// the dispatcher, so that edits and other requests go on meanwhile. Last
  /// member: destroyed (and waited for) first.
  RequestPool Slow{llvm::hardware_concurrency(1)};
  /// Runs Job on the Slow pool with R; answers RequestCancelled instead if
  /// the client cancels the request before it starts.
  void defer(protocol::Endpoint::Reply R,
             std::function<void(protocol::Endpoint::Reply)> Job);
  /// The flag $/cancelRequest sets for R, tracked until R is answered.
  std::shared_ptr<const std::atomic<bool>>
  track(const protocol::Endpoint::Reply &R);
  /// For a request a service answers (maybe later, on its thread): the
  /// cancel flag to give it, and the callback that answers R with the
  /// result's JSON, IfNone for nullopt, or RequestCancelled.
  template <class T>
  std::pair<std::shared_ptr<const std::atomic<bool>>,
            std::function<void(std::optional<T>)>>
  answer(protocol::Endpoint::Reply R, boost::json::value IfNone);

  void bindMethods();
  /// hover, definition, completion, signatureHelp, documentSymbol.
  void bindFeatures();
  void dispatchLoop();
  void handle(const protocol::Message &M);
  void send(const boost::json::value &V);
  void log(const std::string &Msg);
  void showMessage(int Type, const std::string &Msg);
  void notice(int Type, const std::string &Key, const std::string &Msg);
  void publish(const std::string &Path, std::optional<std::int64_t> Version,
               const std::string &Text, const std::vector<Diagnostic> &Ds);
  PositionEncoding encoding();
  /// Applies a settings value (initializationOptions, didChangeConfiguration
  /// or a workspace/configuration answer) over the current settings.
  void applyConfig(const boost::json::value &Settings, bool AtStart, Config &C);
  /// The editor's Go environment from its `go` and `gopls` sections.
  void applyToolsEnv(const boost::json::value &Go,
                     const boost::json::value &Gopls);
  std::optional<std::string> pathOf(const std::string &Uri, const char *Method);
};

} // namespace cgols
