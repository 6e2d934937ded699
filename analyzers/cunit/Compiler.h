//===- Compiler.h - Where a compile runs ----------------------------------===//
//
// One interface for running a compile: in this process over a file system
// (InProcessCompiler, which keeps precompiled #include blocks in a
// PrecompiledStore), or in a compile worker process with a time and memory
// limit (WorkerCompiler, server/CompileWorkers.h). The analysis, the
// header index and the features' one more compile take a Compiler.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "PreambleCompiler.h"

#include <atomic>
#include <utility>

namespace cgols {

class Compiler {
public:
  virtual ~Compiler() = default;
  /// Compiles Req; polls Cancelled (may be null). Thread-safe.
  virtual CompileResult compile(const CompileRequest &Req,
                                const std::atomic<bool> *Cancelled) = 0;
  /// How many compiles are worth running at once.
  virtual unsigned parallelism() const { return 1; }
};

/// Clang in this process, over FS: for tests and tools (a crash here is the
/// process's).
class InProcessCompiler final : public Compiler {
public:
  InProcessCompiler(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                    PrecompiledStore *Store = nullptr)
      : FS(std::move(FS)), Store(Store) {}
  CompileResult compile(const CompileRequest &Req,
                        const std::atomic<bool> *) override {
    return compilePreamble(Req, FS, Store);
  }

private:
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS;
  PrecompiledStore *Store;
};

/// A compile function as a Compiler (tests stand in for workers with one).
class FunctionCompiler final : public Compiler {
public:
  explicit FunctionCompiler(CompileFunction F, unsigned Parallelism = 1)
      : F(std::move(F)), Parallelism(Parallelism) {}
  CompileResult compile(const CompileRequest &Req,
                        const std::atomic<bool> *Cancelled) override {
    return F(Req, Cancelled);
  }
  unsigned parallelism() const override { return Parallelism; }

private:
  CompileFunction F;
  unsigned Parallelism;
};

} // namespace cgols
