//===- Features.h - Hover, definition, completion, signatures, outline ----===//
//
// The C-name features as a service of the Server: each request is resolved
// against the latest analysis of the file's package (FileView), rendered
// (analyzers/features/CNames) and returned as the LSP's types. A name the
// analysis recorded is answered at once, on the caller's thread; a name it
// knows only by name (declared in a header that the preamble includes
// through another) needs one more compile, which runs on this service's own
// thread, so that the dispatcher goes on with edits meanwhile. Completion
// and the outline never compile.
//
// Threads: called from the LSP dispatcher; answers come on the caller's
// thread or on the service's pool. The described-symbol cache has its own
// lock.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Document.h"
#include "Workspace.h"
#include "features/CNames.h"
#include "protocol/Protocol.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

/// A pool of threads for requests (LLVM renamed it in 19).
#if LLVM_VERSION_MAJOR >= 19
using RequestPool = llvm::DefaultThreadPool;
#else
using RequestPool = llvm::ThreadPool;
#endif

class CNameFeatures {
public:
  /// The latest analysis of a file's package, if any.
  using ViewFn = std::function<std::optional<FileView>(const std::string &)>;
  /// Compiles a request of a unit of the package in Dir, now, with the
  /// editor's open documents (in a worker when there are workers).
  using CompileNowFn =
      std::function<CompileResult(const CompileRequest &, const std::string &)>;
  CNameFeatures(ViewFn View, CompileNowFn Compile,
                llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);
  ~CNameFeatures();

  struct Request {
    std::string Path;
    protocol::Position Pos;
    PositionEncoding Enc = PositionEncoding::UTF16;
    /// Set when the client cancelled the request: a compile not yet begun
    /// is skipped, and the answer is nullopt.
    std::shared_ptr<const std::atomic<bool>> Cancelled;
  };
  template <class T> using Answer = std::function<void(std::optional<T>)>;

  void hover(Request Q, Answer<protocol::Hover> Done);
  void definition(Request Q, Answer<std::vector<protocol::Location>> Done);
  void signatureHelp(Request Q, Answer<protocol::SignatureHelp> Done);
  protocol::CompletionList completion(const Request &Q);
  std::vector<protocol::DocumentSymbol> documentSymbols(const std::string &Path,
                                                        PositionEncoding Enc);

  /// What Name is, per target, for a name the analysis knows only by name:
  /// the file's preamble is compiled once more, recording just that name.
  /// Answers are kept for the units they came from.
  std::vector<SymbolOnTargets> describe(const FileView &V,
                                        const std::string &Name);
  /// Whether describe() has anything to look at: some unit of V's file
  /// declares Name.
  static bool canDescribe(const FileView &V, const std::string &Name);
  /// Forgets described symbols (no file open any more).
  void clear();
  /// Waits until no request is running on the pool.
  void wait() { Pool.wait(); }

private:
  ViewFn View;
  CompileNowFn Compile;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  struct At {
    FileView V;
    std::string Path;
    std::size_t Offset = 0;
    PositionEncoding Enc;
  };
  std::optional<At> resolve(const Request &Q);
  /// Calls Then with what Name is: at once when the analysis recorded it
  /// (or nothing declares it), else on the pool after describe().
  void withSymbols(
      At A, const Request &Q, const std::string &Name,
      std::function<void(const At &, const std::vector<SymbolOnTargets> &)>
          Then,
      std::function<void()> Cancelled);
  /// A declaration's place in a header as an LSP location (Clang's line
  /// and byte column, through the header's text).
  protocol::Location headerLocation(const CLocation &L, PositionEncoding Enc);

  std::mutex DescribeM;
  /// Described symbols per (unit, name). The unit is held weakly, so that
  /// the cache keeps no compile result alive; bounded: cleared past 256.
  struct DescribedSymbol {
    std::weak_ptr<const CompileResult> Unit;
    std::optional<CSymbol> Symbol;
  };
  std::map<std::pair<const CompileResult *, std::string>, DescribedSymbol>
      Described;
  /// Last member: destroyed (and waited for) first.
  RequestPool Pool{llvm::hardware_concurrency(1)};
};

} // namespace cgols
