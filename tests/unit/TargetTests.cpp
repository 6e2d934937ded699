//===- TargetTests.cpp - Build constraints and triples --------------------===//
#include "gobuild/Target.h"

#include <gtest/gtest.h>

using namespace cgols;

namespace {

Target T(const char *S) { return *parseTarget(S); }

TEST(Target, Parse) {
  EXPECT_TRUE(parseTarget("darwin/arm64"));
  EXPECT_FALSE(parseTarget("drawin/arm64"));
  EXPECT_FALSE(parseTarget("darwin"));
  auto X = parseTarget("linux/amd64:foo,bar");
  ASSERT_TRUE(X);
  EXPECT_EQ(X->Tags.size(), 2u);
}

TEST(Target, Triples) {
  EXPECT_EQ(T("darwin/arm64").clangTriple(), "arm64-apple-macosx11.0.0");
  EXPECT_EQ(T("darwin/amd64").clangTriple(), "x86_64-apple-macosx10.13.0");
  EXPECT_EQ(T("linux/amd64").clangTriple(), "x86_64-linux-gnu");
  EXPECT_EQ(T("linux/arm64").clangTriple(), "aarch64-linux-gnu");
}

TEST(Target, MatchTag) {
  Target M = T("darwin/arm64");
  EXPECT_TRUE(M.matchTag("darwin"));
  EXPECT_TRUE(M.matchTag("unix"));
  EXPECT_TRUE(M.matchTag("cgo"));
  EXPECT_TRUE(M.matchTag("gc"));
  EXPECT_TRUE(M.matchTag("go1.18"));
  EXPECT_FALSE(M.matchTag("linux"));
  Target I = T("ios/arm64");
  EXPECT_TRUE(I.matchTag("darwin"));
  Target Old = T("linux/amd64");
  Old.GoMinor = 19;
  EXPECT_FALSE(Old.matchTag("go1.21"));
}

TEST(Target, GoBuildExpressions) {
  Target M = T("darwin/arm64");
  EXPECT_EQ(evalGoBuild("darwin && (arm64 || amd64)", M), true);
  EXPECT_EQ(evalGoBuild("!darwin", M), false);
  EXPECT_EQ(evalGoBuild("linux || !cgo", M), false);
  EXPECT_FALSE(evalGoBuild("darwin &&", M).has_value());
}

TEST(Target, PlusBuild) {
  Target M = T("darwin/arm64");
  EXPECT_TRUE(evalPlusBuild("linux darwin,arm64", M));
  EXPECT_FALSE(evalPlusBuild("linux darwin,!arm64", M));
  EXPECT_TRUE(evalPlusBuild("!windows", M));
}

TEST(Target, CgoConditionFieldsAreOrdOneByOne) {
  // go/build matchAuto is applied to each space-separated field.
  Target M = T("darwin/arm64");
  EXPECT_TRUE(evalCgoCondition("darwin,arm64", M));
  EXPECT_TRUE(evalCgoCondition("(darwin||linux)", M));
  EXPECT_FALSE(evalCgoCondition("&&", M));
}

TEST(Target, FileNames) {
  Target M = T("darwin/arm64");
  EXPECT_TRUE(matchFileName("a_darwin.go", M));
  EXPECT_TRUE(matchFileName("a_darwin_arm64.go", M));
  EXPECT_FALSE(matchFileName("a_darwin_amd64.go", M));
  EXPECT_FALSE(matchFileName("a_linux.go", M));
  EXPECT_TRUE(matchFileName("linux.go", M));    // the first element is the name
  EXPECT_TRUE(matchFileName("a_drawin.go", M)); // not a known GOOS
  EXPECT_FALSE(matchFileName("a_linux_test.go", M));
}

} // namespace
