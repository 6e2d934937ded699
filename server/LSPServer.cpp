//===- LSPServer.cpp - The LSP binding ------------------------------------===//
//
// Threads. The transport's reader thread calls onFrame: it parses the body,
// answers $/cancelRequest and exit at once, routes responses to the
// Endpoint's outgoing requests, and queues everything else. One dispatcher
// thread handles the queue in order through the Endpoint's method table, so
// document changes apply in the order sent; handlers are quick: they turn
// params into Server calls and results into JSON. Analyses run on the
// Server's scheduler; their diagnostics come back through publish().
//
// Every request gets exactly one reply: the Endpoint's Reply answers once
// (InternalError if a handler forgets or throws); here the dispatcher adds
// RequestCancelled, ServerNotInitialized and InvalidRequest after shutdown.
//
//===----------------------------------------------------------------------===//
#include "LSPServer.h"
#include "Docs.h"
#include "settings/Settings.h"

#include "Setup.h"
#include "checks/Check.h"
#include "features/CNames.h"
#include "protocol/Utf8.h"

namespace cgols {

namespace json = boost::json;
using protocol::Endpoint;
using protocol::Message;

namespace {

std::string idKey(const json::value &Id) { return json::serialize(Id); }

json::object healthJSON(const std::vector<protocol::HealthFinding> &Fs) {
  return json::object{{"findings", protocol::toJSON(Fs)}};
}

} // namespace

LSPServer::LSPServer(Environment &Env, Output &Out, ServerOptions Opts)
    : Out(Out), Opts(std::move(Opts)),
      EP([this](json::value V) { send(V); },
         [this](const std::string &S) { log(S); }),
      Env(Env), Shown(Env.cacheDirectory()),
      Core(Env, ServerCallbacks{
                    [this](const std::string &Path,
                           std::optional<std::int64_t> Version,
                           const std::string &Text,
                           const std::vector<Diagnostic> &Ds) {
                      publish(Path, Version, Text, Ds);
                    },
                    [this](Severity S, const std::string &Key,
                           const std::string &Msg) {
                      notice(S == Severity::Information ? 3 : 2, Key, Msg);
                    },
                    [this](const std::string &S) { log(S); },
                    [this](const std::string &Key, const std::string &Title,
                           unsigned Done, unsigned Total) {
                      Progress.update(Key, Title, Done, Total);
                    }}),
      Progress(EP, [this](json::value V) { send(V); }) {
  Core.setDebounceOverride(this->Opts.DebounceMs);
  // A real server (compiles in worker processes) builds the header index
  // in the background; in-process test servers build it on first use.
  if (Env.workerExecutable())
    Core.indexInBackground();
  bindMethods();
  Dispatcher = std::thread([this] { dispatchLoop(); });
}

LSPServer::~LSPServer() {
  {
    std::lock_guard<std::mutex> L(QM);
    StopDispatch = true;
  }
  QCV.notify_all();
  Dispatcher.join();
  Slow.wait();
}

std::shared_ptr<const std::atomic<bool>>
LSPServer::track(const protocol::Endpoint::Reply &R) {
  auto Flag = std::make_shared<std::atomic<bool>>(false);
  std::lock_guard<std::mutex> L(QM);
  InFlight[idKey(R.id())] = Flag;
  return Flag;
}

void LSPServer::defer(protocol::Endpoint::Reply R,
                      std::function<void(protocol::Endpoint::Reply)> Job) {
  auto Flag = track(R);
  // The pool takes copyable tasks; the reply moves through a shared owner.
  auto Owner = std::make_shared<protocol::Endpoint::Reply>(std::move(R));
  Slow.async([this, Flag, Owner, Job = std::move(Job)] {
    {
      std::lock_guard<std::mutex> L(QM);
      InFlight.erase(idKey(Owner->id()));
    }
    if (*Flag)
      Owner->error(protocol::RequestCancelled, "request cancelled");
    else
      Job(std::move(*Owner));
  });
}

template <class T>
std::pair<std::shared_ptr<const std::atomic<bool>>,
          std::function<void(std::optional<T>)>>
LSPServer::answer(protocol::Endpoint::Reply R, json::value IfNone) {
  auto Flag = track(R);
  // Answers may come on another thread; the reply moves through a shared
  // owner (the callback is copyable).
  auto Owner = std::make_shared<protocol::Endpoint::Reply>(std::move(R));
  return {Flag, [this, Owner, Flag, IfNone](std::optional<T> V) {
            {
              std::lock_guard<std::mutex> L(QM);
              InFlight.erase(idKey(Owner->id()));
            }
            if (*Flag)
              Owner->error(protocol::RequestCancelled, "request cancelled");
            else if (V)
              Owner->result(protocol::toJSON(*V));
            else
              Owner->result(IfNone);
          }};
}

void LSPServer::send(const json::value &V) {
  // Messages quote bytes of the user's files; the stream must be UTF-8.
  json::value Valid = V;
  protocol::makeValidUtf8(Valid);
  std::lock_guard<std::mutex> L(OutM);
  Out.send(Valid);
}

void LSPServer::log(const std::string &Msg) {
  if (Opts.Log)
    Opts.Log(Msg);
}

void LSPServer::notice(int Type, const std::string &Key,
                       const std::string &Msg) {
  bool Custom;
  {
    std::lock_guard<std::mutex> L(SM);
    Custom = CustomNotices;
  }
  // A client that asked for them gets notices with their key (the VS Code
  // extension decides where each shows); others get each in their log, and
  // a warning also as a message: once per machine for what every start
  // finds again (an SDK, trust), each time for a bad setting (the user has
  // just written it).
  if (Custom) {
    send(protocol::makeNotification(
        "cgols/notice",
        json::object{{"type", Type}, {"key", Key}, {"message", Msg}}));
    return;
  }
  send(protocol::makeNotification(
      "window/logMessage", json::object{{"type", Type}, {"message", Msg}}));
  if (Type <= 2 &&
      (llvm::StringRef(Key).starts_with("setting:") || Shown.firstTime(Key)))
    showMessage(Type, Msg);
}

void LSPServer::showMessage(int Type, const std::string &Msg) {
  send(protocol::makeNotification(
      "window/showMessage", json::object{{"type", Type}, {"message", Msg}}));
}

PositionEncoding LSPServer::encoding() {
  std::lock_guard<std::mutex> L(SM);
  return Enc;
}

void LSPServer::publish(const std::string &Path,
                        std::optional<std::int64_t> Version,
                        const std::string &Text,
                        const std::vector<Diagnostic> &Ds) {
  json::object Params{
      {"uri", protocol::pathToUri(Path)},
      {"diagnostics", protocol::toJSON(Core.toClient(Text, Ds))}};
  if (Version)
    Params["version"] = *Version;
  send(protocol::makeNotification("textDocument/publishDiagnostics",
                                  std::move(Params)));
  if (llvm::StringRef(Path).ends_with(".go"))
    refreshLenses();
}

void LSPServer::refreshLenses() {
  {
    std::lock_guard<std::mutex> L(SM);
    if (!LensRefresh)
      return;
    if (LensRefreshPending) {
      LensRefreshAgain = true;
      return;
    }
    LensRefreshPending = true;
  }
  EP.request("workspace/codeLens/refresh", nullptr,
             [this](std::optional<json::value>, const std::string &) {
               bool Again;
               {
                 std::lock_guard<std::mutex> L(SM);
                 LensRefreshPending = false;
                 Again = LensRefreshAgain;
                 LensRefreshAgain = false;
               }
               if (Again)
                 refreshLenses();
             });
}

void LSPServer::onFrame(const protocol::Frame &F) {
  if (!F.Error.empty()) {
    log("bad frame: " + F.Error);
    send(protocol::makeError(nullptr, protocol::ParseError, F.Error));
    return;
  }
  bool IsParseError = false;
  Message M = protocol::parseMessage(F.Body, IsParseError);
  if (M.K == Message::Kind::Invalid) {
    // The id is unknown (or unusable), so the error goes to a null id.
    json::value Id = M.Id ? *M.Id : json::value(nullptr);
    send(protocol::makeError(
        Id, IsParseError ? protocol::ParseError : protocol::InvalidRequest,
        M.Problem));
    return;
  }
  if (M.K == Message::Kind::Response) {
    if (!EP.onResponse(M))
      log("a response to no request of ours");
    return;
  }
  if (M.K == Message::Kind::Notification && M.Method == "$/cancelRequest") {
    if (const json::object *P = M.Params.if_object())
      if (const json::value *Id = P->if_contains("id"))
        if (Id->is_int64() || Id->is_uint64() || Id->is_string()) {
          // Only a request still in the queue can be cancelled; remembering
          // other ids (answered, running or never sent) would grow without
          // bound.
          std::lock_guard<std::mutex> L(QM);
          std::string Key = idKey(*Id);
          if (auto It = InFlight.find(Key); It != InFlight.end())
            *It->second = true;
          for (const Message &Q : Queue)
            if (Q.K == Message::Kind::Request && idKey(*Q.Id) == Key) {
              Cancelled.insert(Key);
              break;
            }
        }
    return;
  }
  if (M.K == Message::Kind::Notification && M.Method == "exit") {
    waitIdle();
    std::lock_guard<std::mutex> L(SM);
    Exited = true;
    return;
  }
  {
    std::lock_guard<std::mutex> L(QM);
    Queue.push_back(std::move(M));
  }
  QCV.notify_all();
}

void LSPServer::onEndOfInput() {
  std::lock_guard<std::mutex> L(SM);
  Exited = true;
}

bool LSPServer::exitRequested() {
  std::lock_guard<std::mutex> L(SM);
  return Exited;
}

int LSPServer::exitCode() {
  std::lock_guard<std::mutex> L(SM);
  return ShutdownRequested ? 0 : 1;
}

void LSPServer::waitIdle() {
  for (int Round = 0; Round < 2; ++Round) {
    {
      std::unique_lock<std::mutex> L(QM);
      QIdleCV.wait(L, [&] { return Queue.empty() && !Handling; });
    }
    Slow.wait();
    Core.features().wait();
    Core.waitIdle();
  }
}

void LSPServer::dispatchLoop() {
  std::unique_lock<std::mutex> L(QM);
  while (true) {
    QCV.wait(L, [&] { return StopDispatch || !Queue.empty(); });
    if (Queue.empty() && StopDispatch)
      break;
    Message M = std::move(Queue.front());
    Queue.pop_front();
    Handling = true;
    bool WasCancelled = false;
    if (M.K == Message::Kind::Request) {
      auto It = Cancelled.find(idKey(*M.Id));
      if (It != Cancelled.end()) {
        WasCancelled = true;
        Cancelled.erase(It);
      }
    }
    L.unlock();
    if (WasCancelled)
      send(protocol::makeError(*M.Id, protocol::RequestCancelled,
                               "request cancelled"));
    else
      handle(M);
    L.lock();
    Handling = false;
    if (Queue.empty())
      QIdleCV.notify_all();
  }
  Handling = false;
  QIdleCV.notify_all();
}

void LSPServer::handle(const Message &M) {
  bool IsRequest = M.K == Message::Kind::Request;
  bool Init, Shut;
  {
    std::lock_guard<std::mutex> L(SM);
    Init = Initialized;
    Shut = ShutdownRequested;
  }
  if (!Init && M.Method != "initialize") {
    if (IsRequest)
      send(protocol::makeError(
          *M.Id, protocol::ServerNotInitialized,
          "the server is not initialized: send initialize first"));
    return;
  }
  if (Init && M.Method == "initialize") {
    if (IsRequest)
      send(protocol::makeError(*M.Id, protocol::InvalidRequest,
                               "initialize was already sent"));
    return;
  }
  if (Shut && IsRequest) {
    send(protocol::makeError(
        *M.Id, protocol::InvalidRequest,
        "the server is shutting down: only exit is accepted"));
    return;
  }
  EP.dispatch(M);
}

std::optional<std::string> LSPServer::pathOf(const std::string &Uri,
                                             const char *Method) {
  auto Path = protocol::uriToPath(Uri);
  if (!Path)
    log(std::string(Method) + ": not a file URI: " + Uri);
  return Path;
}

void LSPServer::applyConfig(const json::value &Settings, bool AtStart,
                            Config &C) {
  std::vector<std::string> Problems;
  applySettings(C, Settings, Problems);
  for (const std::string &Pr : Problems)
    showMessage(2, "cgols settings: " + Pr);
  if (!AtStart)
    Core.setConfig(C);
}

void LSPServer::applyToolsEnv(const json::value &Go, const json::value &Gopls) {
  // A client that answers neither section keeps what initializationOptions
  // gave; one that answers them owns the variables from then on.
  auto Vars = protocol::goToolsEnvironment(Go, Gopls);
  if (!Vars || !Core.setEditorEnvironment(*Vars))
    return;
  log("the editor's Go environment changed: probing and analysing again");
  bool Notify;
  {
    std::lock_guard<std::mutex> L(SM);
    Notify = HealthNotify;
  }
  if (Notify) // CGO_ENABLED or CC may have changed: the health view too
    Slow.async([this] {
      send(protocol::makeNotification("cgols/healthChanged",
                                      healthJSON(Core.healthReport(true))));
    });
}

void LSPServer::bindMethods() {
  using namespace protocol;
  EP.onRequest<InitializeParams>(
      "initialize", [this](const InitializeParams &P, Endpoint::Reply R) {
        Config C;
        std::string DocsUri;
        std::map<std::string, std::string> ToolsEnv;
        bool Trusted = true; // clients without a notion of trust: trusted
        if (!P.InitializationOptions.is_null()) {
          applyConfig(P.InitializationOptions, true, C);
          // Workspace trust comes from the client itself (VS Code's
          // workspace.isTrusted), beside the settings and never from them:
          // a repository's own settings.json must not trust itself.
          if (const json::object *IO = P.InitializationOptions.if_object()) {
            if (const json::value *Tr = IO->if_contains("workspaceTrusted");
                Tr && Tr->is_bool())
              Trusted = Tr->as_bool();
            // The environment the editor gives the Go tools (the VS Code
            // extension: go.toolsEnvVars with gopls's build.env over it).
            if (const json::value *E = IO->if_contains("toolsEnv"))
              ToolsEnv = protocol::stringMembers(*E);
            if (const json::value *D = IO->if_contains("docsUri");
                D && D->is_string())
              DocsUri = std::string(D->as_string());
            if (const json::value *H = IO->if_contains("healthNotifications");
                H && H->is_bool()) {
              std::lock_guard<std::mutex> L(SM);
              HealthNotify = H->as_bool();
            }
            if (const json::value *N = IO->if_contains("noticeNotifications");
                N && N->is_bool()) {
              std::lock_guard<std::mutex> L(SM);
              CustomNotices = N->as_bool();
            }
          }
        }
        {
          std::lock_guard<std::mutex> L(SM);
          Initialized = true;
          Enc = P.OffersUtf8 ? PositionEncoding::UTF8 : PositionEncoding::UTF16;
          PullConfiguration = P.SupportsConfiguration;
          LensRefresh = P.SupportsCodeLensRefresh;
        }
        Core.setClient(ClientInfo{
            P.OffersUtf8 ? PositionEncoding::UTF8 : PositionEncoding::UTF16,
            P.SupportsApplyEdit, P.SupportsCreateFile, DocsUri});
        Progress.enable(P.SupportsWorkDoneProgress);
        std::vector<std::string> Folders;
        for (const std::string &U : P.FolderUris)
          if (auto F = protocol::uriToPath(U))
            Folders.push_back(*F);
        Core.setFolders(std::move(Folders));
        // Probing (go env) runs in the background; the reply goes now.
        Core.initialize(C, Trusted, ToolsEnv);
        json::object Caps{
            {"positionEncoding", P.OffersUtf8 ? "utf-8" : "utf-16"},
            {"textDocumentSync",
             json::object{{"openClose", true},
                          {"change", 2},
                          {"save", json::object{{"includeText", false}}}}},
            {"codeActionProvider",
             json::object{{"codeActionKinds", json::array{"quickfix"}}}},
            {"executeCommandProvider",
             json::object{{"commands", json::array{ApplyEditCommand}}}},
            {"hoverProvider", true},
            {"definitionProvider", true},
            {"documentSymbolProvider", true},
            {"completionProvider",
             // "." after C; in #cgo lines: after the verb's colon, a
             // space (-framework Cocoa), "-" (a flag), "!" (a condition).
             json::object{
                 {"triggerCharacters", json::array{".", ":", " ", "-", "!"}}}},
            {"signatureHelpProvider",
             json::object{{"triggerCharacters", json::array{"(", ","}}}},
            // Each target's state on import "C": a code lens, or an inlay
            // hint for a client that has those and no code lenses.
            {"codeLensProvider", json::object{{"resolveProvider", false}}},
        };
        if (P.SupportsInlayHint && !P.SupportsCodeLens)
          Caps["inlayHintProvider"] = true;
        R.result(json::object{
            {"capabilities", std::move(Caps)},
            {"serverInfo",
             json::object{{"name", "cgols"}, {"version", CGOLS_VERSION}}}});
      });
  EP.onNotification<NoParams>("initialized", [this](const NoParams &) {
    bool Notify;
    {
      std::lock_guard<std::mutex> L(SM);
      Notify = HealthNotify;
    }
    // The machine's health, probed beside everything else: the first
    // diagnostics never wait for it.
    if (Notify)
      Slow.async([this] {
        send(protocol::makeNotification("cgols/healthChanged",
                                        healthJSON(Core.healthReport(false))));
      });
  });
  EP.onRequest<HealthParams>(
      "cgols/health", [this](const HealthParams &P, Endpoint::Reply R) {
        defer(std::move(R), [this, Refresh = P.Refresh](Endpoint::Reply R) {
          json::object H = healthJSON(Core.healthReport(Refresh));
          R.result(H);
          if (Refresh)
            send(protocol::makeNotification("cgols/healthChanged", H));
        });
      });
  EP.onRequest<NoParams>("shutdown",
                         [this](const NoParams &, Endpoint::Reply R) {
                           // Nobody will read their results: drop pending
                           // analyses and stop the running one, so that the
                           // editor's stop (restart, trust) is not kept
                           // waiting and then kills the server.
                           Core.stopAnalyses();
                           Progress.enable(false);
                           {
                             std::lock_guard<std::mutex> L(SM);
                             ShutdownRequested = true;
                           }
                           R.result(nullptr);
                         });
  EP.onNotification<DidOpenTextDocumentParams>(
      "textDocument/didOpen", [this](const DidOpenTextDocumentParams &P) {
        auto Path = pathOf(P.TextDocument.Uri, "didOpen");
        if (!Path)
          return;
        Core.openDocument(*Path, P.TextDocument.Text, P.TextDocument.Version);
      });
  EP.onNotification<DidChangeTextDocumentParams>(
      "textDocument/didChange", [this](const DidChangeTextDocumentParams &P) {
        auto Path = pathOf(P.Uri, "didChange");
        if (!Path)
          return;
        auto Text = Core.documentText(*Path);
        if (!Text) {
          log("didChange for a document that is not open: " + *Path);
          return;
        }
        PositionEncoding E = encoding();
        for (const auto &Ev : P.Changes)
          if (auto Err = applyChange(*Text, Ev, E)) {
            // The client and server disagree about the text: say so, keep
            // the last good text, and wait for the next full sync.
            log("didChange " + *Path + ": " + *Err);
            return;
          }
        Core.updateDocument(*Path, std::move(*Text), P.Version);
      });
  EP.onNotification<TextDocumentIdentifierParams>(
      "textDocument/didSave", [this](const TextDocumentIdentifierParams &P) {
        if (auto Path = pathOf(P.Uri, "didSave"))
          Core.fileSaved(*Path);
      });
  EP.onNotification<TextDocumentIdentifierParams>(
      "textDocument/didClose", [this](const TextDocumentIdentifierParams &P) {
        if (auto Path = pathOf(P.Uri, "didClose"))
          Core.closeDocument(*Path);
      });
  EP.onNotification<DidChangeConfigurationParams>(
      "workspace/didChangeConfiguration",
      [this](const DidChangeConfigurationParams &P) {
        bool Pull;
        {
          std::lock_guard<std::mutex> L(SM);
          Pull = PullConfiguration;
        }
        if (!Pull) {
          Config C = Core.config();
          applyConfig(P.Settings, false, C);
          if (const json::object *S = P.Settings.if_object())
            applyToolsEnv(S->contains("go") ? S->at("go") : json::value(),
                          S->contains("gopls") ? S->at("gopls")
                                               : json::value());
          return;
        }
        // Ask the client for the sections: it answers with the values as
        // it resolves them (VS Code's ${workspaceFolder}, ${env:X}). `go`
        // and `gopls` hold the environment the editor gives the Go tools.
        json::array Items;
        for (const char *Section : ConfigurationSections)
          Items.push_back(json::object{{"section", Section}});
        EP.request("workspace/configuration",
                   json::object{{"items", std::move(Items)}},
                   [this](std::optional<json::value> Result,
                          const std::string &Error) {
                     if (!Result || !Result->is_array() ||
                         Result->as_array().empty()) {
                       log("workspace/configuration: " +
                           (Error.empty() ? std::string("no answer") : Error));
                       return;
                     }
                     const json::array &A = Result->as_array();
                     Config C = Core.config();
                     applyConfig(json::object{{"cgols", A[0]}}, false, C);
                     applyToolsEnv(A.size() > 1 ? A[1] : json::value(),
                                   A.size() > 2 ? A[2] : json::value());
                   });
      });
  EP.onRequest<CodeActionParams>(
      "textDocument/codeAction",
      [this](const CodeActionParams &P, Endpoint::Reply R) {
        auto Path = protocol::uriToPath(P.Uri);
        if (!Path) {
          R.error(InvalidParams, "not a file URI: " + P.Uri);
          return;
        }
        R.result(toJSON(Core.codeActions(*Path, P.R)));
      });
  EP.onRequest<ExecuteCommandParams>(
      "workspace/executeCommand",
      [this](const ExecuteCommandParams &P, Endpoint::Reply R) {
        if (P.Command != ApplyEditCommand || P.Arguments.size() != 1 ||
            !P.Arguments[0].is_object()) {
          R.error(InvalidParams, "unknown command or arguments: " + P.Command);
          return;
        }
        // The edit goes back to the client, which applies it; the command
        // is answered when the client has.
        auto Owner = std::make_shared<Endpoint::Reply>(std::move(R));
        EP.request(
            "workspace/applyEdit", P.Arguments[0],
            [Owner](std::optional<json::value> Result,
                    const std::string &Error) {
              const json::object *O = Result ? Result->if_object() : nullptr;
              const json::value *A = O ? O->if_contains("applied") : nullptr;
              if (A && A->is_bool() && A->as_bool()) {
                Owner->result(nullptr);
                return;
              }
              std::string Why = Error;
              if (const json::value *F =
                      O ? O->if_contains("failureReason") : nullptr;
                  F && F->is_string())
                Why = std::string(F->as_string());
              Owner->error(RequestFailed, "the editor did not apply the edit" +
                                              (Why.empty() ? "" : ": " + Why));
            });
      });
  bindFeatures();
  // Files changed on disk (headers, .c files, .go files not open): every
  // package whose last analysis read one is analysed again.
  EP.onNotification<DidChangeWatchedFilesParams>(
      "workspace/didChangeWatchedFiles",
      [this](const DidChangeWatchedFilesParams &P) {
        std::vector<std::string> Paths;
        for (const std::string &U : P.Uris)
          if (auto Path = pathOf(U, "didChangeWatchedFiles"))
            Paths.push_back(std::move(*Path));
        Core.filesChanged(Paths);
      });
  for (const char *Ignored :
       {"$/setTrace", "workspace/didChangeWorkspaceFolders"})
    EP.onNotification<NoParams>(Ignored, [](const NoParams &) {});
}

void LSPServer::bindFeatures() {
  using namespace protocol;
  auto Q = [this](const TextDocumentPositionParams &P,
                  const std::shared_ptr<const std::atomic<bool>> &Flag) {
    return CNameFeatures::Request{protocol::uriToPath(P.Uri).value_or(""),
                                  P.Pos, encoding(), Flag};
  };
  EP.onRequest<TextDocumentPositionParams>(
      "textDocument/hover",
      [this, Q](const TextDocumentPositionParams &P, Endpoint::Reply R) {
        auto [Flag, Done] = answer<Hover>(std::move(R), nullptr);
        // A #cgo line first; else a C name.
        if (!Core.directives().hover(Q(P, Flag), Done))
          Core.features().hover(Q(P, Flag), std::move(Done));
      });
  EP.onRequest<TextDocumentPositionParams>(
      "textDocument/definition",
      [this, Q](const TextDocumentPositionParams &P, Endpoint::Reply R) {
        auto [Flag, Done] = answer<std::vector<protocol::Location>>(
            std::move(R), json::array());
        Core.features().definition(Q(P, Flag), std::move(Done));
      });
  EP.onRequest<TextDocumentPositionParams>(
      "textDocument/signatureHelp",
      [this, Q](const TextDocumentPositionParams &P, Endpoint::Reply R) {
        auto [Flag, Done] = answer<SignatureHelp>(std::move(R), nullptr);
        Core.features().signatureHelp(Q(P, Flag), std::move(Done));
      });
  EP.onRequest<TextDocumentPositionParams>(
      "textDocument/completion",
      [this, Q](const TextDocumentPositionParams &P, Endpoint::Reply R) {
        if (auto L = Core.directives().completion(Q(P, nullptr)))
          R.result(toJSON(*L));
        else
          R.result(toJSON(Core.features().completion(Q(P, nullptr))));
      });
  EP.onRequest<TextDocumentIdentifierParams>(
      "textDocument/codeLens",
      [this](const TextDocumentIdentifierParams &P, Endpoint::Reply R) {
        auto Path = protocol::uriToPath(P.Uri);
        R.result(Path ? toJSON(Core.importCLenses(*Path, encoding()))
                      : json::value(json::array()));
      });
  EP.onRequest<TextDocumentIdentifierParams>(
      "textDocument/inlayHint",
      [this](const TextDocumentIdentifierParams &P, Endpoint::Reply R) {
        // The lenses' titles after import "C", for a client without lenses.
        auto Path = protocol::uriToPath(P.Uri);
        json::array Hints;
        if (Path) {
          std::vector<protocol::CodeLens> Ls =
              Core.importCLenses(*Path, encoding());
          if (!Ls.empty()) {
            protocol::InlayHint H;
            H.Pos = Ls.front().R.End;
            for (const protocol::CodeLens &L : Ls)
              H.Label += (H.Label.empty() ? "" : " · ") + L.Cmd.Title;
            H.Tooltip = "cgols: each target's state for this file";
            Hints.push_back(toJSON(H));
          }
        }
        R.result(std::move(Hints));
      });
  EP.onRequest<TextDocumentIdentifierParams>(
      "textDocument/documentSymbol",
      [this](const TextDocumentIdentifierParams &P, Endpoint::Reply R) {
        auto Path = protocol::uriToPath(P.Uri);
        R.result(
            Path ? toJSON(Core.features().documentSymbols(*Path, encoding()))
                 : json::value(json::array()));
      });
}

} // namespace cgols
