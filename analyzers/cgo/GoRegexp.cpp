//===- GoRegexp.cpp - Go's regexp semantics over RE2 ----------------------===//
#include "GoRegexp.h"

#include <re2/re2.h>

namespace cgols {
namespace {

// Go's regexp/syntax ErrorCode texts, for RE2's codes: the two parsers
// report the same fragment of the pattern (RE2's error_arg is Go's Expr).
const char *goErrorText(RE2::ErrorCode C) {
  switch (C) {
  case RE2::ErrorBadEscape:
    return "invalid escape sequence";
  case RE2::ErrorBadCharClass:
    return "invalid character class";
  case RE2::ErrorBadCharRange:
    return "invalid character class range";
  case RE2::ErrorMissingBracket:
    return "missing closing ]";
  case RE2::ErrorMissingParen:
    return "missing closing )";
  case RE2::ErrorUnexpectedParen:
    return "unexpected )";
  case RE2::ErrorTrailingBackslash:
    return "trailing backslash at end of expression";
  case RE2::ErrorRepeatArgument:
    return "missing argument to repetition operator";
  case RE2::ErrorRepeatSize:
    return "invalid repeat count";
  case RE2::ErrorRepeatOp:
    return "invalid nested repetition operator";
  case RE2::ErrorBadPerlOp:
    return "invalid or unsupported Perl syntax";
  case RE2::ErrorBadUTF8:
    return "invalid UTF-8";
  case RE2::ErrorBadNamedCapture:
    return "invalid named capture";
  case RE2::ErrorPatternTooLarge:
    return "expression too large";
  default:
    return "regexp/syntax: internal error";
  }
}

} // namespace

GoRegexp::GoRegexp(std::unique_ptr<re2::RE2> R) : Re(std::move(R)) {}
GoRegexp::~GoRegexp() = default;

std::unique_ptr<GoRegexp> GoRegexp::compile(const std::string &Pattern,
                                            std::string &Error) {
  // RE2's defaults are Go's: UTF-8, Perl classes and \b, leftmost-first,
  // '.' not matching '\n', '$' at the end of the text only.
  RE2::Options Opts;
  Opts.set_log_errors(false);
  auto R = std::make_unique<re2::RE2>(Pattern, Opts);
  if (!R->ok()) {
    std::string Arg = R->error_arg();
    // Go names the rest of the pattern from the bad byte on; RE2 names
    // nothing.
    if (R->error_code() == RE2::ErrorBadUTF8 && Arg.empty())
      Arg = Pattern;
    Error = std::string("error parsing regexp: ") +
            goErrorText(R->error_code()) + ": `" + Arg + "`";
    return nullptr;
  }
  // Go has no \C (any byte); RE2 does.
  for (std::size_t I = 0; I + 1 < Pattern.size(); ++I)
    if (Pattern[I] == '\\') {
      if (Pattern[I + 1] == 'C') {
        Error = "error parsing regexp: invalid escape sequence: `\\C`";
        return nullptr;
      }
      ++I;
    }
  return std::unique_ptr<GoRegexp>(new GoRegexp(std::move(R)));
}

bool GoRegexp::matchesWhole(const std::string &S) const {
  re2::StringPiece M;
  return Re->Match(S, 0, S.size(), RE2::ANCHOR_START, &M, 1) &&
         M.size() == S.size();
}

} // namespace cgols
