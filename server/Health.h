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

/// The system the probes run on, in GOOS/GOARCH names: which probes run
/// (sysctl, xcode-select, xcrun, ld -v only on darwin) and the process's
/// own architecture.
struct HostSystem {
  std::string OS;   ///< "darwin", "linux"
  std::string Arch; ///< "arm64", "amd64"
  /// macOS: hw.optional.arm64 and sysctl.proc_translated (this process under
  /// Rosetta), read in-process with sysctlbyname as Apple documents it (a
  /// sysctl child would answer for its own slice of a universal binary).
  bool Arm64Hardware = false;
  bool Translated = false;
};
/// This process's system (compile-time OS, uname's machine, sysctl).
HostSystem thisHost();

/// The facts, probed as on Host: thisHost() in the server and the CLI; a
/// test gives a Mac, with an Environment that answers as a real Mac did.
doctor::MachineFacts collectFacts(Environment &Env,
                                  const std::vector<std::string> &PkgConfig,
                                  const HostSystem &Host = thisHost());

} // namespace cgols
