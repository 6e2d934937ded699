//===- Protocol.h - The subset of LSP 3.17 types cgols uses ---------------===//
//
// Hand-written conversions between Boost.JSON and the LSP structures cgols
// speaks. Optional fields that are unset are left out of the JSON, never sent
// as null. fromJSON reports the path of the first field that is wrong, which
// becomes the InvalidParams message.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "JsonRpc.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cgols::protocol {

struct Position {
  int Line = 0;
  int Character = 0;
};

struct Range {
  Position Start, End;
};

struct Location {
  std::string Uri;
  Range R;
};

struct DiagnosticRelatedInformation {
  Location Loc;
  std::string Message;
};

struct Diagnostic {
  Range R;
  int Severity = 1;
  std::string Code;
  std::string CodeHref; ///< codeDescription.href, when set
  std::string Source = "cgols";
  std::string Message;
  std::vector<DiagnosticRelatedInformation> Related;
};

struct TextEdit {
  Range R;
  std::string NewText;
};

struct TextDocumentContentChangeEvent {
  std::optional<Range> R; ///< absent: the whole document
  std::string Text;
};

// Results of the requests cgols answers (LSP 3.17 names), each with toJSON.

/// MarkupContent, always markdown.
struct Markdown {
  std::string Value;
};

struct Hover {
  Markdown Contents;
  Range R;
};

/// CompletionItemKind, SymbolKind: the LSP's numbers.
enum class CompletionItemKind {
  Text = 1,
  Function = 3,
  Variable = 6,
  Module = 9,
  Value = 12,
  Keyword = 14,
  Enum = 13,
  EnumMember = 20,
  Constant = 21,
  Struct = 22
};
enum class SymbolKind {
  Enum = 10,
  Function = 12,
  Variable = 13,
  Constant = 14,
  EnumMember = 22,
  Struct = 23
};

struct CompletionItem {
  std::string Label;
  CompletionItemKind Kind = CompletionItemKind::Text;
  std::string Detail;        ///< left out when empty
  std::string Documentation; ///< markdown; left out when empty
  std::string SortText;
  /// Set: the item replaces this range with NewText (textEdit), and is
  /// filtered by its label against the range's text (filterText).
  std::optional<Range> EditRange;
  std::string NewText;
};

struct CompletionList {
  bool IsIncomplete = false;
  std::vector<CompletionItem> Items;
};

struct SignatureHelp {
  std::string Label;
  /// Each parameter's [begin, end) in Label (UTF-16 code units, as the
  /// label is ASCII-safe: C declarations).
  std::vector<std::pair<std::size_t, std::size_t>> Parameters;
  std::string Documentation; ///< markdown
  unsigned ActiveParameter = 0;
};

struct DocumentSymbol {
  std::string Name, Detail;
  SymbolKind Kind = SymbolKind::Variable;
  Range R; ///< also the selection range
};

struct Command {
  std::string Title, Name;
  json::array Arguments;
};

/// textDocument/codeLens: a line over Range, clicking runs Cmd.
struct CodeLens {
  Range R;
  Command Cmd;
};

/// textDocument/inlayHint: a label after Pos.
struct InlayHint {
  Position Pos;
  std::string Label;
  std::string Tooltip;
};

struct CodeAction {
  std::string Title;
  std::string Kind = "quickfix";
  std::vector<Diagnostic> Diagnostics;
  bool IsPreferred = false;
  std::optional<json::object> Edit; ///< a WorkspaceEdit
  std::optional<Command> Cmd;
};

/// `$/progress` values (WorkDoneProgressBegin/Report/End).
struct ProgressValue {
  enum class Kind { Begin, Report, End } K = Kind::Begin;
  std::string Title; ///< begin only
  unsigned Percentage = 0;
};

/// One finding of cgols/health's answer (docs/lsp-extensions.md).
struct HealthFinding {
  std::string Section, Verdict, Title, Detail;
  std::string Code, Docs; ///< left out when empty
  std::string FixTitle;   ///< no fix when empty
  std::string FixCommand; ///< a command for the user to run
  /// The settings edit as the apply-edit command's argument ({label, edit}).
  std::optional<json::object> FixEdit;
};

json::value toJSON(const Position &P);
json::value toJSON(const Range &R);
json::value toJSON(const Location &L);
json::value toJSON(const Diagnostic &D);
json::value toJSON(const TextEdit &E);
json::value toJSON(const Hover &H);
json::value toJSON(const CompletionItem &I);
json::value toJSON(const CompletionList &L);
json::value toJSON(const SignatureHelp &S);
json::value toJSON(const DocumentSymbol &S);
json::value toJSON(const Command &C);
json::value toJSON(const CodeLens &L);
json::value toJSON(const InlayHint &H);
json::value toJSON(const CodeAction &A);
json::value toJSON(const ProgressValue &V);
json::value toJSON(const HealthFinding &F);
/// An array of each element's JSON.
template <class T> json::value toJSON(const std::vector<T> &V) {
  json::array A;
  A.reserve(V.size());
  for (const T &E : V)
    A.push_back(toJSON(E));
  return A;
}

