//===- Options.h - What the analysis is given besides the files -----------===//
//
// Toolchain facts and settings as plain data; the server fills them from its
// probes and settings, tests from literals.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "cgo/CgoDirective.h"
#include "gobuild/Target.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cgols {

/// What `pkg-config --cflags [--flags] -- PKGS` printed, or why it failed.
struct PkgConfigOutput {
  bool Ok = false;
  /// false: the program could not be started (not installed).
  bool Started = true;
  std::string Out;
  std::string Error; ///< stderr, or why the program could not run
};

/// Toolchain facts and settings the analysis needs, as plain data.
struct AnalysisOptions {
  std::vector<Target> Targets;
  /// The macOS SDK for darwin targets (-isysroot); empty: not available.
  std::string DarwinSDK;
  /// The sysroot for linux targets; empty: the host's own headers.
  std::string LinuxSysroot;
  std::string HostGOOS = "linux";
  /// The targets are cgols's defaults (the host and darwin/arm64), not the
  /// user's: a darwin target off a Mac without an SDK is then information,
  /// not a warning.
  bool DefaultTargets = false;
  std::string HostGOARCH = "amd64";
  std::string ResourceDir;
  std::string ClangPath;
  /// CGO_CPPFLAGS and CGO_CFLAGS of the environment (cmd/go's defaults
  /// apply when unset: CGO_CFLAGS="-g -O2").
  std::vector<std::string> EnvCPPFLAGS;
  std::vector<std::string> EnvCFLAGS = {"-g", "-O2"};
  /// CGO_LDFLAGS of the environment (for the link check).
  std::vector<std::string> EnvLDFLAGS;
  /// Extra flags from the settings, after everything else.
  std::vector<std::string> ExtraFlags;
  go::GoVersion GoVer;
  /// CGO_<KIND>_ALLOW and CGO_<KIND>_DISALLOW from the environment.
  std::map<std::string, std::string> CgoFlagEnv;
  /// Runs pkg-config with these arguments in a directory (the server's
  /// Environment does it); unset: #cgo pkg-config lines are not resolved.
  std::function<PkgConfigOutput(const std::vector<std::string> &Args,
                                const std::string &Dir)>
      PkgConfig;
  /// Why pkg-config cannot run (an untrusted workspace); then #cgo
  /// pkg-config lines are reported as unresolved, once per package.
  std::string PkgConfigUnavailable;
  /// Record what the preambles' names are, for hover and completion (the
  /// language server); `cgols check` has no use for it.
  bool CollectSymbols = false;
  /// When set: compile only this file's preamble (no other preamble, no .c
  /// or .m file) and leave out what needs the whole package (the link
  /// check). The server's first look at a big package, so that the file
  /// the user opened gets its diagnostics before the others compile.
  std::string FocusFile;
  /// The Go files open in the editor: their preambles are compiled over a
  /// precompiled #include block (CompileRequest::Precompile), which their
  /// next edits reuse. Others (the rest of a package, `cgols check`) are
  /// compiled once and plainly: building a block costs more than it saves.
  std::set<std::string> EditedFiles;
  /// GOMODCACHE (empty: imports are looked for in the module and the
  /// workspace only) and GOWORK=off, for finding the packages a package
  /// imports.
  std::string GoModCache;
  bool GoWorkOff = false;
  /// GOPATH's entries (GOPATH mode, where no go.mod is above a package).
  std::vector<std::string> GoPath;
  /// Diagnostic codes turned off by the cgols.checks setting.
  std::set<std::string> DisabledCodes;
};

} // namespace cgols
