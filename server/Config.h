//===- Config.h - Every setting cgols reads, in one place -----------------===//
//
// The settings table (settingsSchema) is the single list of settings: the
// server parses initializationOptions and workspace/didChangeConfiguration
// with it, `cgols settings-schema` prints it, and a test checks that the VS
// Code extension's package.json declares the same settings.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace cgols {

struct SettingInfo {
  const char *Name;    ///< "cgols.targets"
  const char *Type;    ///< JSON schema type: "array", "string", "integer"
  const char *Default; ///< JSON text
  const char *Description;
};

const std::vector<SettingInfo> &settingsSchema();

struct Config {
  /// Targets as "goos/goarch"; empty: the host plus darwin/arm64.
  std::vector<std::string> Targets;
  std::string SdkPath;
  std::string Sysroot;
  std::vector<std::string> ExtraFlags;
  int DebounceMs = 200;
};

/// Applies settings from a JSON value, either {"cgols": {...}} or
/// {"targets": ...} or dotted keys {"cgols.targets": ...}. Unknown keys are
/// ignored; values of the wrong type are reported in Problems and skipped.
void applySettings(Config &C, const boost::json::value &V,
                   std::vector<std::string> &Problems);

} // namespace cgols
