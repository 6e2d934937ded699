//===- NoticeMemory.h - Which notices this machine has shown --------------===//
//
// A notice that a client without cgols's own notifications gets as
// window/showMessage (a missing SDK, an untrusted workspace) pops up once
// per machine, not at every start of the server: the keys shown are kept
// in a small file of the user's cache directory (never in a workspace).
// Without a cache directory (tests, CGOLS_CACHE_DIR=""), once per process.
// Thread-safe.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace cgols {

class NoticeMemory {
public:
  explicit NoticeMemory(std::optional<std::string> CacheDir)
      : Dir(std::move(CacheDir)) {}
  /// True the first time Key is asked on this machine (then remembered).
  bool firstTime(const std::string &Key);

private:
  std::optional<std::string> Dir;
  std::mutex M;
  bool Loaded = false;
  std::set<std::string> Shown;
  void load();
  void save();
};

} // namespace cgols
