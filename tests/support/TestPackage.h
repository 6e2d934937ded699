//===- TestPackage.h - A package built from text, analysed hermetically ---===//
//
// Like clangd's TestTU: files go into an in-memory overlay, the headers come
// from the fake SDK and sysroot under tests/fixtures (and Clang's resource
// directory), and run() analyses one package for the chosen targets with
// the server's own pipeline, cache and header index.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Analysis.h"
#include "core/LineTable.h"
#include "cunit/HeaderIndex.h"

#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <string>
#include <vector>

namespace cgols::test {

struct TestPackage {
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> Mem =
      llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
          llvm::vfs::getRealFileSystem());
  AnalysisOptions O;
  PreambleCache Cache;
  HeaderIndex Headers;
  std::map<std::string, std::string> Texts;
  /// Runs each compile instead of this process (AnalysisServices::Compile).
  CompileFunction Compile;

  TestPackage(std::vector<std::string> Targets = {"darwin/arm64",
                                                  "linux/amd64"}) {
    FS->pushOverlay(Mem);
    for (const std::string &T : Targets)
      O.Targets.push_back(*parseTarget(T));
    O.DarwinSDK = CGOLS_TEST_FIXTURES "/sdk/MacOSX.sdk";
    O.LinuxSysroot = CGOLS_TEST_FIXTURES "/linux-sysroot";
    O.ResourceDir = CGOLS_CLANG_RESOURCE_DIR;
  }
  void file(const std::string &Path, const std::string &Text) {
    Texts[Path] = Text;
    Mem->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text));
  }
  PackageResult run(const std::string &Dir = "/ws/a") {
    Package P = makePackage(Dir, readPackageFiles(*FS, Dir), O.GoVer);
    AnalysisServices S;
    S.Cache = &Cache;
    S.Headers = &Headers;
    std::optional<FunctionCompiler> C;
    if (Compile)
      S.Compile = &C.emplace(Compile);
    return analyzePackage(P, O, FS, S);
  }
  // "line:col" (1-based) of an offset in a file.
  std::string at(const Location &L) {
    LineTable T(Texts[L.File]);
    auto LC = T.lineCol(L.Begin);
    return std::to_string(LC.Line + 1) + ":" + std::to_string(LC.Col + 1);
  }
};

} // namespace cgols::test
