//===- SettingsFiles.cpp --------------------------------------------------===//
#include "SettingsFiles.h"

#include "settings/Settings.h"

#include "llvm/Support/MemoryBuffer.h"

namespace cgols {

namespace {
std::string settingsFileOf(const std::string &Folder) {
  return settings::folderSettingsFile(Folder);
}
} // namespace

void SettingsFiles::setFolders(std::vector<std::string> Fs) {
  std::lock_guard<std::mutex> L(M);
  Folders = std::move(Fs);
}

std::vector<std::string> SettingsFiles::folders() {
  std::lock_guard<std::mutex> L(M);
  return Folders;
}

std::optional<std::string> SettingsFiles::forPath(const std::string &Path) {
  std::lock_guard<std::mutex> L(M);
  std::string Best;
  for (const std::string &F : Folders)
    if (Path.rfind(F + "/", 0) == 0 && F.size() > Best.size())
      Best = F;
  if (Best.empty())
    return std::nullopt;
  return settingsFileOf(Best);
}

std::optional<std::string> SettingsFiles::workspaceFile() {
  std::lock_guard<std::mutex> L(M);
  if (Folders.empty())
    return std::nullopt;
  return settingsFileOf(Folders.front());
}

std::optional<std::string> SettingsFiles::text(const std::string &Path) {
  if (auto T = OpenText(Path))
    return T;
  auto B = Env.fileSystem()->getBufferForFile(Path);
  if (!B)
    return std::nullopt;
  return (*B)->getBuffer().str();
}

std::optional<SettingsFiles::SettingsFix>
SettingsFiles::allowFlagFix(const std::string &File, const Diagnostic &D,
                            bool CanCreate) {
  if (D.RejectedFlag.empty())
    return std::nullopt;
  auto SP = forPath(File);
  if (!SP)
    return std::nullopt;
  std::optional<std::string> Text = text(*SP);
  if (!Text && !CanCreate)
    return std::nullopt;
  auto F =
      settings::allowFlagFix(*SP, Text, D.RejectedFlagKind, D.RejectedFlag);
  if (!F)
    return std::nullopt;
  return SettingsFix{std::move(*F), *SP, Text.value_or("")};
}

std::optional<SettingsFiles::SettingsFix>
SettingsFiles::findingFix(const doctor::Finding &Fd, bool CanCreate) {
  if (Fd.SetSettings.empty())
    return std::nullopt;
  auto SP = workspaceFile();
  if (!SP)
    return std::nullopt;
  std::optional<std::string> Text = text(*SP);
  if (!Text && !CanCreate)
    return std::nullopt;
  auto F = settings::setValuesFix(*SP, Text, Fd.FixTitle, Fd.SetSettings);
  if (!F)
    return std::nullopt;
  return SettingsFix{std::move(*F), *SP, Text.value_or("")};
}

} // namespace cgols
