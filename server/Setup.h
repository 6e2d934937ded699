//===- Setup.h - Settings + toolchain facts -> analysis options -----------===//
#pragma once

#include "Analysis.h"
#include "Config.h"
#include "Environment.h"
#include "Probes.h"

#include <optional>
#include <string>
#include <vector>

namespace cgols {

/// What cgols says, once, in a workspace that is not trusted.
std::string untrustedMessage();

/// Resolves the targets (settings, else host + darwin/arm64), the SDK
/// (settings, SDKROOT, then xcrun on a macOS host), the Clang resource
/// directory and the environment's CGO_ flags. Bad target names are reported
/// in Problems and skipped.
/// Clang's resource directory shipped beside the binary (a platform .vsix:
/// <dir of cgols>/lib/clang/<major>), if there is one.
std::optional<std::string> bundledResourceDir();

AnalysisOptions makeAnalysisOptions(const Config &C, Probes &P,
                                    std::vector<std::string> &Problems);

} // namespace cgols
