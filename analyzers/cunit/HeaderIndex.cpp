//===- HeaderIndex.cpp - Which system header declares a name --------------===//
#include "HeaderIndex.h"

#include "core/Files.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

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

// What the quick index compiles: the C standard headers and POSIX ones
// that every C library has and that coexist in one file.
const char *const QuickHeaders[] = {
    "assert.h",   "complex.h", "ctype.h",  "errno.h",   "fenv.h",    "float.h",
    "inttypes.h", "limits.h",  "locale.h", "math.h",    "setjmp.h",  "signal.h",
    "stdarg.h",   "stdbool.h", "stddef.h", "stdint.h",  "stdio.h",   "stdlib.h",
    "string.h",   "time.h",    "wchar.h",  "wctype.h",  "strings.h", "unistd.h",
    "fcntl.h",    "dirent.h",  "dlfcn.h",  "pthread.h", "poll.h",    "sched.h",
    "termios.h",  "netdb.h",   "syslog.h", "pwd.h",     "grp.h"};

// Best first: C standard headers before others, then shorter names.
void sortBest(std::map<std::string, std::vector<std::string>> &Names) {
  for (auto &[N, V] : Names)
    std::stable_sort(
        V.begin(), V.end(), [](const std::string &A, const std::string &B) {
          bool SA = isCStandardHeader(A), SB = isCStandardHeader(B);
          if (SA != SB)
            return SA;
          return A.size() < B.size();
        });
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
  sortBest(Out);
  return Out;
}

HeaderIndex::Index
HeaderIndex::buildQuick(const CompileRequest &Base,
                        llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                        const Hooks &With) {
  std::string Dir = includeDir(Base);
  CompileRequest R = Base;
  R.Preamble.clear();
  for (const char *H : QuickHeaders)
    if (FS->exists(Dir + "/" + H))
      R.Preamble += std::string("#include <") + H + ">\n";
  Index Out;
  if (R.Preamble.empty())
    return Out;
  R.RecordNameFiles = true;
  R.CollectSymbols = false;
  R.SymbolNames.clear();
  R.Flags.clear();
  CompileResult Res =
      With.Compile ? With.Compile(R, With.Stop) : compilePreamble(R, FS);
  for (const auto &[N, File] : Res.NameFiles)
    if (llvm::sys::path::parent_path(File) == Dir) {
      std::string H(llvm::sys::path::filename(File));
      if (std::find_if(std::begin(QuickHeaders), std::end(QuickHeaders),
                       [&](const char *Q) { return H == Q; }) !=
          std::end(QuickHeaders))
        Out[N] = {H};
    }
  return Out;
}

namespace {
std::string keyOf(const CompileRequest &Base) {
  return Base.T.clangTriple() + "\n" + includeDir(Base);
}

constexpr llvm::StringLiteral CacheMagic = "cgols header index 1";

// The headers' names, sizes and modification times: an index on disk is
// good while they are the same.
std::string stampOf(const CompileRequest &Base, llvm::vfs::FileSystem &FS) {
  std::string Dir = includeDir(Base);
  std::vector<std::string> Lines;
  std::error_code EC;
  for (llvm::vfs::directory_iterator D = FS.dir_begin(Dir, EC), End;
       D != End && !EC; D.increment(EC))
    if (llvm::StringRef(D->path()).ends_with(".h"))
      if (auto St = FS.status(D->path()))
        Lines.push_back(
            std::string(llvm::sys::path::filename(D->path())) + ":" +
            std::to_string(St->getSize()) + ":" +
            std::to_string(
                St->getLastModificationTime().time_since_epoch().count()));
  std::sort(Lines.begin(), Lines.end());
  std::string Out;
  for (const std::string &L : Lines)
    Out += L + ";";
  return Out;
}

std::string cacheFile(const std::string &Dir, const CompileRequest &Base) {
  // One file per target, include directory and Clang (its version and
  // builtin headers decide what the headers declare).
  return Dir + "/headers-" +
         llvm::utohexstr(llvm::xxHash64(keyOf(Base) + "\n" + Base.ResourceDir +
                                        "\n" + LLVM_VERSION_STRING)) +
         ".idx";
}
} // namespace

