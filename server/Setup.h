//===- Setup.h - Settings + toolchain facts -> analysis options -----------===//
#pragma once

#include "Analysis.h"
#include "Config.h"
#include "Environment.h"

#include <string>
#include <vector>

namespace cgols {

/// Runs pkg-config through the Environment (cached for 30 s).
PkgConfigOutput runPkgConfig(Environment &Env,
                             const std::vector<std::string> &Args,
                             const std::string &Dir);

/// What cgols says, once, in a workspace that is not trusted.
std::string untrustedMessage();

/// Resolves the targets (settings, else host + darwin/arm64), the SDK
/// (settings, SDKROOT, then xcrun on a macOS host), the Clang resource
/// directory and the environment's CGO_ flags. Bad target names are reported
/// in Problems and skipped.
AnalysisOptions makeAnalysisOptions(const Config &C, const Toolchain &T,
                                    Environment &Env,
                                    std::vector<std::string> &Problems);

} // namespace cgols
