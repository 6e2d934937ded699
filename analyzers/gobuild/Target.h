//===- Target.h - A build target: GOOS, GOARCH, tags, cgo -----------------===//
#pragma once

#include "core/Fields.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cgols {

struct Target {
  std::string GOOS;
  std::string GOARCH;
  std::vector<std::string> Tags; ///< extra build tags (-tags)
  bool CgoEnabled = true;
  int GoMinor = 0; ///< go1.N of the toolchain, 0 = newest; for release tags

  std::string name() const { return GOOS + "/" + GOARCH; }
  bool isDarwin() const { return GOOS == "darwin" || GOOS == "ios"; }
  /// The Clang target triple cgo's compiler gets for this target.
  std::string clangTriple() const;
  /// go/build's matchTag: whether a build tag is satisfied.
  bool matchTag(std::string_view Tag) const;
};
CGOLS_FIELDS(Target, GOOS, GOARCH, Tags, CgoEnabled, GoMinor)

/// Parses "darwin/arm64" (optionally with tags after a colon:
/// "linux/amd64:foo,bar"). Returns nullopt for anything else.
std::optional<Target> parseTarget(std::string_view Spec);

bool isKnownGOOS(std::string_view S);
bool isKnownGOARCH(std::string_view S);
/// The tags of a build expression or #cgo condition that go/build does
/// not set by itself (not GOOS/GOARCH, cgo, gc, gccgo, unix, go1.N): the
/// ones -tags may set. Each once, in order.
std::vector<std::string> userTags(std::string_view Expr);
/// go/build's known GOOS and GOARCH values (knownOS, knownArch), in order.
const std::vector<std::string> &knownGOOSList();
const std::vector<std::string> &knownGOARCHList();

/// go/build's goodOSArchFile: the _GOOS, _GOARCH and _GOOS_GOARCH name
/// suffixes of a file name (base name, with .go).
bool matchFileName(std::string_view BaseName, const Target &T);

/// Evaluates a //go:build expression; nullopt if it does not parse.
std::optional<bool> evalGoBuild(std::string_view Expr, const Target &T);
/// Evaluates the expression of one // +build line (space: or, comma: and).
bool evalPlusBuild(std::string_view Line, const Target &T);
/// cmd/go's matchAuto for one field of a #cgo condition.
bool evalCgoCondition(std::string_view Field, const Target &T);

} // namespace cgols
