//===- PkgConfig.h - #cgo pkg-config: as the go command resolves it -------===//
//
// A pipeline stage (check id cgo-pkg-config reports its findings).
//
// What: the packages of a target's #cgo pkg-config lines are resolved the
// way cmd/go does (pkg-config --cflags -- PKGS, its output split and checked
// by the flag allowlist, then added to CPPFLAGS). A package pkg-config does
// not know is reported once, at the #cgo line, instead of as a missing
// header in every file.
// Why: on a machine without the library's development files, go build stops
// with "Package cairo was not found in the pkg-config search path".
// Options (an argument that begins with '-', such as --log-file=PATH or
// --with-path=DIR) are never passed to pkg-config: they let a repository
// write files or feed its own .pc files to the compiler (CVE-2025-61731).
// The go command rejects them since Go 1.24.12 and 1.25.6 (an error there; a
// warning for older Go, which still passes them).
// When pkg-config cannot answer (an untrusted workspace, a darwin target on
// a Linux host, or it failed), the preambles are still compiled, without its
// flags: the headers then not found are said once per package and target,
// as a consequence of the line, and every other finding stands.
// Example: // #cgo pkg-config: cairo  (without libcairo2-dev installed)
// Fix: install the package that provides cairo.pc, or set PKG_CONFIG_PATH;
// remove pkg-config options from the #cgo line.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "checks/Check.h"

#include <string>
#include <vector>

namespace cgols {

/// cmd/go's splitPkgConfigOutput.
std::vector<std::string> splitPkgConfigOutput(const std::string &Out);

struct PkgConfigFlags {
  /// false: pkg-config did not answer (untrusted, another target, it
  /// failed); the preambles are compiled without its flags and the headers
  /// then not found are its consequence (one information, not an error).
  bool Resolved = true;
  /// The first #cgo pkg-config argument (where that information goes).
  const FlagArg *Line = nullptr;
  /// Set when pkg-config itself could not run (not installed): the machine
  /// cannot check this target as go build would build it.
  std::string NotRun;
  std::vector<std::string> CFlags;
  /// `pkg-config --libs -- PKGS` (for the link check); LibsKnown is false
  /// when there were packages and it failed.
  std::vector<std::string> Libs;
  bool LibsKnown = true;
};

/// Resolves V's pkg-config packages; problems go to Out.
PkgConfigFlags resolvePkgConfig(const Package &P, const TargetView &V,
                                const AnalysisOptions &O,
                                std::vector<Diagnostic> &Out);

/// The headers a compile did not find ("gtk/gtk.h"), in order, each once.
std::vector<std::string> headersNotFound(const CompileResult &R);

} // namespace cgols
