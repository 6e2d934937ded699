//===- LibraryVersions.cpp - A C library older than the package needs -----===//
//
// Check id: cgo-library-too-old.
//
// What: names the package uses that a #cgo pkg-config library's installed
// headers do not have, although they have others of the same prefix
// (pipeline/LibraryVersions.h finds them): the package was written for a
// newer version of the library than the one installed.
// Why: cgo stops at the first ("could not determine kind of name for
// C.gst_id_str_get_type", "unknown type name 'GstIdStr'"), and advice per
// name (declare it, include its header) is wrong for every one of them.
// Said once per package and library, at the #cgo pkg-config argument, with
// each name's first use as related information.
//
//===----------------------------------------------------------------------===//
#include "pipeline/LibraryVersions.h"
#include "Check.h"

namespace cgols {

namespace {

void libraryVersionsRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  if (!C.Gaps)
    return;
  for (const VersionGap &G : C.Gaps->Gaps) {
    Diagnostic D;
    D.Code = "cgo-library-too-old";
    D.Where = {G.At->File, G.At->Where.Begin, G.At->Where.End};
    D.Targets = {C.target().name()};
    std::size_t N = G.Names.size();
    std::string Names;
    for (std::size_t I = 0; I < N && I < 3; ++I)
      Names += (I ? ", " : "") + G.Names[I];
    if (N > 3)
      Names += " and " + std::to_string(N - 3) + " more";
    std::string Installed =
        G.Version.empty() ? "the installed one" : "the installed " + G.Version;
    D.Message = "Install a newer " + G.Package +
                " or use a version of this package made for " + Installed +
                ": this package needs a newer " + G.Package + " than " +
                Installed + ": " + std::to_string(N) +
                (N == 1 ? " name it uses is" : " names it uses are") +
                " not in the installed headers (" + Names +
                "), so cgo stops with: " + G.FirstError;
    // Each name's first use (the first hundred).
    for (std::size_t I = 0; I < N && I < 100; ++I)
      D.Related.push_back(
          {G.Uses[I], G.Names[I] + ": not in " + G.Package +
                          (G.Version.empty() ? "" : " " + G.Version) +
                          "'s headers"});
    Out.push_back(std::move(D));
  }
}

std::vector<CodeDoc> libraryVersionsCodes() {
  return {
      {"cgo-library-too-old", "",
       R"md(**What.** Names the package uses (`C.name` in Go, and the names Clang finds undeclared
in the preamble) that a `#cgo pkg-config` library's installed headers do not have at all, while
the preamble declares other names of the same prefix from them (`gst_`, `Gst`, `GST_`,
`libusb_`: at least three): the package was written for a newer version of the library than the
one installed (`pkg-config --modversion` says which). A name that is a slip of the keyboard for
an installed one, or that the library's headers (its `pkg-config --cflags` directories) have
anywhere, even behind a version `#if` or in a header the preamble does not include, is not one of
them: it gets its own diagnostic. Said once per package and library, at the `#cgo pkg-config`
argument, with each name's first use as related information; the per-name diagnostics
(`cgo-undeclared-name`, Clang's `unknown type name`) are left out for these names, and for the
`C.name` uses of the preamble's own declarations that Clang rejected because they use them.

**Why.** cgo stops at the first of them (`could not determine kind of name for
C.gst_id_str_get_type`), and every per-name piece of advice (declare it, include its header) is
wrong: go-gst on Debian 12 (GStreamer 1.22, the bindings need 1.26) gets 189 of them.

**Example.** `C.libusb_init_context` with `#cgo pkg-config: libusb-1.0` and libusb 1.0.26
installed: `Install a newer libusb-1.0 or use a version of this package made for the installed
1.0.26: this package needs a newer libusb-1.0 than the installed 1.0.26: 1 name it uses is not in
the installed headers (libusb_init_context), ...`.

**Fix.** Install the newer library (a newer distribution release, a backport, Homebrew, or a build
of your own with `PKG_CONFIG_PATH` pointing at it), or pin the Go package to a release made for the
installed version.)md"},
  };
}

} // namespace

const Check &libraryVersionsCheck() {
  static const Check TheCheck{"library-versions", CheckScope::Target,
                              libraryVersionsCodes(), libraryVersionsRun};
  return TheCheck;
}

} // namespace cgols
