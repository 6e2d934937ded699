//===- Protocol.cpp - LSP types <-> Boost.JSON ----------------------------===//
#include "Protocol.h"

#include <cctype>

namespace cgols::protocol {

json::value toJSON(const Position &P) {
  return json::object{{"line", P.Line}, {"character", P.Character}};
}
json::value toJSON(const Range &R) {
  return json::object{{"start", toJSON(R.Start)}, {"end", toJSON(R.End)}};
}
json::value toJSON(const Location &L) {
  return json::object{{"uri", L.Uri}, {"range", toJSON(L.R)}};
}
json::value toJSON(const Diagnostic &D) {
  json::object O{{"range", toJSON(D.R)},
                 {"severity", D.Severity},
                 {"source", D.Source},
                 {"message", D.Message}};
  if (!D.Code.empty())
    O["code"] = D.Code;
  if (!D.CodeHref.empty())
    O["codeDescription"] = json::object{{"href", D.CodeHref}};
  if (!D.Related.empty()) {
    json::array A;
    for (const auto &R : D.Related)
      A.push_back(
          json::object{{"location", toJSON(R.Loc)}, {"message", R.Message}});
    O["relatedInformation"] = std::move(A);
  }
  return O;
}
json::value toJSON(const TextEdit &E) {
  return json::object{{"range", toJSON(E.R)}, {"newText", E.NewText}};
}

namespace {
json::value markdown(const std::string &V) {
  return json::object{{"kind", "markdown"}, {"value", V}};
}
} // namespace

json::value toJSON(const Hover &H) {
  return json::object{{"contents", markdown(H.Contents.Value)},
                      {"range", toJSON(H.R)}};
}

json::value toJSON(const CompletionItem &I) {
  json::object O{{"label", I.Label}, {"kind", static_cast<int>(I.Kind)}};
  if (!I.Detail.empty())
    O["detail"] = I.Detail;
  if (!I.Documentation.empty())
    O["documentation"] = markdown(I.Documentation);
  O["sortText"] = I.SortText;
  if (I.EditRange) {
    O["textEdit"] =
        json::object{{"range", toJSON(*I.EditRange)}, {"newText", I.NewText}};
    O["filterText"] = I.Label;
  }
  return O;
}

json::value toJSON(const CompletionList &L) {
  return json::object{{"isIncomplete", L.IsIncomplete},
                      {"items", toJSON(L.Items)}};
}

json::value toJSON(const SignatureHelp &S) {
  json::array Params;
  for (const auto &[B, E] : S.Parameters)
    Params.push_back(json::object{{"label", json::array{B, E}}});
  return json::object{
      {"signatures",
       json::array{json::object{{"label", S.Label},
                                {"parameters", std::move(Params)},
                                {"documentation", markdown(S.Documentation)}}}},
      {"activeSignature", 0},
      {"activeParameter", static_cast<std::int64_t>(S.ActiveParameter)}};
}

json::value toJSON(const DocumentSymbol &S) {
  json::value R = toJSON(S.R);
  return json::object{{"name", S.Name},
                      {"detail", S.Detail},
                      {"kind", static_cast<int>(S.Kind)},
                      {"range", R},
                      {"selectionRange", R}};
}

json::value toJSON(const CodeLens &L) {
  return json::object{{"range", toJSON(L.R)}, {"command", toJSON(L.Cmd)}};
}

json::value toJSON(const InlayHint &H) {
  json::object O{
      {"position", toJSON(H.Pos)}, {"label", H.Label}, {"paddingLeft", true}};
  if (!H.Tooltip.empty())
    O["tooltip"] = H.Tooltip;
  return O;
}

json::value toJSON(const Command &C) {
  return json::object{
      {"title", C.Title}, {"command", C.Name}, {"arguments", C.Arguments}};
}

json::value toJSON(const CodeAction &A) {
  json::object O{{"title", A.Title},
                 {"kind", A.Kind},
                 {"diagnostics", toJSON(A.Diagnostics)},
                 {"isPreferred", A.IsPreferred}};
  if (A.Edit)
    O["edit"] = *A.Edit;
  if (A.Cmd)
    O["command"] = toJSON(*A.Cmd);
  return O;
}

json::value toJSON(const HealthFinding &F) {
  json::object O{{"section", F.Section},
                 {"verdict", F.Verdict},
                 {"title", F.Title},
                 {"detail", F.Detail}};
  if (!F.Code.empty())
    O["code"] = F.Code;
  if (!F.Docs.empty())
    O["docs"] = F.Docs;
  if (!F.FixTitle.empty() && (!F.FixCommand.empty() || F.FixEdit)) {
    json::object Fix{{"title", F.FixTitle}};
    if (!F.FixCommand.empty())
      Fix["command"] = F.FixCommand;
    if (F.FixEdit)
      Fix["edit"] = *F.FixEdit;
    O["fix"] = std::move(Fix);
  }
  return O;
}

json::value toJSON(const ProgressValue &V) {
  using K = ProgressValue::Kind;
  json::object O{{"kind", V.K == K::Begin    ? "begin"
                          : V.K == K::Report ? "report"
                                             : "end"}};
  if (V.K == K::Begin) {
    O["title"] = V.Title;
    O["cancellable"] = false;
  }
  if (V.K != K::End)
    O["percentage"] = V.Percentage;
  return O;
}

const json::object *ParamReader::object(const json::value &V,
                                        const std::string &Path) {
  if (const json::object *O = V.if_object())
    return O;
  fail(Path + ": expected an object");
  return nullptr;
}

std::optional<std::string> ParamReader::str(const json::object &O,
                                            const char *Key,
                                            const std::string &Path,
                                            bool Required) {
  const json::value *V = O.if_contains(Key);
  if (!V || V->is_null()) {
    if (Required)
      fail(Path + "." + Key + ": missing");
    return std::nullopt;
  }
  if (!V->is_string()) {
    fail(Path + "." + Key + ": expected a string");
    return std::nullopt;
  }
  return std::string(V->as_string());
}

std::optional<std::int64_t> ParamReader::integer(const json::object &O,
                                                 const char *Key,
                                                 const std::string &Path,
                                                 bool Required) {
  const json::value *V = O.if_contains(Key);
  if (!V || V->is_null()) {
    if (Required)
      fail(Path + "." + Key + ": missing");
    return std::nullopt;
  }
  if (V->is_int64())
    return V->as_int64();
  if (V->is_uint64() && V->as_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(V->as_uint64());
  if (V->is_double() &&
      V->as_double() ==
          static_cast<double>(static_cast<std::int64_t>(V->as_double())))
    return static_cast<std::int64_t>(V->as_double());
  fail(Path + "." + Key + ": expected an integer");
  return std::nullopt;
}

std::optional<Position> ParamReader::position(const json::object &O,
                                              const char *Key,
                                              const std::string &Path) {
  const json::value *V = O.if_contains(Key);
  std::string P = Path + "." + Key;
  if (!V) {
    fail(P + ": missing");
    return std::nullopt;
  }
  const json::object *PO = object(*V, P);
  if (!PO)
    return std::nullopt;
  auto L = integer(*PO, "line", P);
  auto C = integer(*PO, "character", P);
  if (!L || !C)
    return std::nullopt;
  if (*L < 0 || *C < 0 || *L > INT32_MAX || *C > INT32_MAX) {
    fail(P + ": out of range");
    return std::nullopt;
  }
  return Position{static_cast<int>(*L), static_cast<int>(*C)};
}

std::optional<Range> ParamReader::range(const json::object &O, const char *Key,
                                        const std::string &Path,
                                        bool Required) {
  const json::value *V = O.if_contains(Key);
  std::string P = Path + "." + Key;
  if (!V) {
    if (Required)
      fail(P + ": missing");
    return std::nullopt;
  }
  const json::object *RO = object(*V, P);
  if (!RO)
    return std::nullopt;
  auto S = position(*RO, "start", P);
  auto E = position(*RO, "end", P);
  if (!S || !E)
    return std::nullopt;
  return Range{*S, *E};
}

namespace {

const json::object *member(const json::object &O, const char *Key) {
  if (auto *V = O.if_contains(Key); V && V->is_object())
    return &V->as_object();
  return nullptr;
}

// params.textDocument.uri (and, when Version, .version).
bool documentOf(const json::value &V, ParamReader &R, std::string &Uri,
                std::int64_t *Version) {
  const json::object *O = R.object(V, "params");
  if (!O)
    return false;
  const json::value *TD = O->if_contains("textDocument");
  if (!TD) {
    R.fail("params.textDocument: missing");
    return false;
  }
  const json::object *TDO = R.object(*TD, "params.textDocument");
  if (!TDO)
    return false;
  auto U = R.str(*TDO, "uri", "params.textDocument");
  if (!U)
    return false;
  Uri = std::move(*U);
  if (Version) {
    auto N = R.integer(*TDO, "version", "params.textDocument");
    if (!N)
      return false;
    *Version = *N;
  }
  return true;
}

} // namespace

std::map<std::string, std::string> stringMembers(const json::value &V) {
  std::map<std::string, std::string> Out;
  if (const json::object *O = V.if_object())
    for (const auto &KV : *O)
      if (KV.value().is_string())
        Out[std::string(KV.key())] = std::string(KV.value().as_string());
  return Out;
}

std::optional<std::map<std::string, std::string>>
goToolsEnvironment(const json::value &Go, const json::value &Gopls) {
  const json::object *G = Go.if_object();
  const json::object *P = Gopls.if_object();
  if (!G && !P)
    return std::nullopt;
  std::map<std::string, std::string> Out;
  if (G)
    if (const json::value *T = G->if_contains("toolsEnvVars"))
      Out = stringMembers(*T);
  if (P) {
    // gopls reads a setting by the last part of its name: "build.env",
    // or the older "env".
    const json::value *E = P->if_contains("build.env");
    if (!E)
      E = P->if_contains("env");
    if (E)
      for (auto &[K, V] : stringMembers(*E))
        Out[K] = V;
  }
  return Out;
}

bool fromJSON(const json::value &V, InitializeParams &P, ParamReader &R) {
  if (V.is_null())
    return true;
  const json::object *O = R.object(V, "params");
  if (!O)
    return false;
  if (const json::object *Caps = member(*O, "capabilities")) {
    if (const json::object *G = member(*Caps, "general"))
      if (auto *Encs = G->if_contains("positionEncodings");
          Encs && Encs->is_array())
        for (const json::value &E : Encs->as_array())
          if (E.is_string() && E.as_string() == "utf-8")
            P.OffersUtf8 = true;
    if (const json::object *Win = member(*Caps, "window"))
      if (auto *WD = Win->if_contains("workDoneProgress"); WD && WD->is_bool())
        P.SupportsWorkDoneProgress = WD->as_bool();
    if (const json::object *TD = member(*Caps, "textDocument")) {
      P.SupportsCodeLens = member(*TD, "codeLens") != nullptr;
      P.SupportsInlayHint = member(*TD, "inlayHint") != nullptr;
    }
    if (const json::object *W = member(*Caps, "workspace")) {
      if (const json::object *CL = member(*W, "codeLens"))
        if (auto *RS = CL->if_contains("refreshSupport"); RS && RS->is_bool())
          P.SupportsCodeLensRefresh = RS->as_bool();
      if (auto *C = W->if_contains("configuration"); C && C->is_bool())
        P.SupportsConfiguration = C->as_bool();
      if (auto *A = W->if_contains("applyEdit"); A && A->is_bool())
        P.SupportsApplyEdit = A->as_bool();
      if (const json::object *WE = member(*W, "workspaceEdit"))
        if (auto *Ops = WE->if_contains("resourceOperations");
            Ops && Ops->is_array())
          for (const json::value &Op : Ops->as_array())
            if (Op.is_string() && Op.as_string() == "create")
              P.SupportsCreateFile = true;
    }
  }
  if (auto *Root = O->if_contains("rootUri"); Root && Root->is_string())
    P.FolderUris.push_back(std::string(Root->as_string()));
  if (auto *Fs = O->if_contains("workspaceFolders"); Fs && Fs->is_array())
    for (const json::value &F : Fs->as_array())
      if (const json::object *FO = F.if_object())
        if (auto *U = FO->if_contains("uri"); U && U->is_string())
          P.FolderUris.push_back(std::string(U->as_string()));
  if (auto *IO = O->if_contains("initializationOptions"))
    P.InitializationOptions = *IO;
  return true;
}

bool fromJSON(const json::value &V, DidOpenTextDocumentParams &P,
              ParamReader &R) {
  if (!documentOf(V, R, P.TextDocument.Uri, &P.TextDocument.Version))
    return false;
  const json::object &TD = V.as_object().at("textDocument").as_object();
  auto Text = R.str(TD, "text", "params.textDocument");
  if (!Text)
    return false;
  P.TextDocument.Text = std::move(*Text);
  return true;
}

bool fromJSON(const json::value &V, DidChangeTextDocumentParams &P,
              ParamReader &R) {
  if (!documentOf(V, R, P.Uri, &P.Version))
    return false;
  const json::value *Changes = V.as_object().if_contains("contentChanges");
  if (!Changes || !Changes->is_array()) {
    R.fail("params.contentChanges: missing");
    return false;
  }
  for (std::size_t I = 0; I < Changes->as_array().size(); ++I) {
    std::string Path = "params.contentChanges[" + std::to_string(I) + "]";
    const json::object *C = R.object(Changes->as_array()[I], Path);
    if (!C)
      return false;
    TextDocumentContentChangeEvent Ev;
    Ev.R = R.range(*C, "range", Path, /*Required=*/false);
    auto T = R.str(*C, "text", Path);
    if (!R.ok())
      return false;
    Ev.Text = std::move(*T);
    P.Changes.push_back(std::move(Ev));
  }
  return true;
}

bool fromJSON(const json::value &V, TextDocumentIdentifierParams &P,
              ParamReader &R) {
  return documentOf(V, R, P.Uri, nullptr);
}

bool fromJSON(const json::value &V, DidChangeWatchedFilesParams &P,
              ParamReader &R) {
  const json::object *O = R.object(V, "params");
  if (!O)
    return false;
  const json::value *Cs = O->if_contains("changes");
  if (!Cs || !Cs->is_array()) {
    R.fail("params.changes: expected an array");
    return false;
  }
  for (std::size_t I = 0; I < Cs->as_array().size(); ++I) {
    std::string Path = "params.changes[" + std::to_string(I) + "]";
    const json::object *C = R.object(Cs->as_array()[I], Path);
    if (!C)
      return false;
    auto U = R.str(*C, "uri", Path);
    if (!U)
      return false;
    P.Uris.push_back(std::move(*U));
  }
  return true;
}

bool fromJSON(const json::value &V, CodeActionParams &P, ParamReader &R) {
  if (!documentOf(V, R, P.Uri, nullptr))
    return false;
  auto Rg = R.range(V.as_object(), "range", "params");
  if (!Rg)
    return false;
  P.R = *Rg;
  return true;
}

bool fromJSON(const json::value &V, HealthParams &P, ParamReader &R) {
  if (V.is_null())
    return true;
  const json::object *O = R.object(V, "params");
  if (!O)
    return false;
  if (auto *X = O->if_contains("refresh"); X && X->is_bool())
    P.Refresh = X->as_bool();
  return true;
}

bool fromJSON(const json::value &V, ExecuteCommandParams &P, ParamReader &R) {
  const json::object *O = R.object(V, "params");
  if (!O)
    return false;
  auto C = R.str(*O, "command", "params");
  if (!C)
    return false;
  P.Command = *C;
  if (auto *A = O->if_contains("arguments"); A && A->is_array())
    P.Arguments = A->as_array();
  return true;
}

bool fromJSON(const json::value &V, DidChangeConfigurationParams &P,
              ParamReader &R) {
  if (V.is_null())
    return true;
  const json::object *O = R.object(V, "params");
  if (!O)
    return false;
  if (auto *S = O->if_contains("settings"))
    P.Settings = *S;
  return true;
}

bool fromJSON(const json::value &V, TextDocumentPositionParams &P,
              ParamReader &R) {
  if (!documentOf(V, R, P.Uri, nullptr))
    return false;
  auto Pos = R.position(V.as_object(), "position", "params");
  if (!Pos)
    return false;
  P.Pos = *Pos;
  return true;
}

bool fromJSON(const json::value &, NoParams &, ParamReader &) { return true; }

std::optional<std::string> uriToPath(const std::string &Uri) {
  const std::string Scheme = "file://";
  if (Uri.compare(0, Scheme.size(), Scheme) != 0)
    return std::nullopt;
  std::string Rest = Uri.substr(Scheme.size());
  // file://host/path: only an empty host or localhost is local.
  std::size_t Slash = Rest.find('/');
  if (Slash == std::string::npos)
    return std::nullopt;
  std::string Host = Rest.substr(0, Slash);
  if (!Host.empty() && Host != "localhost")
    return std::nullopt;
  std::string Path;
  for (std::size_t I = Slash; I < Rest.size(); ++I) {
    char C = Rest[I];
    if (C == '%' && I + 2 < Rest.size() &&
        std::isxdigit(static_cast<unsigned char>(Rest[I + 1])) &&
        std::isxdigit(static_cast<unsigned char>(Rest[I + 2]))) {
      Path.push_back(
          static_cast<char>(std::stoi(Rest.substr(I + 1, 2), nullptr, 16)));
      I += 2;
    } else if (C == '?' || C == '#') {
      break;
    } else {
      Path.push_back(C);
    }
  }
  if (Path.find('\0') != std::string::npos)
    return std::nullopt;
  return Path;
}

std::string pathToUri(const std::string &Path) {
  static const char *Hex = "0123456789ABCDEF";
  std::string Out = "file://";
  for (char C : Path) {
    auto U = static_cast<unsigned char>(C);
    if (std::isalnum(U) || C == '/' || C == '-' || C == '_' || C == '.' ||
        C == '~')
      Out.push_back(C);
    else {
      Out.push_back('%');
      Out.push_back(Hex[U >> 4]);
      Out.push_back(Hex[U & 15]);
    }
  }
  return Out;
}

} // namespace cgols::protocol
