//===- LibraryVersions.h - Names an installed library is too old for ------===//
//
// A package written for a newer version of a C library than the one
// installed uses names the installed headers do not declare: every one of
// them is "could not determine kind of name" or "unknown type name" to cgo,
// and advice per name (declare it, include its header) is wrong for each.
// This stage, run after the compile, finds them as one cause: the names
// that a #cgo pkg-config package's prefix (gst_, Gst, GST_, libusb_) marks
// as that library's, that its installed headers do not declare although
// they declare others of the same prefix. The cgo-library-too-old check
// reports them once per package and library; the checks that would report
// each name (undeclared names, Clang's errors) leave them to it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "core/Diagnostic.h"

#include "llvm/ADT/StringRef.h"

#include <set>
#include <string>
#include <vector>

namespace cgols {

struct CheckContext;
struct FlagArg;

struct VersionGap {
  std::string Package; ///< the pkg-config name: "gstreamer-1.0"
  std::string Version; ///< `pkg-config --modversion`; "" when it did not say
  const FlagArg *At = nullptr; ///< the #cgo pkg-config argument naming it
  /// The names, in the order of their first use, each with that use.
  std::vector<std::string> Names;
  std::vector<Location> Uses;
  /// What cgo says at the first of them: "could not determine kind of name
  /// for C.foo_new", or Clang's "unknown type name 'FooNew'".
  std::string FirstError;
};

struct VersionGaps {
  std::vector<VersionGap> Gaps;
  /// Every name of every gap, and of Consequences.
  std::set<std::string> Names;
  /// C.names of the preamble's own declarations that Clang rejected since
  /// they use a gap's names (not the library's: not listed in a gap).
  std::vector<std::string> Consequences;
};

/// The prefix that marks a C name as a library's: up to and including the
/// first '_' after the first letter ("gst_", "GST_", "libusb_"), else the
/// first capitalized word of a CamelCase name ("Gst" of "GstIdStr"); ""
/// when the name has neither.
std::string libraryPrefix(const std::string &Name);

/// Whether a pkg-config package name is the library of a prefix: "gst" and
/// "Gst" are gstreamer-1.0's, "libusb_" libusb-1.0's, "sqlite3_" sqlite3's.
bool packageHasPrefix(const std::string &Package, const std::string &Prefix);

/// The name a Clang error says is not declared ("unknown type name 'X'",
/// "use of undeclared identifier 'X'", "call to undeclared function 'X'"),
/// or "".
std::string undeclaredNameInMessage(llvm::StringRef Message);

/// The names C's package uses that its pkg-config libraries are too old for
/// (the context's compiled preambles, its #cgo pkg-config lines; runs
/// `pkg-config --modversion` through AnalysisOptions::PkgConfig only when
/// there is a gap).
VersionGaps findVersionGaps(const CheckContext &C);

} // namespace cgols
