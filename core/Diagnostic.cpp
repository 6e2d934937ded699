//===- Diagnostic.cpp - Domain diagnostics --------------------------------===//
#include "core/Diagnostic.h"

namespace cgols {
const char *severityName(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Information:
    return "info";
  case Severity::Hint:
    return "hint";
  }
  return "error";
}
} // namespace cgols
