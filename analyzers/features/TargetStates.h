//===- TargetStates.h - Each target's state, for the lens on import "C" ---===//
//
// Per analysed target of a file's package: checked (with the number of the
// file's errors and warnings on it) or not checked and why (no SDK or
// sysroot, pkg-config not installed, no worker), as the code lens on
// `import "C"` shows it. Pure: from the package's analysis.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Analysis.h"

#include <string>
#include <vector>

namespace cgols {

struct TargetState {
  std::string Target; ///< "darwin/arm64"
  bool Checked = false;
  bool NoHeaders = false; ///< not checked: no SDK or sysroot
  std::string Why;        ///< not checked: why
  unsigned Errors = 0, Warnings = 0;
  /// "darwin/arm64: 2 errors, 1 warning", "linux/amd64: no findings",
  /// "darwin/arm64: not checked (no macOS SDK)".
  std::string title() const;
};

/// The states of Targets (the analysis options' targets, in order) for the
/// file at Path of the analysed package R.
std::vector<TargetState> targetStates(const PackageResult &R,
                                      const std::vector<Target> &Targets,
                                      const std::string &Path);

} // namespace cgols
