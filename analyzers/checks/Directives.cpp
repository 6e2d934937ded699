//===- Directives.cpp - #cgo lines the go command rejects -----------------===//
//
// Check id: cgo-invalid-directive.
//
// go/build's own errors for the #cgo lines that apply to a target (no colon,
// an unknown verb, a malformed argument), which the package view collects as
// it reads the lines (gobuild/Package.cpp).
//
//===----------------------------------------------------------------------===//
#include "Check.h"

namespace cgols {
namespace {

class DirectivesCheck : public Check {
public:
  const char *name() const override { return "directives"; }
  std::vector<CodeDoc> codes() const override {
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
  CheckScope scope() const override { return CheckScope::Target; }
  void run(const CheckContext &C, std::vector<Diagnostic> &Out) const override {
    Out.insert(Out.end(), C.V->DirectiveErrors.begin(),
               C.V->DirectiveErrors.end());
  }
};

} // namespace

const Check &directivesCheck() {
  static const DirectivesCheck TheCheck;
  return TheCheck;
}

} // namespace cgols
