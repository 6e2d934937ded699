//===- Doctor.h - `cgols doctor`: the machine's health for cgo ------------===//
#pragma once

#include "Environment.h"

#include <ostream>
#include <string>

namespace cgols {

struct DoctorOptions {
  bool Verbose = false;
  bool Json = false;
  std::string Dir; ///< the workspace (its #cgo pkg-config lines); may be empty
};

/// Probes the machine, prints the findings (flutter doctor's layout, or
/// JSON), and returns 1 when one is an error, else 0.
int runDoctor(const DoctorOptions &O, Environment &Env, std::ostream &Out);

} // namespace cgols
