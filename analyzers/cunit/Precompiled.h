//===- Precompiled.h - Compiles over a precompiled #include block ---------===//
//
// Internal to cunit/: the compile of a preamble over a precompiled
// preamble of its #include block, built in or reused from a
// PrecompiledStore (see docs/architecture.md, "Precompiled preambles").
//
//===----------------------------------------------------------------------===//
#pragma once

#include "PreambleCompiler.h"

#include <optional>
#include <string>
#include <vector>

namespace cgols::detail {

/// A preamble's compile over a precompiled preamble of its #include block
/// (built or reused in Store); nothing when that does not apply: no Store,
/// not asked for (Precompile), a .c file, the header index's or a deep
/// hover's compile, no block, or flags the driver rejects (the plain
/// compile then reports them).
std::optional<SplitResult>
compileOverPCH(const CompileRequest &Req, const std::vector<std::string> &Args,
               const std::string &MainPath, const std::string &Dir,
               llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
               PrecompiledStore *Store);

} // namespace cgols::detail
