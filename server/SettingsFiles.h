//===- SettingsFiles.h - The workspace's editor settings files ------------===//
//
// Where the editor keeps its settings for each workspace folder
// (.vscode/settings.json), their text (the open document's, else the
// disk's), and the fixes that edit them: "allow this #cgo flag for the
// workspace" and the doctor's settings fixes. The one place that knows
// those paths. Thread-safe (its own lock).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Environment.h"
#include "core/Diagnostic.h"
#include "doctor/Doctor.h"

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

class SettingsFiles {
public:
  /// OpenText gives an open document's text.
  using OpenTextFn =
      std::function<std::optional<std::string>(const std::string &)>;
  SettingsFiles(Environment &Env, OpenTextFn OpenText)
      : Env(Env), OpenText(std::move(OpenText)) {}

  /// The workspace folders (absolute paths), from initialize.
  void setFolders(std::vector<std::string> Folders);
  std::vector<std::string> folders();
  /// The .vscode/settings.json of the workspace folder that holds Path.
  std::optional<std::string> forPath(const std::string &Path);
  /// The first workspace folder's .vscode/settings.json, if any folder.
  std::optional<std::string> workspaceFile();

  /// A settings fix with the text it edits (the conversion to LSP
  /// positions needs that text; "" for a file it creates).
  struct SettingsFix {
    Fix F;
    std::string Path, Text;
  };
  /// The fix that allows D's rejected flag in the settings of File's
  /// folder; nullopt when D rejects no flag, File is in no folder, the
  /// settings file is not JSONC, or it does not exist and !CanCreate.
  std::optional<SettingsFix> allowFlagFix(const std::string &File,
                                          const Diagnostic &D, bool CanCreate);
  /// The doctor's settings fix of F in the workspace's settings file.
  std::optional<SettingsFix> findingFix(const doctor::Finding &F,
                                        bool CanCreate);

private:
  Environment &Env;
  OpenTextFn OpenText;
  std::mutex M;
  std::vector<std::string> Folders;
  /// The open document's text, else the file's; nullopt when neither.
  std::optional<std::string> text(const std::string &Path);
};

} // namespace cgols
