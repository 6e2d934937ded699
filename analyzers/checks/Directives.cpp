//===- Directives.cpp - #cgo lines the go command rejects -----------------===//
//
// Check id: cgo-invalid-directive.
//
// go/build's own errors for the #cgo lines that apply to a target (no colon,
// an unknown verb, a malformed argument): the package view records them in
// go/build's words as it reads the lines (gobuild/Package.cpp); this check
// reports them.
//
//===----------------------------------------------------------------------===//
#include "Check.h"

namespace cgols {
namespace {

std::vector<CodeDoc> directivesCodes() {
  return {
      {"cgo-invalid-directive", "",
       R"md(**What.** A `#cgo` line that the go command rejects, with its own words:
`invalid #cgo line: …` (no colon, or an unclosed quote), `invalid #cgo verb: …` (a verb other than
CFLAGS, CPPFLAGS, CXXFLAGS, FFLAGS, LDFLAGS, pkg-config; `nocallback`/`noescape` need Go 1.22),
`malformed #cgo argument: …` (a character outside the go command's safe set, e.g. a backquote).
Only lines whose conditions hold for an analysed target are reported, as go/build skips the
others.

**Why.** go/build stops loading the package at the first such line, without a line number.

**Example.** `// #cgo LDFLAGS -lm` → `invalid #cgo line: #cgo LDFLAGS -lm`.

**Fix.** `#cgo [conditions] VERB: flags`, with the colon; quote arguments with spaces.)md"}};
}

void directivesRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  for (const DirectiveError &E : C.V->DirectiveErrors) {
    Diagnostic D;
    D.Where = {E.File->Path, E.Where.Begin, E.Where.End};
    D.Sev = Severity::Error;
    D.Code = "cgo-invalid-directive";
    D.Message = E.Message;
    D.Targets = {C.target().name()};
    Out.push_back(std::move(D));
  }
}

} // namespace

const Check &directivesCheck() {
  static const Check TheCheck{"directives", CheckScope::Target,
                              directivesCodes(), directivesRun};
  return TheCheck;
}

} // namespace cgols
