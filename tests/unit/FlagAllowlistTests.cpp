//===- FlagAllowlistTests.cpp - Versions, overrides, messages -------------===//
#include "cgo/GoRegexp.h"
#include "pipeline/Flags.h"

#include <gtest/gtest.h>

using namespace cgols;

namespace {

std::vector<FlagProblem>
check(std::vector<std::string> L, FlagKind K, int Minor,
      std::optional<std::string> Allow = std::nullopt,
      std::optional<std::string> Disallow = std::nullopt) {
  return checkFlagList(L, K, "#cgo LDFLAGS", Minor, Allow, Disallow);
}

TEST(FlagAllowlist, MessagesAreTheGoCommands) {
  auto P = check({"-Wl,--foo"}, FlagKind::Linker, 22);
  ASSERT_EQ(P.size(), 1u);
  EXPECT_EQ(P[0].Message, "invalid flag in #cgo LDFLAGS: -Wl,--foo");
  P = check({"-framework", "-X"}, FlagKind::Linker, 22);
  ASSERT_EQ(P.size(), 1u);
  EXPECT_EQ(P[0].Message, "invalid flag in #cgo LDFLAGS: -framework -X (see "
                          "https://golang.org/s/invalidflag)");
  P = check({"-framework"}, FlagKind::Linker, 22);
  ASSERT_EQ(P.size(), 1u);
  EXPECT_EQ(P[0].Message, "invalid flag in #cgo LDFLAGS: -framework without "
                          "argument (see https://golang.org/s/invalidflag)");
}

TEST(FlagAllowlist, PairsAndSpecialCases) {
  EXPECT_TRUE(
      check({"-framework", "Foundation"}, FlagKind::Linker, 22).empty());
  EXPECT_TRUE(
      check({"-Wl,-framework", "-Wl,AppKit"}, FlagKind::Linker, 22).empty());
  EXPECT_TRUE(check({"-I", "=/usr/include"}, FlagKind::Compiler, 22).empty());
  // Measured with Go 1.19 (cgo-facts.md): rejected in LDFLAGS.
  for (const char *F : {"-w", "-Wl,-w", "-Wl,-ld_classic",
                        "-Wl,-no_warn_duplicate_libraries", "-fobjc-arc"})
    EXPECT_EQ(check({F}, FlagKind::Linker, 19).size(), 1u) << F;
  // ... and accepted.
  EXPECT_TRUE(check({"-x", "objective-c", "-fobjc-arc",
                     "-mmacosx-version-min=11.0", "-Wno-error=int-conversion"},
                    FlagKind::Compiler, 19)
                  .empty());
  EXPECT_TRUE(check({"-lobjc", "-ld_classic"}, FlagKind::Linker, 19).empty());
  EXPECT_EQ(check({"-fno-objc-msgsend-selector-stubs"}, FlagKind::Compiler, 19)
                .size(),
            1u);
}

TEST(FlagAllowlist, DependsOnTheGoVersion) {
  // -lto_library is a library to Go 1.19's list and refused later.
  EXPECT_TRUE(check({"-lto_library"}, FlagKind::Linker, 19).empty());
  EXPECT_EQ(check({"-lto_library"}, FlagKind::Linker, 22).size(), 1u);
  EXPECT_EQ(check({"-lto_library"}, FlagKind::Linker, 0).size(), 1u);
  // --push-state with more commands is newer.
  EXPECT_EQ(
      check({"-Wl,--push-state,--as-needed"}, FlagKind::Linker, 19).size(), 1u);
  EXPECT_TRUE(
      check({"-Wl,--push-state,--as-needed"}, FlagKind::Linker, 22).empty());
  EXPECT_EQ(check({"-Wl,--push-state,--evil"}, FlagKind::Linker, 22).size(),
            1u);
  EXPECT_EQ(check({"-Wl,-z,relro,-z,now"}, FlagKind::Linker, 19).size(), 1u);
  EXPECT_TRUE(check({"-Wl,-z,relro,-z,now"}, FlagKind::Linker, 22).empty());
}

TEST(FlagAllowlist, AllowAndDisallowFromTheEnvironment) {
  // After cmd/go's TestCheckFlagAllowDisallow.
  EXPECT_EQ(check({"-disallow"}, FlagKind::Compiler, 22).size(), 1u);
  EXPECT_EQ(check({"-disallow"}, FlagKind::Compiler, 22, "-disallo").size(),
            1u);
  EXPECT_TRUE(
      check({"-disallow"}, FlagKind::Compiler, 22, "-disallow").empty());
  EXPECT_EQ(
      check({"-Wall"}, FlagKind::Compiler, 22, std::nullopt, "-Wall").size(),
      1u);
  EXPECT_EQ(check({"-Wall"}, FlagKind::Compiler, 22, "-Wall", "-Wall").size(),
            1u);
  EXPECT_TRUE(check({"-fplugin=faster.so"}, FlagKind::Compiler, 22,
                    "-fplugin.*", "-fplugin=lint.so")
                  .empty());
  EXPECT_EQ(check({"-fplugin=lint.so"}, FlagKind::Compiler, 22, "-fplugin.*",
                  "-fplugin=lint.so")
                .size(),
            1u);
  std::string Err;
  checkFlagList({"-x"}, FlagKind::Compiler, "#cgo CFLAGS", 22,
                std::string("(unclosed"), std::nullopt, &Err);
  // The go command's own words (go 1.19: go build with this variable).
  EXPECT_EQ(Err, "parsing $CGO_CFLAGS_ALLOW: error parsing regexp: missing "
                 "closing ): `(unclosed`");
}

TEST(FlagAllowlist, ReportsEveryBadFlag) {
  auto P = check({"-Wl,--a", "-lm", "-Wl,--b"}, FlagKind::Linker, 22);
  ASSERT_EQ(P.size(), 2u);
  EXPECT_EQ(P[0].Index, 0u);
  EXPECT_EQ(P[1].Index, 2u);
}

// CGO_<KIND>_ALLOW patterns are Go regexps (RE2 syntax): these read
// differently in ECMAScript (std::regex rejected the first two and read
// \pL as "pL" and \z as "z"), and the match is Go's leftmost-first
// FindString(arg) == arg. tests/toolchain/AllowPatternTests.cpp checks the
// same rows against the real go command.
TEST(FlagAllowlist, AllowPatternsAreGoRegexps) {
  struct Row {
    const char *Allow, *Flag;
    bool Allowed;
  } Rows[] = {
      {"(?i)-FPLUGIN=x\\.so", "-fplugin=x.so", true},
      {"(?P<opt>-fplugin)=x\\.so", "-fplugin=x.so", true},
      {"-fplugin=\\pL\\.so", "-fplugin=\xc3\x84.so", true}, // Ä
      {"-fplugin=\\pL\\.so", "-fplugin=p.so", true},
      {"-fplugin=\\pL\\.so", "-fplugin=1.so", false},
      {"-fplugin=x\\.so\\z", "-fplugin=x.so", true},
      {"-fplugin=x\\.so\\z", "-fplugin=x.soz", false},
      {"-fplugin=[[:alpha:]]+\\.so", "-fplugin=abc.so", true},
      // Leftmost-first: the first alternative wins, so the match is short.
      {"-fplugin=a|-fplugin=ab", "-fplugin=ab", false},
      {"-fplugin=ab|-fplugin=a", "-fplugin=ab", true},
      // Unanchored in Go, but the match must be the whole flag.
      {"plugin=x\\.so", "-fplugin=x.so", false},
      {"-fplugin", "-fplugin=x.so", false},
      {"^-fplugin=.*$", "-fplugin=x.so", true},
  };
  for (const Row &R : Rows)
    EXPECT_EQ(checkFlagList({R.Flag}, FlagKind::Compiler, "#cgo CFLAGS", 22,
                            std::string(R.Allow), std::nullopt)
                  .empty(),
              R.Allowed)
        << R.Allow << " on " << R.Flag;
}

// Go's regexp.Compile messages, as go 1.19.8 printed them for these
// patterns (the go command prefixes "parsing $CGO_CFLAGS_ALLOW: ").
TEST(GoRegexp, ErrorsAreGosOwnWords) {
  struct Row {
    const char *Pattern, *Error;
  } Rows[] = {
      {"(abc", "error parsing regexp: missing closing ): `(abc`"},
      {"abc)", "error parsing regexp: unexpected ): `abc)`"},
      {"[a-", "error parsing regexp: missing closing ]: `[a-`"},
      {"a**", "error parsing regexp: invalid nested repetition operator: `**`"},
      {"x{2,1}", "error parsing regexp: invalid repeat count: `{2,1}`"},
      {"\\8", "error parsing regexp: invalid escape sequence: `\\8`"},
      {"(?P<n", "error parsing regexp: invalid named capture: `(?P<n`"},
      {"a\\", "error parsing regexp: trailing backslash at end of expression: "
              "``"},
      {"*a", "error parsing regexp: missing argument to repetition operator: "
             "`*`"},
      {"[z-a]", "error parsing regexp: invalid character class range: `z-a`"},
      {"\\pX", "error parsing regexp: invalid character class range: `\\pX`"},
      {"(?z)", "error parsing regexp: invalid or unsupported Perl syntax: "
               "`(?z`"},
      {"[[:foo:]]", "error parsing regexp: invalid character class range: "
                    "`[:foo:]`"},
      {"a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"},
      {"\\C", "error parsing regexp: invalid escape sequence: `\\C`"},
  };
  for (const Row &R : Rows) {
    std::string Error;
    EXPECT_EQ(GoRegexp::compile(R.Pattern, Error), nullptr) << R.Pattern;
    EXPECT_EQ(Error, R.Error) << R.Pattern;
  }
  std::string Error;
  EXPECT_NE(GoRegexp::compile("(?i)-d[a-z]+\\z", Error), nullptr) << Error;
}

// Linear time: a flag of 16 MB against every pattern of the allowlist, and
// a pattern that backtracking engines take exponential time on.
TEST(GoRegexp, LongSubjectsAndNastyPatternsAreLinear) {
  std::string Long = "-DX=" + std::string(16u << 20, 'a');
  EXPECT_TRUE(checkFlagList({Long}, FlagKind::Compiler, "#cgo CFLAGS", 22,
                            std::nullopt, std::nullopt)
                  .empty());
  std::string Error;
  auto Re = GoRegexp::compile("(a+)+b", Error);
  ASSERT_NE(Re, nullptr);
  EXPECT_FALSE(Re->matchesWhole(std::string(100000, 'a')));
}

} // namespace
