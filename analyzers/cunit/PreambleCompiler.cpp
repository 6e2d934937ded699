//===- PreambleCompiler.cpp - Compile a cgo preamble in memory ------------===//
//
// Design. The preamble is compiled as cmd/cgo's gccErrors compiles it: the
// command line is cgo's base (clang -w-less, -Wno-error is not needed since we
// report warnings as warnings), -ferror-limit=0, -fno-builtin, -xc, then the
// package's flags, so a user's `-x objective-c` wins as it does for cgo. cgo
// feeds the prolog and the preamble on standard input from the package
// directory; we put the preamble in a virtual file in that directory, so that
// #include "x.h" resolves the same way, and -include the prolog from a
// virtual file. Both live in an in-memory layer over the caller's VFS.
//
// Unlike cgo, a missing header is made a plain error rather than a fatal
// one, so Clang goes on: one missing header must not hide other mistakes.
//
//===----------------------------------------------------------------------===//
#include "PreambleCompiler.h"
#include "Collect.h"
#include "Precompiled.h"

#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>

namespace cgols {

using namespace detail;

const char *const CgoBuiltinProlog = R"(#include <stddef.h>

/* Define intgo when compiling with GCC.  */
typedef ptrdiff_t intgo;

#define GO_CGO_GOSTRING_TYPEDEF
typedef struct { const char *p; intgo n; } _GoString_;
typedef struct { char *p; intgo n; intgo c; } _GoBytes_;
_GoString_ GoString(char *p);
_GoString_ GoStringN(char *p, int l);
_GoBytes_ GoBytes(void *p, int n);
char *CString(_GoString_);
void *CBytes(_GoBytes_);
void *_CMalloc(size_t);

__attribute__ ((unused))
static size_t _GoStringLen(_GoString_ s) { return (size_t)s.n; }

__attribute__ ((unused))
static const char *_GoStringPtr(_GoString_ s) { return s.p; }
)";

namespace {
constexpr const char *PrologPath = "/__cgols__/cgo-builtin-prolog.h";
} // namespace

std::uint64_t contentHash(llvm::StringRef Text) { return llvm::xxHash64(Text); }

namespace {
template <class T> struct IsVector : std::false_type {};
template <class T> struct IsVector<std::vector<T>> : std::true_type {};
template <class A, class B>
struct IsVector<std::pair<A, B>> : std::false_type {};

// What V holds outside its own object (strings' and vectors' heap bytes),
// over the field lists; small strings count as nothing.
template <class T> std::size_t heapBytes(const T &V) {
  if constexpr (std::is_same_v<T, std::string>) {
    return V.size() > 15 ? V.capacity() + 1 : 0;
  } else if constexpr (std::is_same_v<T, NameList>) {
    return V.bytes();
  } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
    return V.size() / 8;
  } else if constexpr (IsVector<T>::value) {
    std::size_t N = 0;
    for (const auto &E : V)
      N += sizeof(E) + heapBytes(E);
    return N;
  } else if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
    return 0;
  } else if constexpr (fields::Listed<T>) {
    std::size_t N = 0;
    fields::forEach(V, [&](const char *, const auto &F) { N += heapBytes(F); });
    return N;
  } else { // a pair
    return heapBytes(V.first) + heapBytes(V.second);
  }
}
} // namespace

std::size_t approximateBytes(const CompileResult &R) {
  return sizeof(R) + heapBytes(R);
}

