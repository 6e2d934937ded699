//===- Config.h - Every setting cgols reads, in one table -----------------===//
//
// settingsTable() is the single list of settings: each row has the name,
// JSON type, default, description and the parser that stores a value into
// Config. The server parses initializationOptions and
// workspace/configuration answers with it, `cgols settings-schema` prints
// it, and a test checks that the VS Code extension's package.json declares
// the same names, types, defaults and descriptions.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cgols {

struct Config {
  /// Targets as "goos/goarch"; empty: the host plus darwin/arm64.
  std::vector<std::string> Targets;
  std::string SdkPath;
  std::string Sysroot;
  std::vector<std::string> ExtraFlags;
  int DebounceMs = 200;
  /// Limits per compile (compiles run in worker processes).
  int CompileTimeoutSeconds = 30;
  int CompileMemoryMB = 4096;
  /// Bound of the compiled-preamble cache.
  int CacheMB = 512;
  /// Diagnostic code -> on/off (absent: on), like gopls's "analyses".
  std::map<std::string, bool> Checks;
};

struct SettingInfo {
  const char *Name;    ///< "cgols.targets"
  const char *Type;    ///< JSON schema type: "array", "string", "integer", ...
  const char *Default; ///< JSON text
  const char *Description;
  /// Stores a value into Config; a wrong value is reported in Problems and
  /// leaves the setting as it was. Empty for settings only the client reads.
  std::function<void(Config &, const boost::json::value &,
                     std::vector<std::string> &Problems)>
      Parse;
};

const std::vector<SettingInfo> &settingsTable();

/// Applies settings from a JSON value, either {"cgols": {...}} or
/// {"targets": ...} or dotted keys {"cgols.targets": ...}. Unknown keys are
/// ignored; values of the wrong type are reported in Problems and skipped.
void applySettings(Config &C, const boost::json::value &V,
                   std::vector<std::string> &Problems);

/// The table as JSON schema properties (`cgols settings-schema`).
boost::json::object settingsSchemaJson();

} // namespace cgols
