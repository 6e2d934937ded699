//===- Check.h - `cgols check`: the analysis from the command line --------===//
#pragma once

#include "Environment.h"

#include <ostream>
#include <string>
#include <vector>

namespace cgols {

struct CheckOptions {
  std::vector<std::string> Targets; ///< empty: the defaults
  std::string SDK;                  ///< darwin targets
  std::string LinuxSysroot;
  std::string Format = "text"; ///< text or json
  std::vector<std::string> Paths;
  std::string Cwd;
  /// Run no program at all (go, pkg-config, xcrun): for CI on untrusted code.
  bool Untrusted = false;
};

/// Runs the analysis over the paths (files, directories, DIR/...) and prints
/// the diagnostics. Returns the exit code: 0 clean, 1 errors found, 2 the
/// paths could not be read.
int runCheck(const CheckOptions &O, Environment &Env, std::ostream &Out,
             std::ostream &Err);

} // namespace cgols
