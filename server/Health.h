//===- Health.h - The doctor's probes: facts about this machine -----------===//
//
// Fills doctor::MachineFacts through the Environment: every program by
// absolute path, with a deadline and GOTOOLCHAIN=local, nothing at all in
// an untrusted workspace; binaries' architectures read with llvm::object.
// The server runs it in the background (it never delays diagnostics); the
// CLI's `cgols doctor` runs it directly.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Environment.h"
#include "doctor/Doctor.h"

#include <functional>
#include <string>
#include <vector>

namespace cgols {

/// The pkg-config packages that #cgo lines in Go files under Dir ask for.
std::vector<std::string> pkgConfigPackagesIn(Environment &Env,
                                             const std::string &Dir);

doctor::MachineFacts collectFacts(Environment &Env,
                                  const std::vector<std::string> &PkgConfig);

} // namespace cgols
