//===- CgoDirectiveTests.cpp - #cgo lines as go/build reads them ----------===//
#include "cgo/CgoDirective.h"
#include "gobuild/Package.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace cgols;
using namespace cgols::go;
using ::testing::ElementsAre;

namespace {

std::vector<CgoDirective> directives(const std::string &Preamble,
                                     GoVersion V = {}) {
  std::string Src = "package a\n/*\n" + Preamble + "\n*/\nimport \"C\"\n";
  static std::string Keep;
  Keep = Src;
  GoFile F = parseGoFile("/p/a.go", Keep);
  return parseCgoDirectives(F, V);
}

std::vector<std::string> words(const std::vector<CgoWord> &W) {
  std::vector<std::string> Out;
  for (const auto &X : W)
    Out.push_back(X.Text);
  return Out;
}

TEST(SplitQuoted, MatchesGoBuild) {
  // The example of go/build's splitQuoted doc comment.
  std::string S = R"(a b:"c d" 'e''f'  "g\"")";
  SplitResult R = splitQuoted(S, 0, S.size());
  std::vector<std::string> W;
  for (auto &P : R.Words)
    W.push_back(P.first);
  EXPECT_THAT(W, ElementsAre("a", "b:c d", "ef", "g\""));
  EXPECT_TRUE(R.Error.empty());
  std::string U = "'open";
  EXPECT_EQ(splitQuoted(U, 0, U.size()).Error, "unclosed quote");
  std::string E = "x\\";
  EXPECT_EQ(splitQuoted(E, 0, E.size()).Error, "unfinished escaping");
}

TEST(CgoDirective, VerbsConditionsArgs) {
  auto D = directives("#cgo linux,amd64 darwin CFLAGS: -DX=1 \"-I a b\"");
  ASSERT_EQ(D.size(), 1u);
  EXPECT_EQ(D[0].K, CgoDirective::Kind::Flags);
  EXPECT_EQ(D[0].Verb.Text, "CFLAGS");
  EXPECT_THAT(words(D[0].Conditions), ElementsAre("linux,amd64", "darwin"));
  EXPECT_THAT(words(D[0].Args), ElementsAre("-DX=1", "-I a b"));
}

TEST(CgoDirective, InvalidLines) {
  auto D = directives("#cgo LDFLAGS -lm\n#cgo : -x\n#cgo FOO: bar");
  ASSERT_EQ(D.size(), 3u);
  EXPECT_EQ(D[0].K, CgoDirective::Kind::Invalid);
  EXPECT_EQ(D[0].Error, "invalid #cgo line: #cgo LDFLAGS -lm");
  EXPECT_EQ(D[1].K, CgoDirective::Kind::Invalid);
  EXPECT_EQ(D[2].K, CgoDirective::Kind::Unknown);
}

TEST(CgoDirective, NoescapeDependsOnGoVersion) {
  auto New = directives("#cgo noescape myfunc", GoVersion{22});
  ASSERT_EQ(New.size(), 1u);
  EXPECT_EQ(New[0].K, CgoDirective::Kind::NoEscape);
  EXPECT_EQ(New[0].Verb.Text, "myfunc");
  auto Old = directives("#cgo noescape myfunc", GoVersion{19});
  EXPECT_EQ(Old[0].K, CgoDirective::Kind::Invalid);
}

TEST(CgoDirective, DiscardKeepsOffsets) {
  std::string P = " #cgo CFLAGS: -DX\nint x;\n";
  std::string D = discardCgoDirectives(P);
  EXPECT_EQ(D.size(), P.size());
  EXPECT_EQ(D.find("#cgo"), std::string::npos);
  EXPECT_NE(D.find("int x;"), std::string::npos);
}

TEST(CgoDirective, SafeArgs) {
  EXPECT_TRUE(isSafeCgoArg("-I/usr/include"));
  EXPECT_TRUE(isSafeCgoArg("-Wl,-rpath,$ORIGIN"));
  EXPECT_FALSE(isSafeCgoArg("-D`rm -rf`"));
  EXPECT_FALSE(isSafeCgoArg(""));
  EXPECT_TRUE(isSafeCgoArg("-I/h\xc3\xa9"));
}

Package pkg(std::vector<std::pair<std::string, std::string>> Files) {
  return makePackage("/p", std::move(Files), GoVersion{});
}

TEST(Package, FlagsArePackageWideAndFiltered) {
  Package P =
      pkg({{"/p/a.go", "package a\n// #cgo darwin CFLAGS: -x objective-c\n"
                       "// #cgo linux LDFLAGS: -lm\nimport \"C\"\n"},
           {"/p/b.go", "package a\n// #cgo CFLAGS: -I${SRCDIR}/inc -Irel\n"
                       "import \"C\"\n"}});
  TargetView Mac = viewForTarget(P, *parseTarget("darwin/arm64"));
  std::vector<std::string> CF;
  for (auto &F : Mac.Flags.CFLAGS)
    CF.push_back(F.Value);
  EXPECT_THAT(CF, ElementsAre("-x", "objective-c", "-I/p/inc", "-I/p/rel"));
  EXPECT_TRUE(Mac.Flags.LDFLAGS.empty());
  TargetView Lin = viewForTarget(P, *parseTarget("linux/amd64"));
  ASSERT_EQ(Lin.Flags.LDFLAGS.size(), 1u);
  EXPECT_EQ(Lin.Flags.LDFLAGS[0].Value, "-lm");
}

TEST(Package, ErrorsOnlyForLinesThatApply) {
  Package P = pkg({{"/p/a.go", "package a\n// #cgo windows FOO: x\n"
                               "// #cgo linux BAR: y\nimport \"C\"\n"}});
  TargetView Lin = viewForTarget(P, *parseTarget("linux/amd64"));
  ASSERT_EQ(Lin.DirectiveErrors.size(), 1u);
  EXPECT_EQ(Lin.DirectiveErrors[0].Message,
            "invalid #cgo verb: #cgo linux BAR: y");
  EXPECT_EQ(Lin.DirectiveErrors[0].File->Path, "/p/a.go");
}

TEST(Package, MalformedArgument) {
  Package P =
      pkg({{"/p/a.go", "package a\n// #cgo CFLAGS: -D`x`\nimport \"C\"\n"}});
  TargetView V = viewForTarget(P, *parseTarget("linux/amd64"));
  ASSERT_EQ(V.DirectiveErrors.size(), 1u);
  EXPECT_EQ(V.DirectiveErrors[0].Message, "malformed #cgo argument: -D`x`");
}

TEST(Package, FileSelection) {
  Package P = pkg({{"/p/a_darwin.go", "package a\n// int a;\nimport \"C\"\n"},
                   {"/p/b_linux_amd64.go", "package a\n"},
                   {"/p/c.go", "//go:build ignore\n\npackage a\n"},
                   {"/p/d_test.go", "package a\n"},
                   {"/p/_e.go", "package a\n"}});
  TargetView Mac = viewForTarget(P, *parseTarget("darwin/arm64"));
  ASSERT_EQ(Mac.Files.size(), 1u);
  EXPECT_EQ(Mac.Files[0]->Path, "/p/a_darwin.go");
  TargetView Lin = viewForTarget(P, *parseTarget("linux/amd64"));
  ASSERT_EQ(Lin.Files.size(), 1u);
  EXPECT_EQ(Lin.Files[0]->Path, "/p/b_linux_amd64.go");
  Target NoCgo = *parseTarget("darwin/arm64");
  NoCgo.CgoEnabled = false;
  EXPECT_TRUE(viewForTarget(P, NoCgo).Files.empty());
}

} // namespace