namespace {

std::vector<std::string> compileArgs(const CompileRequest &Req,
                                     const std::string &MainPath) {
  bool Source = !Req.SourcePath.empty();
  std::vector<std::string> Args = {
      Req.ClangPath.empty() ? "clang" : Req.ClangPath,
      "-fsyntax-only",
      "-target",
      Req.T.clangTriple(),
      "-ferror-limit=0",
      "-fno-caret-diagnostics",
      "-Wno-unknown-warning-option",
      // cgols's own -target (the go command passes -arch) must not produce
      // diagnostics: with a package's -mmacosx-version-min, clang warns that
      // the one overrides the other (-Woverriding-t-option in clang 16,
      // -Woverriding-option since 17).
      "-Wno-overriding-t-option",
      "-Wno-overriding-option",
      "-Wno-unneeded-internal-declaration",
      "-Wno-unused-function",
      "-Qunused-arguments",
      "-fno-builtin",
      "-O0",
  };
  // Plain comments above a declaration become its documentation (hover).
  if (Req.CollectSymbols && !Source)
    Args.push_back("-fparse-all-comments");
  if (!Req.ResourceDir.empty()) {
    Args.push_back("-resource-dir");
    Args.push_back(Req.ResourceDir);
  }
  if (!Req.Sysroot.empty()) {
    Args.push_back(Req.T.isDarwin() ? "-isysroot" : "--sysroot");
    Args.push_back(Req.Sysroot);
  }
  if (!Source) {
    Args.push_back("-include");
    Args.push_back(PrologPath);
    Args.push_back("-xc");
  }
  for (const std::string &F : Req.Flags)
    Args.push_back(F);
  Args.push_back(MainPath);
  return Args;
}

// ---- Precompiled preambles -------------------------------------------------
//
} // namespace

std::uint64_t preambleAffinity(const CompileRequest &Req, bool *HasBlock) {
  // The directory, not the file: a block is shared by the files of a
  // package that start with it.
  std::string Key = Req.SourcePath + '\0' + Req.T.clangTriple() + '\0' +
                    Req.Sysroot + '\0' +
                    llvm::sys::path::parent_path(Req.GoFilePath).str() + '\0';
  for (const std::string &F : Req.Flags)
    Key += F + '\0';
  unsigned Block = 0;
  if (Req.SourcePath.empty()) {
    clang::LangOptions LO;
    Block = clang::Lexer::ComputePreamble(Req.Preamble, LO).Size;
    Key.append(Req.Preamble, 0, Block);
  }
  if (HasBlock)
    *HasBlock = Block > 0;
  return contentHash(Key);
}

SplitResult
compilePreambleSplit(const CompileRequest &Req,
                     llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                     PrecompiledStore *Store) {
  bool Source = !Req.SourcePath.empty();
  std::string Dir = std::string(
      llvm::sys::path::parent_path(Source ? Req.SourcePath : Req.GoFilePath));
  std::string MainPath =
      Source ? Req.SourcePath : Req.GoFilePath + ".cgo-preamble.c";

  auto Mem = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  if (!Source)
    Mem->addFile(MainPath, 0,
                 llvm::MemoryBuffer::getMemBufferCopy(Req.Preamble));
  Mem->addFile(PrologPath, 0,
               llvm::MemoryBuffer::getMemBufferCopy(CgoBuiltinProlog));
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(FS);
  Overlay->pushOverlay(Mem);
  // The package directory reaches Clang as FileSystemOptions::WorkingDir.
  // Never set the VFS's working directory: on the real file system that is
  // a chdir of the whole process.
  std::vector<std::string> Args = compileArgs(Req, MainPath);
  if (std::optional<SplitResult> R =
          compileOverPCH(Req, Args, MainPath, Dir, Overlay, Store))
    return std::move(*R);

  SplitResult Out;
  CompileResult &R = Out.Body;
  clang::FileSystemOptions FSO;
  FSO.WorkingDir = Dir;
  llvm::IntrusiveRefCntPtr<clang::FileManager> Files(
      new clang::FileManager(FSO, Overlay));
  Collector C(R, MainPath);
  auto Act = std::make_unique<PreambleAction>(
      R, Req.RecordNameFiles, Req.CollectSymbols && !Source, Req.SymbolNames);
  if (!Source)
    Act->setGoNames(Req.GoNames);
  clang::tooling::ToolInvocation Inv(Args, std::move(Act), Files.get());
  Inv.setDiagnosticConsumer(&C);
  // A failed run reports its reasons as (driver) diagnostics, collected above.
  Inv.run();
  for (const CDiagnostic &D : R.Diags)
    R.MissingHeader = R.MissingHeader || D.isFileNotFound;
  return Out;
}

CompileResult
compilePreamble(const CompileRequest &Req,
                llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                PrecompiledStore *Store) {
  SplitResult S = compilePreambleSplit(Req, FS, Store);
  if (!S.Part)
    return std::move(S.Body);
  return mergePrecompiled(*S.Part, std::move(S.Body), S.Facts);
}

} // namespace cgols
