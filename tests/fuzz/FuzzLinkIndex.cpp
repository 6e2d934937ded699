//===- FuzzLinkIndex.cpp - The link index's readers: .tbd, ELF, its cache -===//
//
// The first byte picks the reader: an SDK's .tbd stub, a Linux shared
// object, archive or linker script (readElfLibrary, which reads a
// repository's -L folders in the server's process), or the on-disk cache's
// bytes (LinkIndex::deserialize; the cache lives in the user's cache folder
// and may be truncated or stale).
//
// A .tbd stub goes through cgols's own check (tbdLooksReadable) and, with
// LLVM 17 and later, through LLVM's TextAPI reader behind loadDarwinSDK.
// LLVM 16's reader crashes on stubs that pass any cheap check (fuzzing found
// three shapes); the server never runs it in its own process (`cgols
// link-index --write` builds a darwin index), and HostileTests'
// MalformedTbdStubsCostTheLinkCheckNotTheServer checks that through the
// binary.
//
//===----------------------------------------------------------------------===//
#include "link/LinkIndex.h"

#include "FuzzCheck.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace cgols;

namespace {

/// What is written reads back the same.
void roundTrips(const LinkIndex &I) {
  std::optional<LinkIndex> J = LinkIndex::deserialize(I.serialize());
  FUZZ_CHECK(J);
  FUZZ_CHECK(J->symbolCount() == I.symbolCount());
  FUZZ_CHECK(J->libraries().size() == I.libraries().size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *Data,
                                      std::size_t Size) {
  if (Size == 0)
    return 0;
  llvm::StringRef Bytes(reinterpret_cast<const char *>(Data) + 1, Size - 1);
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  switch (Data[0] % 3) {
  case 0: {
    bool Readable = tbdLooksReadable(Bytes);
    FS->addFile("/sdk/usr/lib/libfuzz.tbd", 0,
                llvm::MemoryBuffer::getMemBufferCopy(Bytes));
#if LLVM_VERSION_MAJOR >= 17
    LinkIndex I = LinkIndex::loadDarwinSDK(*FS, "/sdk", "arm64", "11.0");
    FUZZ_CHECK(Readable || I.empty());
    roundTrips(I);
#else
    (void)Readable;
#endif
    break;
  }
  case 1: {
    FS->addFile("/usr/lib/libfuzz.so", 0,
                llvm::MemoryBuffer::getMemBufferCopy(Bytes));
    ElfLibrary E = readElfLibrary(*FS, "/usr/lib/libfuzz.so");
    FUZZ_CHECK(E.Ok || E.Symbols.empty());
    roundTrips(LinkIndex::loadLinux(*FS, {"/usr/lib"}, "x86_64"));
    break;
  }
  default:
    if (std::optional<LinkIndex> I = LinkIndex::deserialize(Bytes))
      roundTrips(*I);
    break;
  }
  return 0;
}
