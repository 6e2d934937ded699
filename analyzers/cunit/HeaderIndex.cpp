//===- HeaderIndex.cpp - Which system header declares a name --------------===//
#include "HeaderIndex.h"

#include "llvm/Support/Path.h"

#include <algorithm>
#include <array>

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

std::vector<std::string> HeaderIndex::headersDeclaring(
    const std::string &Name, const CompileRequest &Base,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  std::string Dir = includeDir(Base);
  std::string Key = Base.T.clangTriple() + "\n" + Dir;
  std::lock_guard<std::mutex> L(M);
  auto It = ByKey.find(Key);
  if (It == ByKey.end()) {
    std::map<std::string, std::vector<std::string>> Index;
    std::vector<std::string> Headers;
    std::error_code EC;
    for (llvm::vfs::directory_iterator D = FS->dir_begin(Dir, EC), End;
         D != End && !EC; D.increment(EC))
      if (llvm::StringRef(D->path()).ends_with(".h") &&
          D->type() != llvm::sys::fs::file_type::directory_file)
        Headers.push_back(std::string(llvm::sys::path::filename(D->path())));
    std::sort(Headers.begin(), Headers.end());
    for (const std::string &H : Headers) {
      CompileRequest R = Base;
      R.Preamble = "#include <" + H + ">\n";
      R.RecordNameFiles = true;
      R.Flags.clear();
      CompileResult C = compilePreamble(R, FS);
      for (const auto &[N, File] : C.NameFiles)
        if (llvm::sys::path::filename(File) == H &&
            llvm::sys::path::parent_path(File) == Dir) {
          auto &V = Index[N];
          if (std::find(V.begin(), V.end(), H) == V.end())
            V.push_back(H);
        }
    }
    for (auto &[N, V] : Index)
      std::stable_sort(
          V.begin(), V.end(), [](const std::string &A, const std::string &B) {
            bool SA = isCStandardHeader(A), SB = isCStandardHeader(B);
            if (SA != SB)
              return SA;
            return A.size() < B.size();
          });
    It = ByKey.emplace(Key, std::move(Index)).first;
  }
  auto N = It->second.find(Name);
  if (N == It->second.end())
    return {};
  return N->second;
}

} // namespace cgols
