//===- Docs.h - docs/checks.md: every code cgols emits --------------------===//
#pragma once

#include <string>

namespace cgols::docs {

/// docs/checks.md: the cgo checks' sections (analyzers), then the settings
/// files' codes (settings/) and the machine health's (doctor/).
std::string markdown();
/// The 1-based line of a code's section in markdown(), or 0.
unsigned line(const std::string &Code);

} // namespace cgols::docs
