//===- Debounce.cpp -------------------------------------------------------===//
#include "Debounce.h"

#include <algorithm>

namespace cgols {

int DebouncePolicy::debounceLocked(const std::string &Dir, int SettingMs) {
  int Ms = SettingMs;
  // As clangd does (its default policy): the wait is what the last analysis
  // of the package took, at least 50 ms, and at most the setting. A quick
  // compile is not worth holding back keystrokes for.
  if (auto It = LastDuration.find(Dir); It != LastDuration.end()) {
    auto Last =
        std::chrono::duration_cast<std::chrono::milliseconds>(It->second)
            .count();
    Ms = std::min(Ms, std::max(50, static_cast<int>(Last)));
  }
  return Override.value_or(Ms);
}

int DebouncePolicy::debounceFor(const std::string &Dir, int SettingMs) {
  std::lock_guard<std::mutex> L(M);
  return debounceLocked(Dir, SettingMs);
}

int DebouncePolicy::waitFor(const std::string &Dir, bool CompilesNothing,
                            int SettingMs) {
  Clock::time_point T = Now();
  std::lock_guard<std::mutex> L(M);
  int Ms = debounceLocked(Dir, SettingMs);
  auto &Prev = LastEdit[Dir];
  // Unlike clangd, the first edit after a pause is analysed at once: the
  // debounce is there to skip the states a burst of edits passes through
  // (typing, a paste, a rename), and an edit that comes alone is not part
  // of one. Within a burst every edit waits, and the last one's analysis
  // runs.
  bool Burst = Prev.time_since_epoch().count() != 0 &&
               T - Prev < std::chrono::milliseconds(Ms);
  Prev = T;
  return CompilesNothing || !Burst ? 0 : Ms;
}

void DebouncePolicy::analysed(const std::string &Dir, Clock::duration D) {
  std::lock_guard<std::mutex> L(M);
  LastDuration[Dir] = D;
}

void DebouncePolicy::forget(const std::string &Dir) {
  std::lock_guard<std::mutex> L(M);
  LastDuration.erase(Dir);
}

void DebouncePolicy::setOverride(std::optional<int> Ms) {
  std::lock_guard<std::mutex> L(M);
  Override = Ms;
}

} // namespace cgols
