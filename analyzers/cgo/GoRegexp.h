//===- GoRegexp.h - Go's regexp semantics over RE2 ------------------------===//
//
// The go command matches #cgo flags with Go's regexp package: RE2 syntax,
// linear time, leftmost-first. Patterns come from the go command's allowlist
// and from the environment (CGO_<KIND>_ALLOW, CGO_<KIND>_DISALLOW); subjects
// come from repositories. RE2 is the same engine design (Go's regexp/syntax
// and RE2 share their parser), so the syntax, the semantics and the linear
// time all carry over; the C++ library's regex (ECMAScript, backtracking, one
// frame per character) does none of the three.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <memory>
#include <string>

namespace re2 {
class RE2;
}

namespace cgols {

class GoRegexp {
public:
  /// Compiles Pattern as Go's regexp.Compile would; on failure returns
  /// null and sets Error to Go's own text ("error parsing regexp: missing
  /// closing ): `(abc`").
  static std::unique_ptr<GoRegexp> compile(const std::string &Pattern,
                                           std::string &Error);
  ~GoRegexp();

  /// cmd/go's test for a flag: `re.FindString(s) == s`, the leftmost-first
  /// match is all of S. (A leftmost match starts at 0 whenever any match
  /// does, so an anchored-at-start search gives the same match and stops
  /// early on the flags that do not match.)
  bool matchesWhole(const std::string &S) const;

private:
  explicit GoRegexp(std::unique_ptr<re2::RE2> R);
  std::unique_ptr<re2::RE2> Re;
};

} // namespace cgols
