//===- Files.cpp ----------------------------------------------------------===//
#include "Files.h"

#include <atomic>
#include <cstdio>
#include <fstream>

#include <unistd.h>

namespace cgols {

bool writeFileAtomically(const std::string &Path, std::string_view Bytes) {
  static std::atomic<unsigned> Counter{0};
  // Unique per process and call: two threads writing the same file do not
  // share a temporary one.
  std::string Tmp = Path + ".tmp" + std::to_string(::getpid()) + "-" +
                    std::to_string(Counter++);
  {
    std::ofstream Out(Tmp, std::ios::binary | std::ios::trunc);
    if (!Out)
      return false;
    Out.write(Bytes.data(), static_cast<std::streamsize>(Bytes.size()));
    Out.close();
    if (!Out) {
      std::remove(Tmp.c_str());
      return false;
    }
  }
  if (std::rename(Tmp.c_str(), Path.c_str()) != 0) {
    std::remove(Tmp.c_str());
    return false;
  }
  return true;
}

} // namespace cgols
