//===- Registry.cpp - Every check, and docs/checks.md made from them ------===//
#include "Check.h"

#include <algorithm>
#include <map>

namespace cgols {

const std::vector<const Check *> &allChecks() {
  static const std::vector<const Check *> All = {
      &preambleDiagnosticsCheck(),
      &directivesCheck(),
      &undeclaredNamesCheck(),
      &cgoCallsCheck(),
      &importCCheck(),
      &exportDefinitionsCheck(),
      &duplicateSymbolsCheck(),
      &objcWithoutFlagCheck(),
      &flagAllowlistCheck(),
      &pkgConfigCheck(),
      &libraryVersionsCheck(),
      &conditionTyposCheck(),
      &directiveConditionsCheck(),
      &directiveUsesCheck(),
      &linksCheck(),
  };
  return All;
}

std::string checksMarkdown() {
  std::string Out = R"md(# cgols checks

Every diagnostic cgols publishes has a stable code (the LSP `code` field, and `[code]` at the end
of each `cgols check` line). When cgols knows what to do, the message starts with it (`Add #include
<stdlib.h>: …`, `Remove -fplugin=evil.so or allow it with CGO_CFLAGS_ALLOW: …`), since editors cut
long messages; the tool's own words (Clang's, the go command's) follow. Messages end with the
targets they occur on, e.g. `(darwin/arm64)`, when they do not occur on every analysed target.

)md";
  for (const Check *C : allChecks())
    for (const CodeDoc &D : C->Codes)
      Out += markdownSection(D);
  Out += R"md(## Clang 15/16 explanations

A `cgo-preamble-error` from `-Wimplicit-function-declaration`, `-Wint-conversion` or
`-Wincompatible-function-pointer-types` adds: *clang 16 and Apple clang (Xcode 15 and later)
reject this, while gcc only warns: the package builds on Linux with gcc and fails on a Mac*.
`-Wdeprecated-non-prototype` (a warning) says C23 removes K&R declarations. A call to an
undeclared function gets the *Add #include* fix of `cgo-undeclared-name`.

## Workspace notices (window/showMessage, and stderr in `cgols check`)

Said once, not per file:

- *no macOS SDK is set, so cgo preambles are not compiled for darwin/arm64*: set `cgols.sdkPath`
  or `SDKROOT` (on macOS, `xcrun --show-sdk-path` is asked). The `#cgo` line checks still run.
- *no C headers for linux/arm64*: a cross target without a sysroot; set `cgols.sysroot`.
- *unknown target 'drawin/arm64'*: a bad entry in `cgols.targets`; the others still run.

)md";
  while (Out.size() > 1 && Out.back() == '\n' && Out[Out.size() - 2] == '\n')
    Out.pop_back();
  return Out;
}

} // namespace cgols
