//===- Flags.h - The go command's verdict on #cgo flags -------------------===//
//
// A pipeline stage (Analysis.cpp runs it once per target, before any
// compile): every flag of a package's #cgo CPPFLAGS, CFLAGS, CXXFLAGS,
// FFLAGS and LDFLAGS judged as cmd/go's checkFlags judges it, with
// CGO_<KIND>_ALLOW and CGO_<KIND>_DISALLOW from the environment. The
// verdicts (FlagVerdicts) feed the compile line (compileOnlyFlags), the
// pkg-config output check and the flag-allowlist check's diagnostics.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "checks/Check.h"

#include <optional>
#include <string>
#include <vector>

namespace cgols {

enum class FlagKind { Compiler, Linker };

struct FlagProblem {
  std::size_t Index = 0; ///< the offending flag
  bool WithNext = false; ///< the message names the next argument too
  std::string Message;   ///< the go command's text
};

/// cmd/go's checkFlags over one list, reporting every problem (the go
/// command stops at the first). Source goes into the message ("#cgo
/// LDFLAGS") and names the variables (CGO_LDFLAGS_ALLOW); Allow/Disallow are
/// their values, if set, as Go regexps (RE2 syntax). A pattern Go would not
/// compile sets EnvError to the go command's message and is not applied.
std::vector<FlagProblem>
checkFlagList(const std::vector<std::string> &List, FlagKind K,
              const std::string &Source, int GoMinor,
              const std::optional<std::string> &Allow,
              const std::optional<std::string> &Disallow,
              std::string *EnvError = nullptr);

/// The longest single program argument where go build runs (HostGOOS): a
/// longer #cgo flag fails before cgo runs; 0 when unknown.
std::size_t longestArgument(const std::string &HostGOOS);

/// Whether the go command reads the next argument as Flag's (its
/// CompilerNextArg/LinkerNextArg lists: -framework X, -I dir, -l m).
bool takesNextArgument(const std::string &Flag, FlagKind K);
/// go's load.SafeArg.
bool isSafeArg(const std::string &S);

/// The go command's verdict on every #cgo flag of a target view, once.
FlagVerdicts judgeFlags(const TargetView &V, const AnalysisOptions &O);

/// The flags of List that may reach Clang: those the newest go command's
/// compiler allowlist accepts (with their arguments), less -fmodules (a
/// module cache on disk) and -v. The rest could make Clang write a file
/// (-MD -MF x, --serialize-diagnostics x) or print to the server's stdout
/// (--help, -print-*), whatever CGO_CFLAGS_ALLOW or the settings say.
/// Rejected flags go to Rejected.
std::vector<std::string> compileOnlyFlags(const std::vector<std::string> &List,
                                          std::vector<std::string> &Rejected);

} // namespace cgols