void HeaderIndex::setCacheDirectory(std::string Dir) {
  std::lock_guard<std::mutex> L(M);
  CacheDir = std::move(Dir);
}

HeaderIndex::Counts HeaderIndex::counts() {
  std::lock_guard<std::mutex> L(M);
  return Count;
}

void HeaderIndex::loadOnce(Entry &E, const CompileRequest &Base,
                           llvm::vfs::FileSystem &FS) {
  if (E.Built || E.DiskTried || CacheDir.empty())
    return;
  E.DiskTried = true;
  auto B = llvm::MemoryBuffer::getFile(cacheFile(CacheDir, Base),
                                       /*IsText=*/true);
  if (!B)
    return;
  llvm::StringRef Text = (*B)->getBuffer();
  auto [Magic, Rest] = Text.split('\n');
  auto [Stamp, Body] = Rest.split('\n');
  if (Magic != CacheMagic || Stamp != stampOf(Base, FS))
    return; // another format, or the headers changed: built again
  Index Names;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Body.split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    llvm::SmallVector<llvm::StringRef, 4> Fields;
    Line.split(Fields, '\t');
    if (Fields.size() < 2)
      return; // damaged: built again
    auto &V = Names[Fields[0].str()];
    for (std::size_t I = 1; I < Fields.size(); ++I)
      V.push_back(Fields[I].str());
  }
  E.Names = std::move(Names);
  E.Built = true;
  ++Count.DiskLoads;
}

void HeaderIndex::save(const Index &Names, const CompileRequest &Base,
                       llvm::vfs::FileSystem &FS) {
  std::string Dir;
  {
    std::lock_guard<std::mutex> L(M);
    Dir = CacheDir;
  }
  if (Dir.empty() || Names.empty() || llvm::sys::fs::create_directories(Dir))
    return;
  std::string Stamp = stampOf(Base, FS);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << CacheMagic << '\n' << Stamp << '\n';
  for (const auto &[N, V] : Names) {
    OS << N;
    for (const std::string &H : V)
      OS << '\t' << H;
    OS << '\n';
  }
  // Not written: no cache, and the index is built again next time.
  writeFileAtomically(cacheFile(Dir, Base), OS.str());
}

void HeaderIndex::prepare(const CompileRequest &Base,
                          llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  std::string Key = keyOf(Base);
  Hooks With;
  {
    std::lock_guard<std::mutex> L(M);
    if (!H.Run)
      return;
    Entry &E = ByKey[Key];
    loadOnce(E, Base, *FS);
    if (E.Built || E.Building)
      return;
    E.Building = true;
    With = H;
  }
  With.Run([this, Key, Base, FS, With] {
    Index Names = build(Base, FS, With);
    bool Stopped = With.Stop && *With.Stop;
    if (!Stopped)
      save(Names, Base, *FS);
    {
      std::lock_guard<std::mutex> L(M);
      Entry &E = ByKey[Key];
      E.Building = false;
      // A build cut short is not an index: the next prepare starts again.
      if (!Stopped) {
        E.Built = true;
        E.Names = std::move(Names);
        E.Quick.clear();
        ++Count.Builds;
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
  Entry &E = ByKey[Key];
  loadOnce(E, Base, *FS);
  const Index *Names = &E.Names;
  if (!E.Built && H.Run) {
    // The full index is built in the background once the analysis is
    // published (prepare), never from here: its progress must not come
    // before the diagnostics. Meanwhile, the quick index (built here once,
    // under the lock: concurrent lookups wait for it).
    if (!E.QuickBuilt) {
      E.Quick = buildQuick(Base, FS, H);
      E.QuickBuilt = true;
      ++Count.QuickBuilds;
    }
    Names = &E.Quick;
  } else if (!E.Built) {
    // Built here, under the lock: concurrent lookups wait for this one.
    E.Names = build(Base, FS, H);
    E.Built = true;
    ++Count.Builds;
    L.unlock();
    save(E.Names, Base, *FS);
    L.lock();
  }
  auto N = Names->find(Name);
  if (N == Names->end())
    return {};
  return N->second;
}

} // namespace cgols