/// Reads fields of a params object, remembering the first problem.
class ParamReader {
public:
  explicit ParamReader(const json::value &V) : Root(V) {}
  const json::object *object(const json::value &V, const std::string &Path);
  std::optional<std::string> str(const json::object &O, const char *Key,
                                 const std::string &Path, bool Required = true);
  std::optional<std::int64_t> integer(const json::object &O, const char *Key,
                                      const std::string &Path,
                                      bool Required = true);
  std::optional<Position> position(const json::object &O, const char *Key,
                                   const std::string &Path);
  std::optional<Range> range(const json::object &O, const char *Key,
                             const std::string &Path, bool Required = true);
  bool ok() const { return Error.empty(); }
  const std::string &error() const { return Error; }
  const json::value &root() const { return Root; }
  void fail(const std::string &Msg) {
    if (Error.empty())
      Error = Msg;
  }

private:
  const json::value &Root;
  std::string Error;
};

// Params of every message cgols handles, read by fromJSON (false with the
// path of the first wrong field in R.error(), which becomes InvalidParams).

struct InitializeParams {
  bool OffersUtf8 = false;            ///< general.positionEncodings has utf-8
  bool SupportsConfiguration = false; ///< workspace.configuration
  bool SupportsApplyEdit = false;     ///< workspace.applyEdit
  /// workspace.workspaceEdit.resourceOperations has "create"
  bool SupportsCreateFile = false;
  /// window.workDoneProgress: the server may create progress tokens.
  bool SupportsWorkDoneProgress = false;
  /// textDocument.codeLens, textDocument.inlayHint: the client asks for
  /// them; workspace.codeLens.refreshSupport: it takes
  /// workspace/codeLens/refresh.
  bool SupportsCodeLens = false, SupportsInlayHint = false;
  bool SupportsCodeLensRefresh = false;
  /// rootUri and workspaceFolders[].uri
  std::vector<std::string> FolderUris;
  json::value InitializationOptions; ///< null when absent
};

/// cgols/health: {"refresh": true} probes again.
struct HealthParams {
  bool Refresh = false;
};

struct ExecuteCommandParams {
  std::string Command;
  json::array Arguments;
};

struct TextDocumentItem {
  std::string Uri;
  std::string Text;
  std::int64_t Version = 0;
};

struct DidOpenTextDocumentParams {
  TextDocumentItem TextDocument;
};

struct DidChangeTextDocumentParams {
  std::string Uri;
  std::int64_t Version = 0;
  std::vector<TextDocumentContentChangeEvent> Changes;
};

/// didClose and didSave: only the document matters.
struct TextDocumentIdentifierParams {
  std::string Uri;
};

struct DidChangeWatchedFilesParams {
  std::vector<std::string> Uris; ///< created, changed or deleted
};

struct CodeActionParams {
  std::string Uri;
  Range R;
};

struct DidChangeConfigurationParams {
  json::value Settings; ///< null when absent
};

/// hover, definition, completion, signatureHelp.
struct TextDocumentPositionParams {
  std::string Uri;
  Position Pos;
};

/// Params that cgols does not read (initialized, shutdown, exit, ...).
struct NoParams {};

/// An object's string members; other members (and a V that is not an
/// object) give nothing.
std::map<std::string, std::string> stringMembers(const json::value &V);

/// The environment the editor gives the Go tools, from a client's values
/// for the configuration sections `go` and `gopls`: go.toolsEnvVars with
/// gopls's build.env (or its older name env) over it, as gopls sees them.
/// Nullopt when neither section is an object: the client does not know them.
std::optional<std::map<std::string, std::string>>
goToolsEnvironment(const json::value &Go, const json::value &Gopls);

bool fromJSON(const json::value &V, InitializeParams &P, ParamReader &R);
bool fromJSON(const json::value &V, DidOpenTextDocumentParams &P,
              ParamReader &R);
bool fromJSON(const json::value &V, DidChangeTextDocumentParams &P,
              ParamReader &R);
bool fromJSON(const json::value &V, TextDocumentIdentifierParams &P,
              ParamReader &R);
bool fromJSON(const json::value &V, CodeActionParams &P, ParamReader &R);
bool fromJSON(const json::value &V, DidChangeWatchedFilesParams &P,
              ParamReader &R);
bool fromJSON(const json::value &V, ExecuteCommandParams &P, ParamReader &R);
bool fromJSON(const json::value &V, HealthParams &P, ParamReader &R);
bool fromJSON(const json::value &V, DidChangeConfigurationParams &P,
              ParamReader &R);
bool fromJSON(const json::value &V, TextDocumentPositionParams &P,
              ParamReader &R);
bool fromJSON(const json::value &V, NoParams &P, ParamReader &R);

/// file:// URIs to paths and back (percent-encoding per RFC 3986).
std::optional<std::string> uriToPath(const std::string &Uri);
std::string pathToUri(const std::string &Path);

} // namespace cgols::protocol
