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

// The texts of other files (headers named in related information), read
// once each for one conversion.
struct FileTexts {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  std::map<std::string, std::string> Texts;
  TextProvider provider() {
    return [this](const std::string &P) -> const std::string * {
      auto It = Texts.find(P);
      if (It == Texts.end()) {
        auto B = FS->getBufferForFile(P);
        if (!B)
          return nullptr;
        It = Texts.emplace(P, (*B)->getBuffer().str()).first;
      }
      return &It->second;
    };
  }
};

} // namespace

LSPServer::LSPServer(Environment &Env, Output &Out, ServerOptions Opts)
    : Out(Out), Opts(std::move(Opts)),
      EP([this](json::value V) { send(V); },
         [this](const std::string &S) { log(S); }),
      Env(Env),
      Core(Env,
           ServerCallbacks{
               [this](
                   const std::string &Path, std::optional<std::int64_t> Version,
                   const std::string &Text, const std::vector<Diagnostic> &Ds) {
                 publish(Path, Version, Text, Ds);
               },
               [this](Severity S, const std::string &Key,
                      const std::string &Msg) {
                 notice(S == Severity::Information ? 3 : 2, Key, Msg);
               },
               [this](const std::string &S) { log(S); },
               [this](const std::string &Key, const std::string &Title,
                      unsigned Done,
                      unsigned Total) { progress(Key, Title, Done, Total); }}) {
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

json::object LSPServer::healthJSON(const std::vector<doctor::Finding> &Fs) {
  std::string Docs;
  bool CanApply, CanCreate;
  {
    std::lock_guard<std::mutex> L(SM);
    Docs = DocsUri;
    CanApply = ApplyEdit;
    CanCreate = CreateFiles;
  }
  PositionEncoding E = encoding();
  json::array A;
  for (const doctor::Finding &F : Fs) {
    json::object O{{"section", F.Section},
                   {"verdict", F.V == doctor::Verdict::Ok        ? "ok"
                               : F.V == doctor::Verdict::Warning ? "warning"
                                                                 : "error"},
                   {"title", F.Title},
                   {"detail", F.Detail}};
    if (!F.Code.empty()) {
      O["code"] = F.Code;
      if (unsigned Line = Docs.empty() ? 0 : docs::line(F.Code))
        O["docs"] = Docs + "#L" + std::to_string(Line);
    }
    if (!F.FixTitle.empty()) {
      json::object Fix{{"title", F.FixTitle}};
      if (!F.Command.empty())
        Fix["command"] = F.Command; // for the user to run
      if (!F.SetSettings.empty() && CanApply)
        if (auto SP = Core.workspaceSettingsFile()) {
          FileTexts Files{Env.fileSystem(), {}};
          std::optional<std::string> Text = Core.documentText(*SP);
          if (!Text)
            if (const std::string *T = Files.provider()(*SP))
              Text = *T;
          if (Text || CanCreate)
            if (auto SF = settings::setValuesFix(*SP, Text, F.FixTitle,
                                                 F.SetSettings)) {
              Files.Texts[*SP] = Text.value_or("");
              if (auto LF = toLSPFix(*SF, E, Files.provider()))
                Fix["edit"] =
                    json::object{{"label", F.FixTitle}, {"edit", toJSON(*LF)}};
            }
        }
      if (Fix.contains("command") || Fix.contains("edit"))
        O["fix"] = std::move(Fix);
    }
    A.push_back(std::move(O));
  }
  return json::object{{"findings", std::move(A)}};
}

void LSPServer::defer(protocol::Endpoint::Reply R,
                      std::function<void(protocol::Endpoint::Reply)> Job) {
  std::string Key = idKey(R.id());
  {
    std::lock_guard<std::mutex> L(QM);
    Deferred[Key] = false;
  }
  // The pool takes copyable tasks; the reply moves through a shared owner.
  auto Owner = std::make_shared<protocol::Endpoint::Reply>(std::move(R));
  Slow.async([this, Key, Owner, Job = std::move(Job)] {
    bool WasCancelled;
    {
      std::lock_guard<std::mutex> L(QM);
      WasCancelled = Deferred[Key];
    }
    if (WasCancelled)
      Owner->error(protocol::RequestCancelled, "request cancelled");
    else
      Job(std::move(*Owner));
    std::lock_guard<std::mutex> L(QM);
    Deferred.erase(Key);
  });
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
  // extension shows each once per workspace, some in the status bar);
  // others get window/showMessage.
  if (Custom)
    send(protocol::makeNotification(
        "cgols/notice",
        json::object{{"type", Type}, {"key", Key}, {"message", Msg}}));
  else
    showMessage(Type, Msg);
}

namespace {
json::value progressMessage(const std::string &Token, const char *Kind,
                            const std::string &Title, unsigned Percent) {
  json::object V{{"kind", Kind}};
  if (std::string(Kind) == "begin") {
    V["title"] = Title;
    V["cancellable"] = false;
  }
  if (std::string(Kind) != "end")
    V["percentage"] = Percent;
  return protocol::makeNotification(
      "$/progress", json::object{{"token", Token}, {"value", std::move(V)}});
}
} // namespace

void LSPServer::progress(const std::string &Key, const std::string &Title,
                         unsigned Done, unsigned Total) {
  unsigned Percent = Total ? Done * 100 / Total : 100;
  bool Last = Done >= Total;
  std::unique_lock<std::mutex> L(SM);
  if (!WorkDoneProgress || !Initialized || ShutdownRequested)
    return;
  if (Done == 0) {
    // A new run: the token is created first; begin (and end, if the run
    // ended meanwhile) go out once the client accepted it.
    std::string Token = "cgols/" + Key;
    Progresses[Key] = ProgressState{Token, Title, false, Last, 0};
    L.unlock();
    EP.request(
        "window/workDoneProgress/create", json::object{{"token", Token}},
        [this, Key](std::optional<json::value>, const std::string &Error) {
          std::unique_lock<std::mutex> L(SM);
          auto It = Progresses.find(Key);
          if (It == Progresses.end())
            return;
          ProgressState P = It->second;
          // Its result is null; an error is a refusal: no progress then.
          if (!Error.empty() || P.Ended)
            Progresses.erase(It);
          else
            It->second.Created = true;
          L.unlock();
          if (!Error.empty())
            return;
          send(progressMessage(P.Token, "begin", P.Title, P.Percent));
          if (P.Ended)
            send(progressMessage(P.Token, "end", "", 100));
        });
    return;
  }
  auto It = Progresses.find(Key);
  if (It == Progresses.end())
    return; // never begun, or refused
  ProgressState &P = It->second;
  // Reports only when the percentage moves by 5 or more.
  bool Report = !Last && Percent >= P.Percent + 5;
  if (Report || Last)
    P.Percent = Percent;
  if (!P.Created) {
    P.Ended = P.Ended || Last;
    return;
  }
  std::string Token = P.Token;
  if (Last)
    Progresses.erase(It);
  else if (!Report)
    return;
  L.unlock();
  send(progressMessage(Token, Last ? "end" : "report", "", Percent));
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
  PositionEncoding E = encoding();
  FileTexts Files{Env.fileSystem(), {}};
  TextProvider Texts = Files.provider();
  std::string Docs;
  {
    std::lock_guard<std::mutex> L(SM);
    Docs = DocsUri;
  }
  json::array A;
  for (const Diagnostic &D : Ds) {
    ConvertedDiagnostic C = toLSP(D, Text, E, Texts);
    // The documentation the client ships (VS Code opens #L<line> at the
    // line, offline).
    if (unsigned Line = Docs.empty() ? 0 : docs::line(D.Code))
      C.Diag.CodeHref = Docs + "#L" + std::to_string(Line);
    A.push_back(protocol::toJSON(C.Diag));
  }
  json::object Params{{"uri", protocol::pathToUri(Path)},
                      {"diagnostics", std::move(A)}};
  if (Version)
    Params["version"] = *Version;
  send(protocol::makeNotification("textDocument/publishDiagnostics",
                                  std::move(Params)));
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
          if (auto It = Deferred.find(Key); It != Deferred.end())
            It->second = true;
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

void LSPServer::bindMethods() {
  using namespace protocol;
  EP.onRequest<InitializeParams>(
      "initialize", [this](const InitializeParams &P, Endpoint::Reply R) {
        Config C;
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
            if (const json::value *D = IO->if_contains("docsUri");
                D && D->is_string()) {
              std::lock_guard<std::mutex> L(SM);
              DocsUri = std::string(D->as_string());
            }
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
          ApplyEdit = P.SupportsApplyEdit;
          CreateFiles = P.SupportsCreateFile;
          WorkDoneProgress = P.SupportsWorkDoneProgress;
        }
        std::vector<std::string> Folders;
        for (const std::string &U : P.FolderUris)
          if (auto F = protocol::uriToPath(U))
            Folders.push_back(*F);
        Core.setFolders(std::move(Folders));
        // Probing (go env) runs in the background; the reply goes now.
        Core.initialize(C, Trusted);
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
             json::object{{"triggerCharacters", json::array{"."}}}},
            {"signatureHelpProvider",
             json::object{{"triggerCharacters", json::array{"(", ","}}}},
        };
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
                                        healthJSON(Core.health(false))));
      });
  });
  EP.onRequest<HealthParams>(
      "cgols/health", [this](const HealthParams &P, Endpoint::Reply R) {
        defer(std::move(R), [this, Refresh = P.Refresh](Endpoint::Reply R) {
          json::object H = healthJSON(Core.health(Refresh));
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
        // A directory is not a document: in the overlay it would hide the
        // package's files.
        auto St = Env.fileSystem()->status(*Path);
        if (Path->empty() || Path->back() == '/' || (St && St->isDirectory())) {
          log("didOpen: ignored a directory: " + *Path);
          return;
        }
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
          return;
        }
        // Ask the client for the section: it answers with the values as it
        // resolves them (VS Code's ${workspaceFolder}, ${env:X}).
        EP.request("workspace/configuration",
                   json::object{{"items", json::array{json::object{
                                              {"section", "cgols"}}}}},
                   [this](std::optional<json::value> Result,
                          const std::string &Error) {
                     if (!Result || !Result->is_array() ||
                         Result->as_array().empty()) {
                       log("workspace/configuration: " +
                           (Error.empty() ? std::string("no answer") : Error));
                       return;
                     }
                     Config C = Core.config();
                     applyConfig(json::object{{"cgols", Result->as_array()[0]}},
                                 false, C);
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
        json::array Actions;
        auto Pub = Core.published(*Path);
        if (!Pub) {
          R.result(std::move(Actions));
          return;
        }
        auto Before = [](Position A, Position B) {
          return A.Line < B.Line ||
                 (A.Line == B.Line && A.Character < B.Character);
        };
        PositionEncoding E = encoding();
        FileTexts Files{Env.fileSystem(), {}};
        TextProvider TP = Files.provider();
        bool CanApply, CanCreate;
        {
          std::lock_guard<std::mutex> L(SM);
          CanApply = ApplyEdit;
          CanCreate = CreateFiles;
        }
        for (cgols::Diagnostic D : Pub->Diags) {
          // A flag the go command rejects: allowed for this workspace by
          // its settings.json (the open document's text, or the file's).
          if (!D.RejectedFlag.empty() && CanApply)
            if (auto SP = Core.settingsFileFor(*Path)) {
              std::optional<std::string> Text = Core.documentText(*SP);
              if (!Text)
                if (const std::string *T = TP(*SP))
                  Text = *T;
              if (Text || CanCreate)
                if (auto F = settings::allowFlagFix(
                        *SP, Text, D.RejectedFlagKind, D.RejectedFlag)) {
                  Files.Texts[*SP] = Text.value_or("");
                  D.Fixes.push_back(std::move(*F));
                }
            }
          ConvertedDiagnostic CD = toLSP(D, *Pub->Text, E, TP);
          const Range &DR = CD.Diag.R;
          // Overlap, counting touching ranges (a cursor at either end).
          if (Before(P.R.End, DR.Start) || Before(DR.End, P.R.Start))
            continue;
          for (const LSPFix &F : CD.Fixes) {
            json::object WE = toJSON(F);
            json::object Action{{"title", F.Title},
                                {"kind", "quickfix"},
                                {"diagnostics", json::array{toJSON(CD.Diag)}},
                                {"isPreferred", CD.Fixes.size() == 1}};
            if (F.Settings && CanApply)
              // Through workspace/applyEdit, so that the client can save
              // the settings file (the editor reads settings from disk).
              Action["command"] = json::object{
                  {"title", F.Title},
                  {"command", ApplyEditCommand},
                  {"arguments",
                   json::array{json::object{{"label", F.Title},
                                            {"edit", std::move(WE)}}}}};
            else if (!F.Settings || F.CreateUris.empty() || CanCreate)
              Action["edit"] = std::move(WE);
            else
              continue;
            Actions.push_back(std::move(Action));
          }
        }
        R.result(std::move(Actions));
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

namespace {

int completionKind(CSymbol::Kind K) {
  switch (K) {
  case CSymbol::Kind::Function:
    return 3;
  case CSymbol::Kind::Variable:
    return 6;
  case CSymbol::Kind::Struct:
  case CSymbol::Kind::Union:
  case CSymbol::Kind::Typedef:
    return 22;
  case CSymbol::Kind::Enum:
    return 13;
  case CSymbol::Kind::EnumConstant:
    return 20;
  case CSymbol::Kind::Macro:
    return 21;
  }
  return 1;
}

int symbolKind(CSymbol::Kind K) {
  switch (K) {
  case CSymbol::Kind::Function:
    return 12;
  case CSymbol::Kind::Variable:
    return 13;
  case CSymbol::Kind::Struct:
  case CSymbol::Kind::Union:
  case CSymbol::Kind::Typedef:
    return 23;
  case CSymbol::Kind::Enum:
    return 10;
  case CSymbol::Kind::EnumConstant:
    return 22;
  case CSymbol::Kind::Macro:
    return 14;
  }
  return 13;
}

std::string whereText(const CSymbol &S) {
  if (S.Where.InPreamble)
    return "this file's preamble";
  return "`" + S.Where.File + ":" + std::to_string(S.Where.Line) + "`";
}

std::string hoverMarkdown(const std::string &Name,
                          const std::vector<SymbolOnTargets> &Groups) {
  std::string Out;
  for (const SymbolOnTargets &G : Groups) {
    if (Groups.size() > 1) {
      std::string Ts;
      for (const std::string &T : G.Targets)
        Ts += (Ts.empty() ? "" : ", ") + T;
      Out += "**" + Ts + "**\n\n";
    }
    const CSymbol &S = G.Symbol;
    Out += "```c\n" + S.Decl + "\n```\n";
    if (!S.GoView.empty())
      Out += "Go: `C." + Name + " " + S.GoView + "`\n\n";
    Out += "From " + whereText(S) + "\n";
    if (!S.Doc.empty())
      Out += "\n" + S.Doc + "\n";
    Out += "\n";
  }
  while (!Out.empty() && Out.back() == '\n')
    Out.pop_back();
  return Out;
}

} // namespace

void LSPServer::bindFeatures() {
  using namespace protocol;
  // Resolves a request's file and position against the latest analysis of
  // its package; null when there is none yet.
  struct At {
    Server::FileView V;
    std::string Path;
    std::size_t Offset = 0;
    PositionEncoding E;
  };
  auto Resolve =
      [this](const TextDocumentPositionParams &P) -> std::optional<At> {
    auto Path = protocol::uriToPath(P.Uri);
    if (!Path)
      return std::nullopt;
    auto V = Core.fileView(*Path);
    if (!V)
      return std::nullopt;
    PositionEncoding E = encoding();
    auto Off = PositionMapper(V->Text, E).offset(P.Pos);
    if (!Off)
      return std::nullopt;
    return At{std::move(*V), *Path, *Off, E};
  };
  // What a name is, then Answer: at once when the analysis recorded it
  // (or nothing declares it), else on the Slow pool after an on-demand
  // compile, so that the dispatcher goes on with edits meanwhile.
  using Answer = std::function<void(
      const At &, const std::vector<SymbolOnTargets> &, Endpoint::Reply)>;
  auto WithSymbols = [this](At A, const std::string &Name, Endpoint::Reply R,
                            Answer Then) {
    auto G = lookupSymbol(A.V.Analysis->Result, A.Path, Name);
    if (!G.empty() || !Core.canDescribe(A.V, Name)) {
      Then(A, G, std::move(R));
      return;
    }
    defer(std::move(R), [this, A = std::move(A), Name,
                         Then = std::move(Then)](Endpoint::Reply R) {
      Then(A, Core.describe(A.V, Name), std::move(R));
    });
  };
  auto RangeIn = [](const std::string &Text, PositionEncoding E, std::size_t B,
                    std::size_t End) {
    return toJSON(PositionMapper(Text, E).range(B, End));
  };

  EP.onRequest<TextDocumentPositionParams>(
      "textDocument/hover",
      [=](const TextDocumentPositionParams &P, Endpoint::Reply R) {
        auto A = Resolve(P);
        auto N = A ? cNameAt(A->V.Text, A->Offset, A->V.File) : std::nullopt;
        if (!N) {
          R.result(nullptr);
          return;
        }
        auto Send = [=](const At &A, std::string Md, Endpoint::Reply R) {
          if (Md.empty())
            R.result(nullptr);
          else
            R.result(json::object{
                {"contents",
                 json::object{{"kind", "markdown"}, {"value", std::move(Md)}}},
                {"range", RangeIn(A.V.Text, A.E, N->Begin, N->End)}});
        };
        if (const CgoHelper *H = N->InPreamble ? nullptr : findHelper(N->Name))
          return Send(
              *A, "```go\n" + std::string(H->Signature) + "\n```\n" + H->Doc,
              std::move(R));
        WithSymbols(std::move(*A), N->Name, std::move(R),
                    [=, Name = N->Name](const At &A,
                                        const std::vector<SymbolOnTargets> &G,
                                        Endpoint::Reply R) {
                      Send(A, hoverMarkdown(Name, G), std::move(R));
                    });
      });

  EP.onRequest<TextDocumentPositionParams>(
      "textDocument/definition",
      [=](const TextDocumentPositionParams &P, Endpoint::Reply R) {
        auto A = Resolve(P);
        auto N = A ? cNameAt(A->V.Text, A->Offset, A->V.File) : std::nullopt;
        if (!N) {
          R.result(json::array());
          return;
        }
        WithSymbols(std::move(*A), N->Name, std::move(R),
                    [=](const At &A, const std::vector<SymbolOnTargets> &Gs,
                        Endpoint::Reply R) {
                      json::array Locs;
                      for (const SymbolOnTargets &G : Gs) {
                        const CSymbol &S = G.Symbol;
                        json::object L;
                        if (S.Where.InPreamble) {
                          const SourceFile &F = *A.V.File;
                          auto [B, E] = F.Go.PreambleMap.rangeToGo(
                              S.Where.Begin, S.Where.End);
                          L = {{"uri", pathToUri(F.Path)},
                               {"range", RangeIn(F.Text, A.E, B, E)}};
                        } else {
                          int Line = static_cast<int>(S.Where.Line) - 1;
                          int Col = static_cast<int>(S.Where.Column) - 1;
                          Position Pos{Line < 0 ? 0 : Line, Col < 0 ? 0 : Col};
                          L = {{"uri", pathToUri(S.Where.File)},
                               {"range", toJSON(Range{Pos, Pos})}};
                        }
                        if (std::find(Locs.begin(), Locs.end(),
                                      json::value(L)) == Locs.end())
                          Locs.push_back(std::move(L));
                      }
                      R.result(std::move(Locs));
                    });
      });

  EP.onRequest<TextDocumentPositionParams>(
      "textDocument/completion",
      [=](const TextDocumentPositionParams &P, Endpoint::Reply R) {
        auto A = Resolve(P);
        auto Pre = A ? completionPrefix(A->V.Text, A->Offset) : std::nullopt;
        json::array Items;
        const std::size_t Limit = 2000;
        std::vector<Candidate> Cs;
        if (Pre)
          Cs = completeCNames(A->V.Analysis->Result, A->Path, Pre->Name, Limit);
        for (const Candidate &C : Cs) {
          json::object I{{"label", C.Label}};
          std::string Doc;
          if (!C.Helper && !C.Symbol) {
            I["kind"] = 1; // a deeper header's name: details on hover
          } else if (C.Helper) {
            I["kind"] = 3;
            I["detail"] = C.Helper->Signature;
            Doc = C.Helper->Doc;
          } else {
            I["kind"] = completionKind(C.Symbol->K);
            I["detail"] = C.Symbol->Decl;
            Doc = "Go: `C." + C.Label + " " + C.Symbol->GoView + "`\n\nFrom " +
                  whereText(*C.Symbol) +
                  (C.Symbol->Doc.empty() ? "" : "\n\n" + C.Symbol->Doc);
          }
          if (!Doc.empty())
            I["documentation"] =
                json::object{{"kind", "markdown"}, {"value", std::move(Doc)}};
          I["sortText"] = std::to_string(C.Rank) + C.Label;
          Items.push_back(std::move(I));
        }
        R.result(json::object{{"isIncomplete", Cs.size() >= Limit},
                              {"items", std::move(Items)}});
      });

  EP.onRequest<TextDocumentPositionParams>(
      "textDocument/signatureHelp",
      [=](const TextDocumentPositionParams &P, Endpoint::Reply R) {
        auto A = Resolve(P);
        auto Call = A ? callAt(A->V.Text, A->Offset) : std::nullopt;
        if (!Call) {
          R.result(nullptr);
          return;
        }
        WithSymbols(
            std::move(*A), Call->Name, std::move(R),
            [Call](const At &, const std::vector<SymbolOnTargets> &Groups,
                   Endpoint::Reply R) {
              if (Groups.empty() ||
                  Groups.front().Symbol.K != CSymbol::Kind::Function) {
                R.result(nullptr);
                return;
              }
              const CSymbol &S = Groups.front().Symbol;
              // The label is built from the parameters, so that each one's
              // offsets in it are exact.
              std::string Label = S.Decl.substr(0, S.Decl.find('(')) + "(";
              json::array Params;
              for (std::size_t I = 0; I < S.Params.size(); ++I) {
                if (I)
                  Label += ", ";
                Params.push_back(json::object{
                    {"label", json::array{Label.size(),
                                          Label.size() + S.Params[I].size()}}});
                Label += S.Params[I];
              }
              Label += ")";
              R.result(json::object{
                  {"signatures",
                   json::array{json::object{
                       {"label", Label},
                       {"parameters", std::move(Params)},
                       {"documentation",
                        json::object{
                            {"kind", "markdown"},
                            {"value",
                             "Go: `C." + Call->Name + " " + S.GoView + "`" +
                                 (S.Doc.empty() ? "" : "\n\n" + S.Doc)}}}}}},
                  {"activeSignature", 0},
                  {"activeParameter",
                   static_cast<std::int64_t>(Call->ActiveParameter)}});
            });
      });

  EP.onRequest<TextDocumentIdentifierParams>(
      "textDocument/documentSymbol",
      [this](const TextDocumentIdentifierParams &P, Endpoint::Reply R) {
        json::array Out;
        auto Path = protocol::uriToPath(P.Uri);
        auto V = Path ? Core.fileView(*Path) : std::nullopt;
        if (V) {
          PositionEncoding E = encoding();
          const SourceFile &F = *V->File;
          for (const CSymbol &S : preambleSymbols(V->Analysis->Result, *Path)) {
            auto [B, End] = F.Go.PreambleMap.rangeToGo(
                S.Where.Begin,
                S.Where.End > S.Where.Begin ? S.Where.End : S.Where.Begin + 1);
            json::value Rg = toJSON(PositionMapper(F.Text, E).range(B, End));
            Out.push_back(json::object{{"name", S.Name},
                                       {"detail", S.Decl},
                                       {"kind", symbolKind(S.K)},
                                       {"range", Rg},
                                       {"selectionRange", Rg}});
          }
        }
        R.result(std::move(Out));
      });
}

} // namespace cgols
