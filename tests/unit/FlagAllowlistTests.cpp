//===- FlagAllowlistTests.cpp - Versions, overrides, messages -------------===//
#include "checks/FlagAllowlist.h"

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
  EXPECT_NE(Err.find("parsing $ALLOW"), std::string::npos);
}

TEST(FlagAllowlist, ReportsEveryBadFlag) {
  auto P = check({"-Wl,--a", "-lm", "-Wl,--b"}, FlagKind::Linker, 22);
  ASSERT_EQ(P.size(), 2u);
  EXPECT_EQ(P[0].Index, 0u);
  EXPECT_EQ(P[1].Index, 2u);
}

} // namespace
