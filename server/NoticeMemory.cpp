//===- NoticeMemory.cpp ---------------------------------------------------===//
#include "NoticeMemory.h"

#include "core/Files.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

namespace cgols {

namespace {
constexpr std::size_t MaxKeys = 256; ///< a bound on the file
constexpr const char *FileName = "/notices-shown";
} // namespace

void NoticeMemory::load() {
  Loaded = true;
  if (!Dir)
    return;
  auto B = llvm::MemoryBuffer::getFile(*Dir + FileName, /*IsText=*/true);
  if (!B)
    return;
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  (*B)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef L : Lines)
    if (Shown.size() < MaxKeys)
      Shown.insert(L.str());
}

void NoticeMemory::save() {
  if (!Dir || llvm::sys::fs::create_directories(*Dir))
    return;
  std::string Text;
  for (const std::string &K : Shown)
    Text += K + '\n';
  writeFileAtomically(*Dir + FileName, Text); // if not: shown again later
}

bool NoticeMemory::firstTime(const std::string &Key) {
  std::string K = Key;
  for (char &C : K) // one key a line
    if (C == '\n' || C == '\r')
      C = ' ';
  std::lock_guard<std::mutex> L(M);
  if (!Loaded)
    load();
  if (Shown.count(K))
    return false;
  if (Shown.size() >= MaxKeys)
    Shown.clear();
  Shown.insert(K);
  save();
  return true;
}

} // namespace cgols
