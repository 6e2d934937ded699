//===- Settings.h - Checks and fixes for the editor's Go settings ---------===//
//
// `.vscode/settings.json` and `*.code-workspace` (its "settings" object) hold
// the configuration that decides whether cgo works in the editor: what gopls
// is started with (go.languageServerFlags), the environment of gopls and the
// go command (go.toolsEnvVars, gopls "build.env"). This module checks them
// (wrong names that the web recommends, gopls flags that do not exist, cgo
// turned off, the two environments disagreeing, wrong value types) and builds
// the minimal edits that fix them, on the JSONC library: comments and layout
// stay. Pure: no IO; the server gives it the text and what it knows of the
// workspace.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "core/CodeDocs.h"
#include "core/Diagnostic.h"

#include <optional>
#include <string>
#include <vector>

namespace cgols::settings {

/// Whether Path is a settings file cgols checks.
bool isSettingsFile(const std::string &Path);
/// A workspace folder's own settings file (Folder/.vscode/settings.json).
std::string folderSettingsFile(const std::string &Folder);

struct Input {
  std::string Path;
  std::string Text;
  /// The workspace has Go files that import "C" (CGO_ENABLED=0 matters).
  bool WorkspaceHasCgo = false;
};

std::vector<Diagnostic> check(const Input &In);

/// The codes above, documented (docs/checks.md).
std::vector<CodeDoc> codeDocs();

/// A regexp the go command's CGO_<KIND>_ALLOW check accepts Flag with, and
/// nothing else (it must match the whole flag).
std::string exactFlagPattern(const std::string &Flag);

/// The fix that lets the go command accept Flag in #cgo <Kind> lines for
/// this workspace: CGO_<Kind>_ALLOW in go.toolsEnvVars and gopls
/// "build.env", merged with an existing pattern. SettingsPath is the
/// settings.json to edit; Text its current text (nullopt: it does not
/// exist, and the fix creates it). Nullopt when the text cannot be edited
/// (not valid JSONC).
std::optional<Fix> allowFlagFix(const std::string &SettingsPath,
                                const std::optional<std::string> &Text,
                                const std::string &Kind,
                                const std::string &Flag);

/// A fix that sets string values at key paths of the settings (the
/// doctor's fixes), each one minimal. Nullopt when the text cannot be edited.
std::optional<Fix>
setValuesFix(const std::string &SettingsPath,
             const std::optional<std::string> &Text, const std::string &Title,
             const std::vector<std::pair<std::vector<std::string>, std::string>>
                 &Values);

} // namespace cgols::settings
