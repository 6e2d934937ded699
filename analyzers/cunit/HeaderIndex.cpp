//===- HeaderIndex.cpp - Which system header declares a name --------------===//
#include "HeaderIndex.h"

#include "llvm/Support/Path.h"

#include <algorithm>
#include <array>
#include <thread>

namespace cgols {
namespace {

// The headers of the C standard library (C11 7.1.2 and C17).
bool isCStandardHeader(const std::string &H) {
  static const std::array<const char *, 29> Std = {
      "assert.h",    "complex.h",     "ctype.h",  "errno.h",    "fenv.h",
      "float.h",     "inttypes.h",    "iso646.h", "limits.h",   "locale.h",
      "math.h",      "setjmp.h",      "signal.h", "stdalign.h", "stdarg.h",
      "stdatomic.h", "stdbool.h",     "stddef.h", "stdint.h",   "stdio.h",
      "stdlib.h",    "stdnoreturn.h", "string.h", "tgmath.h",   "threads.h",
      "time.h",      "uchar.h",       "wchar.h",  "wctype.h"};
  return std::find(Std.begin(), Std.end(), H) != Std.end();
}

std::string includeDir(const CompileRequest &B) {
  std::string Root = B.Sysroot;
  while (!Root.empty() && Root.back() == '/')
    Root.pop_back();
  return Root + "/usr/include";
}

} // namespace

void HeaderIndex::setHooks(Hooks New) {
  std::lock_guard<std::mutex> L(M);
  H = std::move(New);
}

HeaderIndex::Index
HeaderIndex::build(const CompileRequest &Base,
                   llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                   const Hooks &With) {
  std::string Dir = includeDir(Base);
  std::vector<std::string> Headers;
  std::error_code EC;
  for (llvm::vfs::directory_iterator D = FS->dir_begin(Dir, EC), End;
       D != End && !EC; D.increment(EC))
    if (llvm::StringRef(D->path()).ends_with(".h") &&
        D->type() != llvm::sys::fs::file_type::directory_file)
      Headers.push_back(std::string(llvm::sys::path::filename(D->path())));
  std::sort(Headers.begin(), Headers.end());
  // Each header's names, compiled Parallelism at a time.
  std::vector<CompileResult> Results(Headers.size());
  std::atomic<std::size_t> Next{0}, Done{0};
  std::mutex ProgressM;
  auto Work = [&] {
    for (std::size_t I; (I = Next++) < Headers.size();) {
      if (With.Stop && *With.Stop)
        return;
      CompileRequest R = Base;
      R.Preamble = "#include <" + Headers[I] + ">\n";
      R.RecordNameFiles = true;
      R.CollectSymbols = false;
      R.SymbolNames.clear();
      R.Flags.clear();
      Results[I] =
          With.Compile ? With.Compile(R, With.Stop) : compilePreamble(R, FS);
      std::size_t N = ++Done;
      if (With.Progress) {
        std::lock_guard<std::mutex> L(ProgressM);
        With.Progress(Base.T.name(), static_cast<unsigned>(N),
                      static_cast<unsigned>(Headers.size()));
      }
    }
  };
  if (With.Progress && !Headers.empty())
    With.Progress(Base.T.name(), 0, static_cast<unsigned>(Headers.size()));
  std::vector<std::thread> Threads;
  for (unsigned T = 1; T < std::max(1u, With.Parallelism); ++T)
    Threads.emplace_back(Work);
  Work();
  for (std::thread &T : Threads)
    T.join();
  Index Out;
  for (std::size_t I = 0; I < Headers.size(); ++I)
    for (const auto &[N, File] : Results[I].NameFiles)
      if (llvm::sys::path::filename(File) == Headers[I] &&
          llvm::sys::path::parent_path(File) == Dir) {
        auto &V = Out[N];
        if (std::find(V.begin(), V.end(), Headers[I]) == V.end())
          V.push_back(Headers[I]);
      }
  for (auto &[N, V] : Out)
    std::stable_sort(
        V.begin(), V.end(), [](const std::string &A, const std::string &B) {
          bool SA = isCStandardHeader(A), SB = isCStandardHeader(B);
          if (SA != SB)
            return SA;
          return A.size() < B.size();
        });
  return Out;
}

namespace {
std::string keyOf(const CompileRequest &Base) {
  return Base.T.clangTriple() + "\n" + includeDir(Base);
}
} // namespace

void HeaderIndex::prepare(const CompileRequest &Base,
                          llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  std::string Key = keyOf(Base);
  Hooks With;
  {
    std::lock_guard<std::mutex> L(M);
    if (!H.Run)
      return;
    Entry &E = ByKey[Key];
    if (E.Built || E.Building)
      return;
    E.Building = true;
    With = H;
  }
  With.Run([this, Key, Base, FS, With] {
    Index Names = build(Base, FS, With);
    bool Stopped = With.Stop && *With.Stop;
    {
      std::lock_guard<std::mutex> L(M);
      Entry &E = ByKey[Key];
      E.Building = false;
      // A build cut short is not an index: the next prepare starts again.
      if (!Stopped) {
        E.Built = true;
        E.Names = std::move(Names);
      }
    }
    if (!Stopped && With.Ready)
      With.Ready();
  });
}

std::vector<std::string> HeaderIndex::headersDeclaring(
    const std::string &Name, const CompileRequest &Base,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  std::string Key = keyOf(Base);
  std::unique_lock<std::mutex> L(M);
  if (H.Run) {
    // The server starts the build once the analysis is published
    // (prepare): a lookup in the middle of an analysis does not, so that
    // the index's progress never comes before the diagnostics.
    auto It = ByKey.find(Key);
    if (It == ByKey.end() || !It->second.Built)
      return {};
  } else if (!ByKey[Key].Built) {
    // Built here, under the lock: concurrent lookups wait for this one.
    Entry &E = ByKey[Key];
    E.Names = build(Base, FS, H);
    E.Built = true;
  }
  const Index &Names = ByKey[Key].Names;
  auto N = Names.find(Name);
  if (N == Names.end())
    return {};
  return N->second;
}

} // namespace cgols
