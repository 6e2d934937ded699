//===- Debounce.h - How long an edit waits before its analysis ------------===//
//
// The debounce policy, apart from the scheduling that applies it: per
// package, how long the last analysis took and when the last edit came.
// The clock is given (tests step a fake one). Thread-safe: edits come from
// the dispatcher, durations from the analysis thread.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace cgols {

class DebouncePolicy {
public:
  using Clock = std::chrono::steady_clock;
  explicit DebouncePolicy(std::function<Clock::time_point()> Now = Clock::now)
      : Now(std::move(Now)) {}

  /// How long an edit of the package in Dir within a burst of edits waits:
  /// as long as the last analysis of it took (at least 50 ms), at most
  /// SettingMs (the setting alone before the first analysis). An override
  /// (tests: 0) wins.
  int debounceFor(const std::string &Dir, int SettingMs);
  /// How long an edit of Dir's package made now waits: none when
  /// CompilesNothing (it changed neither the preamble nor the C. names) or
  /// when it is the first edit after a pause of debounceFor(); else
  /// debounceFor(). Records the edit.
  int waitFor(const std::string &Dir, bool CompilesNothing, int SettingMs);
  /// An analysis of Dir took D.
  void analysed(const std::string &Dir, Clock::duration D);
  /// Dir is closed: its history goes.
  void forget(const std::string &Dir);
  void setOverride(std::optional<int> Ms);

private:
  std::function<Clock::time_point()> Now;
  std::mutex M;
  std::optional<int> Override;
  std::map<std::string, Clock::duration> LastDuration;
  std::map<std::string, Clock::time_point> LastEdit;
  int debounceLocked(const std::string &Dir, int SettingMs);
};

} // namespace cgols
