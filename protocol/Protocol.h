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

json::value toJSON(const Position &P);
json::value toJSON(const Range &R);
json::value toJSON(const Location &L);
json::value toJSON(const Diagnostic &D);
json::value toJSON(const TextEdit &E);

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
