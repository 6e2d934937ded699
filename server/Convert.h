//===- Convert.h - Domain diagnostics to LSP ------------------------------===//
#pragma once

#include "Document.h"
#include "core/Diagnostic.h"
#include "protocol/Protocol.h"

#include <functional>
#include <optional>
#include <string>

namespace cgols {

/// The command that sends a settings edit back to the client through
/// workspace/applyEdit (docs/lsp-extensions.md).
inline constexpr const char *ApplyEditCommand = "cgols.applyWorkspaceEdit";
/// The sections the server asks workspace/configuration for, in this
/// order: its settings, then where the editor keeps the Go tools'
/// environment (go.toolsEnvVars, gopls's build.env).
inline constexpr const char *ConfigurationSections[] = {"cgols", "go", "gopls"};

/// What the server knows of its client, from initialize.
struct ClientInfo {
  PositionEncoding Enc = PositionEncoding::UTF16;
  bool ApplyEdit = false;   ///< answers workspace/applyEdit
  bool CreateFiles = false; ///< and its edits may create files
  /// Where the client keeps docs/checks.md (initializationOptions.docsUri);
  /// diagnostics link their code to its section there.
  std::string DocsUri;
};

/// Gives the text of a file other than the one being converted (headers in
/// related information), or nullopt if it cannot be read.
using TextProvider =
    std::function<const std::string *(const std::string &Path)>;

struct LSPFix {
  std::string Title;
  bool Settings = false;               ///< see Fix::Settings
  std::vector<std::string> CreateUris; ///< files created first
  /// uri -> edits
  std::vector<std::pair<std::string, std::vector<protocol::TextEdit>>> Changes;
};

struct ConvertedDiagnostic {
  protocol::Diagnostic Diag;
  std::vector<LSPFix> Fixes;
};

ConvertedDiagnostic toLSP(const Diagnostic &D, const std::string &FileText,
                          PositionEncoding Enc, const TextProvider &Texts);

/// A fix's edits in LSP positions (files it creates count as empty);
/// nullopt when a file cannot be read.
std::optional<LSPFix> toLSPFix(const Fix &F, PositionEncoding Enc,
                               const TextProvider &Texts);
/// The WorkspaceEdit: `changes`, or `documentChanges` when it creates files.
boost::json::object toJSON(const LSPFix &F);

} // namespace cgols
