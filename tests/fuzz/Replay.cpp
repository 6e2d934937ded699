//===- Replay.cpp - Runs a fuzz target over files, without libFuzzer ------===//
//
// The default and sanitizer builds link each fuzz target with this main:
// `fuzz_x FILE|DIR...` runs every seed and every regression input once, so
// that a crash once found stays fixed in every test run, not only when
// libFuzzer runs.
//
//===----------------------------------------------------------------------===//
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *Data,
                                      std::size_t Size);

int main(int Argc, char **Argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> Files;
  for (int I = 1; I < Argc; ++I) {
    fs::path P(Argv[I]);
    if (!fs::exists(P)) // a folder git does not keep while it is empty
      continue;
    if (fs::is_directory(P)) {
      for (const auto &E : fs::recursive_directory_iterator(P))
        if (E.is_regular_file())
          Files.push_back(E.path());
    } else {
      Files.push_back(P);
    }
  }
  std::size_t Ran = 0;
  for (const fs::path &F : Files) {
    std::ifstream In(F, std::ios::binary);
    std::string Bytes((std::istreambuf_iterator<char>(In)),
                      std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(Bytes.data()),
                           Bytes.size());
    ++Ran;
  }
  std::printf("replayed %zu input(s)\n", Ran);
  return Ran == 0 ? 1 : 0;
}
