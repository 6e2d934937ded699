//===- PkgConfig.cpp - #cgo pkg-config lines that do not resolve ----------===//
//
// Check id: cgo-pkg-config. The pipeline resolves pkg-config before any
// compile (pipeline/PkgConfig.h, where the check is described); this check
// reports what it found, and the headers the preambles then miss, once.
//
//===----------------------------------------------------------------------===//
#include "pipeline/PkgConfig.h"
#include "checks/Check.h"

namespace cgols {

namespace {

/// Without pkg-config's flags, the headers its packages provide are not
/// found: said once, at the #cgo pkg-config line, as that line's
/// consequence (the preamble diagnostics leave them out).
void reportUnresolvedHeaders(const CheckContext &C,
                             std::vector<Diagnostic> &Out) {
  if (!C.PkgConfigLine)
    return;
  // The preambles' headers, as the preamble diagnostics leave them out
  // (a .c file's diagnostics are not reported at all).
  std::vector<std::string> Headers;
  std::size_t Files = 0;
  for (const PreambleUnit &U : C.Preambles) {
    if (!U.R)
      continue;
    std::vector<std::string> H = headersNotFound(*U.R);
    Files += !H.empty();
    for (std::string &X : H)
      if (std::find(Headers.begin(), Headers.end(), X) == Headers.end())
        Headers.push_back(std::move(X));
  }
  if (Headers.empty())
    return;
  std::string List;
  for (std::size_t I = 0; I < Headers.size() && I < 5; ++I)
    List += (I ? ", " : "") + Headers[I];
  if (Headers.size() > 5)
    List += " and " + std::to_string(Headers.size() - 5) + " more";
  std::string Said = List + (Headers.size() == 1 ? " is" : " are") +
                     " not found without them (in " + std::to_string(Files) +
                     (Files == 1 ? " preamble" : " preambles") +
                     "): what depends on " +
                     (Headers.size() == 1 ? "it" : "them") +
                     " is not checked, everything else is";
  // Said with the line's own finding when it has one (why it is not
  // resolved), so that one place carries one diagnostic.
  const FlagArg &A = *C.PkgConfigLine;
  for (std::size_t I = Out.size() - C.PkgConfigFindings.size(); I < Out.size();
       ++I)
    if (Out[I].Where.File == A.File && Out[I].Where.Begin == A.Where.Begin) {
      Out[I].Message += "; " + Said;
      return;
    }
  Diagnostic D;
  D.Where = {A.File, A.Where.Begin, A.Where.End};
  D.Code = "cgo-pkg-config";
  D.Sev = Severity::Information;
  D.Targets = {C.target().name()};
  D.Message = "#cgo pkg-config is not resolved for " + C.target().name() +
              ": the preambles are compiled without its flags; " + Said;
  Out.push_back(std::move(D));
}

std::vector<CodeDoc> pkgConfigCodes() {
  return {
      {"cgo-pkg-config", "",
       R"md(**What.** `#cgo pkg-config:` is resolved as cmd/go does (`pkg-config --cflags -- PKGS`, output
split and allowlist-checked, added to CPPFLAGS). A package pkg-config does not know is reported
once, at the `#cgo` line; the package's preambles are then compiled without pkg-config's flags,
and the headers that are not found that way are said once, in an information at the same line,
not as an error in every file. Every finding that does not depend on those headers (undeclared
`C.` names in preambles that compile, `//export` with definitions, duplicate symbols, invalid
flags) is reported as usual. Also: `invalid pkg-config package name`, and any pkg-config
*option* (an argument that begins with `-`, such as `--log-file=PATH` or `--with-path=DIR`).
In an untrusted workspace (`cgols check --untrusted`, VS Code's Restricted Mode) pkg-config is not
run, and the host's pkg-config does not answer for another target (darwin on Linux): the line
gets an information diagnostic and the preambles are compiled without its flags, as above.
pkg-config not installed is the machine's problem, not the code's: an information at the line
(go build stops too), and `cgols check` exits 2.

**Why.** An option reaches pkg-config as an option: `--log-file=${SRCDIR}/../../.bashrc` makes
it write a file the moment the package is built, and `--with-path=` feeds the repository's own
`.pc` files to the compiler (CVE-2025-61731). The go command rejects options since Go 1.24.12 and
1.25.6 (`invalid flag in pkg-config: ... (see https://go.dev/s/invalidflag)`); older Go still
passes them. cgols never passes one, whatever the Go version: an error where `go env GOVERSION`
rejects it (cgols then stops there, as `go build` does), a warning for older Go (cgols runs
pkg-config with the package names only).

**Example.** `// #cgo pkg-config: --log-file=${SRCDIR}/x cairo`

**Fix.** Install the development package that provides the `.pc` file, or set
`PKG_CONFIG_PATH`; remove pkg-config options from `#cgo` lines.)md"}};
}

// The pipeline resolves pkg-config before it compiles (go build stops
// there when it fails); this reports what it found.
void pkgConfigRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  Out.insert(Out.end(), C.PkgConfigFindings.begin(), C.PkgConfigFindings.end());
  reportUnresolvedHeaders(C, Out);
}

} // namespace

const Check &pkgConfigCheck() {
  static const Check TheCheck{"pkg-config", CheckScope::Target,
                              pkgConfigCodes(), pkgConfigRun};
  return TheCheck;
}

} // namespace cgols
