//===- LSPServer.cpp - The language server --------------------------------===//
//
// Threads. The transport's reader thread calls onFrame: it parses the body,
// answers $/cancelRequest and exit at once, and queues everything else. One
// dispatcher thread handles the queue in order, so document changes apply in
// the order sent; handlers are quick (they edit documents and schedule work).
// Analyses run on the Scheduler's worker thread, debounced per package
// directory. Each analysis takes a snapshot of the open documents (text and
// version), and publishes a file's diagnostics only if that file's version
// is still the one it analysed; otherwise a newer analysis is already
// scheduled. Shared state is guarded by SM; output by OutM.
//
// Every request gets exactly one reply: a result, an error from its handler,
// RequestCancelled if it was cancelled before it ran, ServerNotInitialized
// before initialize, InvalidRequest after shutdown, or InternalError if a
// handler threw.
//
//===----------------------------------------------------------------------===//
#include "LSPServer.h"

#include "Setup.h"
#include "protocol/Utf8.h"

#include "llvm/Support/Path.h"

namespace cgols {

namespace json = boost::json;
using protocol::Message;

namespace {

std::string idKey(const json::value &Id) { return json::serialize(Id); }

std::string dirOf(const std::string &Path) {
  return std::string(llvm::sys::path::parent_path(Path));
}

} // namespace

LSPServer::LSPServer(Environment &Env, Output &Out, ServerOptions Opts)
    : Env(Env), Out(Out), Opts(std::move(Opts)),
      Dispatcher([this] { dispatchLoop(); }) {}

LSPServer::~LSPServer() {
  {
    std::lock_guard<std::mutex> L(QM);
    StopDispatch = true;
  }
  QCV.notify_all();
  Dispatcher.join();
}

void LSPServer::send(const json::value &V) {
  // Messages quote bytes of the user's files; the stream must be UTF-8.
  json::value Valid = V;
  protocol::makeValidUtf8(Valid);
  std::lock_guard<std::mutex> L(OutM);
  Out.send(Valid);
}

void LSPServer::reply(const json::value &Id, json::value Result) {
  send(protocol::makeResponse(Id, std::move(Result)));
}

void LSPServer::replyError(const json::value &Id, int Code,
                           const std::string &Msg) {
  send(protocol::makeError(Id, Code, Msg));
}

void LSPServer::notify(const std::string &Method, json::value Params) {
  send(protocol::makeNotification(Method, std::move(Params)));
}

void LSPServer::log(const std::string &Msg) {
  if (Opts.Log)
    Opts.Log(Msg);
}

void LSPServer::showMessage(int Type, const std::string &Msg) {
  notify("window/showMessage", json::object{{"type", Type}, {"message", Msg}});
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
  if (M.K == Message::Kind::Notification && M.Method == "$/cancelRequest") {
    if (const json::object *P = M.Params.if_object())
      if (const json::value *Id = P->if_contains("id"))
        if (Id->is_int64() || Id->is_uint64() || Id->is_string()) {
          // Only a request still in the queue can be cancelled; remembering
          // other ids (answered, running or never sent) would grow without
          // bound.
          std::lock_guard<std::mutex> L(QM);
          std::string Key = idKey(*Id);
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
    Sched.waitIdle();
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
      replyError(*M.Id, protocol::RequestCancelled, "request cancelled");
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
  if (M.K == Message::Kind::Response)
    return; // answers to our own requests (none need handling)
  bool IsRequest = M.K == Message::Kind::Request;
  bool Init, Shut;
  {
    std::lock_guard<std::mutex> L(SM);
    Init = Initialized;
    Shut = ShutdownRequested;
  }
  if (!Init && M.Method != "initialize") {
    if (IsRequest)
      replyError(*M.Id, protocol::ServerNotInitialized,
                 "the server is not initialized: send initialize first");
    return;
  }
  if (Shut && IsRequest) {
    replyError(*M.Id, protocol::InvalidRequest,
               "the server is shutting down: only exit is accepted");
    return;
  }
  try {
    std::optional<Error> E;
    json::value Result = nullptr;
    bool Known = true;
    if (M.Method == "initialize") {
      if (!IsRequest)
        return;
      if (Init)
        E = Error{protocol::InvalidRequest, "initialize was already sent"};
      else
        Result = onInitialize(M.Params, E);
    } else if (M.Method == "initialized") {
    } else if (M.Method == "shutdown") {
      // Let running analyses finish (not the message queue: this handler is
      // part of it).
      Sched.waitIdle();
      std::lock_guard<std::mutex> L(SM);
      ShutdownRequested = true;
    } else if (M.Method == "textDocument/didOpen") {
      onDidOpen(M.Params);
    } else if (M.Method == "textDocument/didChange") {
      onDidChange(M.Params);
    } else if (M.Method == "textDocument/didSave") {
      onDidSave(M.Params);
    } else if (M.Method == "textDocument/didClose") {
      onDidClose(M.Params);
    } else if (M.Method == "workspace/didChangeConfiguration") {
      onDidChangeConfiguration(M.Params);
    } else if (M.Method == "textDocument/codeAction") {
      Result = onCodeAction(M.Params, E);
    } else if (M.Method == "$/setTrace" ||
               M.Method == "workspace/didChangeWatchedFiles" ||
               M.Method == "workspace/didChangeWorkspaceFolders") {
    } else {
      Known = false;
    }
    if (!IsRequest) {
      if (!Known && M.Method.rfind("$/", 0) != 0)
        log("ignored unknown notification " + M.Method);
      return;
    }
    if (!Known)
      replyError(*M.Id, protocol::MethodNotFound,
                 "method not found: " + M.Method);
    else if (E)
      replyError(*M.Id, E->Code, E->Message);
    else
      reply(*M.Id, std::move(Result));
  } catch (const std::exception &Ex) {
    log(std::string("internal error in ") + M.Method + ": " + Ex.what());
    if (IsRequest)
      replyError(*M.Id, protocol::InternalError,
                 std::string("internal error: ") + Ex.what());
  }
}

json::value LSPServer::onInitialize(const json::value &P,
                                    std::optional<Error> &E) {
  PositionEncoding Chosen = PositionEncoding::UTF16;
  Config C;
  bool Trusted = true; // clients without a notion of trust: trusted
  std::vector<std::string> Problems;
  if (const json::object *O = P.if_object()) {
    if (auto *Caps = O->if_contains("capabilities"); Caps && Caps->is_object())
      if (auto *G = Caps->as_object().if_contains("general");
          G && G->is_object())
        if (auto *Encs = G->as_object().if_contains("positionEncodings");
            Encs && Encs->is_array())
          for (const json::value &V : Encs->as_array())
            if (V.is_string() && V.as_string() == "utf-8")
              Chosen = PositionEncoding::UTF8;
    if (auto *IO = O->if_contains("initializationOptions")) {
      applySettings(C, *IO, Problems);
      // Workspace trust comes from the client itself (VS Code's
      // workspace.isTrusted), beside the settings and never from them: a
      // repository's own settings.json must not be able to trust itself.
      if (const json::object *IOO = IO->if_object())
        if (const json::value *Tr = IOO->if_contains("workspaceTrusted");
            Tr && Tr->is_bool())
          Trusted = Tr->as_bool();
    }
  } else if (!P.is_null()) {
    E = Error{protocol::InvalidParams, "initialize params must be an object"};
    return nullptr;
  }
  Env.allowPrograms(Trusted);
  Toolchain T;
  if (Trusted) {
    T = probeToolchain(Env);
    if (!T.Problem.empty())
      log(T.Problem);
  }
  {
    std::lock_guard<std::mutex> L(SM);
    Initialized = true;
    Enc = Chosen;
    Cfg = C;
    TC = T;
  }
  for (const std::string &Pr : Problems)
    showMessage(2, "cgols settings: " + Pr);
  if (!Trusted)
    showMessage(3, untrustedMessage());
  json::object Caps{
      {"positionEncoding",
       Chosen == PositionEncoding::UTF8 ? "utf-8" : "utf-16"},
      {"textDocumentSync",
       json::object{{"openClose", true},
                    {"change", 2},
                    {"save", json::object{{"includeText", false}}}}},
      {"codeActionProvider",
       json::object{{"codeActionKinds", json::array{"quickfix"}}}},
  };
  return json::object{{"capabilities", std::move(Caps)},
                      {"serverInfo", json::object{{"name", "cgols"},
                                                  {"version", CGOLS_VERSION}}}};
}

std::optional<std::string> LSPServer::docPath(const json::value &P,
                                              std::string &Err) {
  protocol::ParamReader R(P);
  const json::object *O = R.object(P, "params");
  if (!O) {
    Err = R.error();
    return std::nullopt;
  }
  const json::value *TD = O->if_contains("textDocument");
  if (!TD) {
    Err = "params.textDocument: missing";
    return std::nullopt;
  }
  const json::object *TDO = R.object(*TD, "params.textDocument");
  if (!TDO) {
    Err = R.error();
    return std::nullopt;
  }
  auto Uri = R.str(*TDO, "uri", "params.textDocument");
  if (!Uri) {
    Err = R.error();
    return std::nullopt;
  }
  auto Path = protocol::uriToPath(*Uri);
  if (!Path)
    Err = "not a file URI: " + *Uri;
  return Path;
}

void LSPServer::onDidOpen(const json::value &P) {
  std::string Err;
  auto Path = docPath(P, Err);
  if (!Path) {
    log("didOpen: " + Err);
    return;
  }
  const json::object &TD = P.as_object().at("textDocument").as_object();
  protocol::ParamReader R(P);
  auto Text = R.str(TD, "text", "params.textDocument");
  auto Version = R.integer(TD, "version", "params.textDocument");
  if (!R.ok()) {
    log("didOpen: " + R.error());
    return;
  }
  // A directory is not a document: in the overlay it would hide the
  // package's files.
  auto St = Env.fileSystem()->status(*Path);
  if (Path->empty() || Path->back() == '/' || (St && St->isDirectory())) {
    log("didOpen: ignored a directory: " + *Path);
    return;
  }
  {
    std::lock_guard<std::mutex> L(SM);
    Docs[*Path] = Document{*Path, std::string(TD.at("uri").as_string()),
                           std::move(*Text), *Version};
  }
  if (llvm::StringRef(*Path).endswith(".go"))
    scheduleAnalysis(dirOf(*Path));
}

void LSPServer::onDidChange(const json::value &P) {
  std::string Err;
  auto Path = docPath(P, Err);
  if (!Path) {
    log("didChange: " + Err);
    return;
  }
  protocol::ParamReader R(P);
  const json::object &O = P.as_object();
  auto Version = R.integer(O.at("textDocument").as_object(), "version",
                           "params.textDocument");
  const json::value *Changes = O.if_contains("contentChanges");
  if (!Version || !Changes || !Changes->is_array()) {
    log("didChange: " +
        (R.ok() ? std::string("params.contentChanges: missing") : R.error()));
    return;
  }
  std::vector<protocol::TextDocumentContentChangeEvent> Evs;
  for (std::size_t I = 0; I < Changes->as_array().size(); ++I) {
    std::string Path0 = "params.contentChanges[" + std::to_string(I) + "]";
    const json::object *C = R.object(Changes->as_array()[I], Path0);
    if (!C)
      break;
    protocol::TextDocumentContentChangeEvent Ev;
    Ev.R = R.range(*C, "range", Path0, /*Required=*/false);
    auto T = R.str(*C, "text", Path0);
    if (T)
      Ev.Text = std::move(*T);
    Evs.push_back(std::move(Ev));
  }
  if (!R.ok()) {
    log("didChange: " + R.error());
    return;
  }
  {
    std::lock_guard<std::mutex> L(SM);
    auto It = Docs.find(*Path);
    if (It == Docs.end()) {
      log("didChange for a document that is not open: " + *Path);
      return;
    }
    std::string Text = It->second.Text;
    for (const auto &Ev : Evs)
      if (auto E = applyChange(Text, Ev, Enc)) {
        // The client and server disagree about the text: say so, keep the
        // last good text, and wait for the next full sync.
        log("didChange " + *Path + ": " + *E);
        return;
      }
    It->second.Text = std::move(Text);
    It->second.Version = *Version;
  }
  // A change to a header or .c file of the package matters too.
  scheduleAnalysis(dirOf(*Path));
}

void LSPServer::onDidSave(const json::value &P) {
  std::string Err;
  auto Path = docPath(P, Err);
  if (!Path) {
    log("didSave: " + Err);
    return;
  }
  // Headers and .c files of a package affect its preambles.
  scheduleAnalysis(dirOf(*Path));
}

void LSPServer::onDidClose(const json::value &P) {
  std::string Err;
  auto Path = docPath(P, Err);
  if (!Path) {
    log("didClose: " + Err);
    return;
  }
  std::string Dir = dirOf(*Path);
  bool AnyOpen = false;
  {
    std::lock_guard<std::mutex> L(SM);
    Docs.erase(*Path);
    for (const auto &[DP, D] : Docs)
      if (dirOf(DP) == Dir)
        AnyOpen = true;
  }
  // The file on disk may differ from the closed buffer: analyse again, or,
  // when no file of the package is open any more, clear its diagnostics.
  if (AnyOpen)
    scheduleAnalysis(Dir);
  else
    Sched.schedule(
        Dir, std::chrono::milliseconds(0),
        [this, Dir](const std::atomic<bool> &) { clearPackage(Dir); });
}

void LSPServer::clearPackage(const std::string &Dir) {
  std::vector<std::string> Uris;
  {
    std::lock_guard<std::mutex> L(SM);
    for (auto It = Diagnostics.begin(); It != Diagnostics.end();) {
      auto Path = protocol::uriToPath(It->first);
      if (Path && dirOf(*Path) == Dir) {
        Uris.push_back(It->first);
        It = Diagnostics.erase(It);
      } else {
        ++It;
      }
    }
  }
  for (const std::string &U : Uris)
    notify("textDocument/publishDiagnostics",
           json::object{{"uri", U}, {"diagnostics", json::array{}}});
}

void LSPServer::onDidChangeConfiguration(const json::value &P) {
  std::vector<std::string> Problems;
  std::set<std::string> Dirs;
  {
    std::lock_guard<std::mutex> L(SM);
    if (const json::object *O = P.if_object())
      if (const json::value *S = O->if_contains("settings"))
        applySettings(Cfg, *S, Problems);
    ShownNotices.clear();
    for (const auto &[Path, D] : Docs)
      if (llvm::StringRef(Path).endswith(".go"))
        Dirs.insert(dirOf(Path));
  }
  for (const std::string &Pr : Problems)
    showMessage(2, "cgols settings: " + Pr);
  for (const std::string &D : Dirs)
    scheduleAnalysis(D);
}

json::value LSPServer::onCodeAction(const json::value &P,
                                    std::optional<Error> &E) {
  std::string Err;
  auto Path = docPath(P, Err);
  if (!Path) {
    E = Error{protocol::InvalidParams, Err};
    return nullptr;
  }
  protocol::ParamReader R(P);
  auto Rg = R.range(P.as_object(), "range", "params");
  if (!Rg) {
    E = Error{protocol::InvalidParams, R.error()};
    return nullptr;
  }
  auto Before = [](protocol::Position A, protocol::Position B) {
    return A.Line < B.Line || (A.Line == B.Line && A.Character < B.Character);
  };
  json::array Actions;
  std::lock_guard<std::mutex> L(SM);
  auto It = Diagnostics.find(protocol::pathToUri(*Path));
  if (It == Diagnostics.end())
    return Actions;
  for (const ConvertedDiagnostic &CD : It->second.Diags) {
    const protocol::Range &DR = CD.Diag.R;
    // Overlap, counting touching ranges (a cursor at either end).
    if (Before(Rg->End, DR.Start) || Before(DR.End, Rg->Start))
      continue;
    for (const LSPFix &F : CD.Fixes) {
      json::object Changes;
      for (const auto &[Uri, Edits] : F.Changes) {
        json::array A;
        for (const auto &Ed : Edits)
          A.push_back(protocol::toJSON(Ed));
        Changes[Uri] = std::move(A);
      }
      Actions.push_back(json::object{
          {"title", F.Title},
          {"kind", "quickfix"},
          {"diagnostics", json::array{protocol::toJSON(CD.Diag)}},
          {"isPreferred", CD.Fixes.size() == 1},
          {"edit", json::object{{"changes", std::move(Changes)}}}});
    }
  }
  return Actions;
}

void LSPServer::scheduleAnalysis(const std::string &Dir) {
  int Ms;
  {
    std::lock_guard<std::mutex> L(SM);
    Ms = Opts.DebounceMs.value_or(Cfg.DebounceMs);
  }
  Sched.schedule(Dir, std::chrono::milliseconds(Ms),
                 [this, Dir](const std::atomic<bool> &C) { analyse(Dir, C); });
}

void LSPServer::analyse(const std::string &Dir,
                        const std::atomic<bool> &CancelFlag) {
  // Snapshot the open documents and settings.
  std::map<std::string, Document> Snapshot;
  Config C;
  Toolchain T;
  PositionEncoding E;
  {
    std::lock_guard<std::mutex> L(SM);
    for (const auto &[P, D] : Docs)
      if (dirOf(P) == Dir || !llvm::StringRef(P).endswith(".go"))
        Snapshot.emplace(P, D);
    C = Cfg;
    T = TC;
    E = Enc;
  }
  // Open documents override the files on disk.
  auto Mem = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[P, D] : Snapshot)
    Mem->addFile(P, 0, llvm::MemoryBuffer::getMemBufferCopy(D.Text, P));
  auto FS =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Env.fileSystem());
  FS->pushOverlay(Mem);

  std::vector<std::string> Problems;
  AnalysisOptions O = makeAnalysisOptions(C, T, Env, Problems);
  Package Pkg = makePackage(Dir, readPackageFiles(*FS, Dir), O.GoVer);
  PackageResult Res = analyzePackage(Pkg, O, FS, &Cache, &CancelFlag);
  if (CancelFlag)
    return;

  std::map<std::string, std::string> HeaderTexts;
  TextProvider Texts = [&](const std::string &Path) -> const std::string * {
    auto It = HeaderTexts.find(Path);
    if (It == HeaderTexts.end()) {
      auto B = FS->getBufferForFile(Path);
      if (!B)
        return nullptr;
      It = HeaderTexts.emplace(Path, (*B)->getBuffer().str()).first;
    }
    return &It->second;
  };
  std::map<std::string, const SourceFile *> ByPath;
  for (const auto &F : Pkg.Files)
    ByPath[F->Path] = F.get();

  std::vector<json::object> ToSend;
  std::vector<std::string> NewNotices;
  {
    std::lock_guard<std::mutex> L(SM);
    for (const Notice &N : Res.Notices)
      if (ShownNotices.insert(N.Key).second)
        NewNotices.push_back(N.Message);
    for (const std::string &Pr : Problems)
      if (ShownNotices.insert("setting:" + Pr).second)
        NewNotices.push_back("cgols settings: " + Pr);
    for (auto &[Path, Ds] : Res.ByFile) {
      auto SnapIt = Snapshot.find(Path);
      std::optional<std::int64_t> Version;
      if (SnapIt != Snapshot.end()) {
        auto Cur = Docs.find(Path);
        if (Cur == Docs.end() || Cur->second.Version != SnapIt->second.Version)
          continue; // closed or changed since: a newer analysis will publish
        Version = SnapIt->second.Version;
      }
      std::string Uri = protocol::pathToUri(Path);
      auto PubIt = Diagnostics.find(Uri);
      // Open documents always get a publication for the analysed version,
      // empty or not; other files only when there is something to say or
      // to clear.
      if (!Version && Ds.empty() && PubIt == Diagnostics.end())
        continue;
      const SourceFile *SF = ByPath[Path];
      if (!SF)
        continue;
      Published Pub;
      Pub.Version = Version;
      json::array A;
      for (const Diagnostic &D : Ds) {
        Pub.Diags.push_back(toLSP(D, SF->Text, E, Texts));
        A.push_back(protocol::toJSON(Pub.Diags.back().Diag));
      }
      json::object Params{{"uri", Uri}, {"diagnostics", std::move(A)}};
      if (Version)
        Params["version"] = *Version;
      if (Ds.empty())
        Diagnostics.erase(Uri);
      else
        Diagnostics[Uri] = std::move(Pub);
      ToSend.push_back(std::move(Params));
    }
    // Sent under SM, so that no newer version can be published in between
    // the version check above and this.
    for (const std::string &N : NewNotices)
      showMessage(2, N);
    for (json::object &P : ToSend)
      notify("textDocument/publishDiagnostics", std::move(P));
  }
}

} // namespace cgols
