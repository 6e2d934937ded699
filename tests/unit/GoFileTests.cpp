//===- GoFileTests.cpp - Preamble extraction, as cmd/cgo does it ----------===//
#include "cgo/GoFile.h"
#include "cgo/GoScanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace cgols;
using namespace cgols::go;
using ::testing::ElementsAre;

namespace {

std::string preambleOf(const std::string &Src) {
  return parseGoFile("/p/a.go", Src).Preamble;
}

TEST(GoScanner, AutomaticSemicolons) {
  std::string S = "package a\nimport \"C\" // x\nfunc f() { return }\n";
  auto Toks = scan(S);
  std::vector<std::string> Kinds;
  for (const Token &T : Toks)
    if (T.Kind == Tok::Semicolon)
      Kinds.push_back(T.Auto ? "auto" : "explicit");
  // after `a`, after "C" (before the comment), after `return`?? no: `}`.
  EXPECT_THAT(Kinds, ElementsAre("auto", "auto", "auto"));
}

TEST(GoScanner, NeverFailsOnGarbage) {
  std::string S("package a\0\xff\xfe`unterminated\n\"x", 29);
  auto Toks = scan(S);
  ASSERT_FALSE(Toks.empty());
  EXPECT_EQ(Toks.back().Kind, Tok::EndOfFile);
  for (const Token &T : Toks)
    EXPECT_LE(T.End, S.size());
}

TEST(GoFile, LineCommentPreamble) {
  GoFile F = parseGoFile("/p/a.go", "package a\n\n// #include <stdio.h>\n"
                                    "// int x;\nimport \"C\"\n");
  ASSERT_EQ(F.CImports.size(), 1u);
  EXPECT_TRUE(F.CImports[0].Doc.has_value());
  EXPECT_EQ(F.Preamble, " #include <stdio.h>\n int x;\n\n");
}

TEST(GoFile, BlockCommentPreamble) {
  EXPECT_EQ(preambleOf("package a\n/*\n#include <x.h>\n*/\nimport \"C\"\n"),
            "\n#include <x.h>\n\n");
}

TEST(GoFile, BlankLineDetaches) {
  GoFile F = parseGoFile("/p/a.go", "package a\n\n// #include <stdio.h>\n\n"
                                    "import \"C\"\n");
  ASSERT_EQ(F.CImports.size(), 1u);
  EXPECT_FALSE(F.CImports[0].Doc.has_value());
  EXPECT_TRUE(F.CImports[0].Detached.has_value());
  EXPECT_EQ(F.Preamble, "");
}

TEST(GoFile, SpecDocInGroupedImport) {
  GoFile F = parseGoFile("/p/a.go", "package a\nimport (\n\t\"fmt\"\n"
                                    "\t// int y;\n\t\"C\"\n)\n");
  ASSERT_EQ(F.CImports.size(), 1u);
  EXPECT_EQ(F.Preamble, " int y;\n\n");
}

TEST(GoFile, DeclDocOnlyForSingleSpec) {
  // The declaration's doc is the preamble only when "C" is its only spec.
  EXPECT_EQ(preambleOf("package a\n// int z;\nimport (\n\t\"C\"\n)\n"),
            " int z;\n\n");
  EXPECT_EQ(
      preambleOf("package a\n// int z;\nimport (\n\t\"C\"\n\t\"fmt\"\n)\n"),
      "");
}

TEST(GoFile, TrailingCommentIsNotTheDoc) {
  // `import "fmt" // x` then a group on the next lines: the lead comment of
  // import "C" is the second group only.
  EXPECT_EQ(preambleOf("package a\nimport \"fmt\" // not C\n// int w;\n"
                       "import \"C\"\n"),
            " int w;\n\n");
}

TEST(GoFile, CommentsInsideStringsAreNotComments) {
  GoFile F = parseGoFile("/p/a.go", "package a\nvar s = \"/* not a comment\"\n"
                                    "var r = `// nor this`\n");
  EXPECT_FALSE(F.isCgo());
}

TEST(GoFile, ImportsAfterOtherDeclsAreIgnored) {
  GoFile F = parseGoFile("/p/a.go", "package a\nvar x int\n// int y;\n"
                                    "import \"C\"\n");
  EXPECT_FALSE(F.isCgo());
}

TEST(GoFile, RenamedImport) {
  GoFile F = parseGoFile("/p/a.go", "package a\n// int y;\nimport c \"C\"\n");
  ASSERT_EQ(F.CImports.size(), 1u);
  EXPECT_TRUE(F.CImports[0].Renamed);
}

TEST(GoFile, SourceMapPointsIntoTheGoFile) {
  std::string Src = "package a\n\n/*\nint x = y;\n*/\nimport \"C\"\n";
  GoFile F = parseGoFile("/p/a.go", Src);
  std::size_t P = F.Preamble.find('y');
  ASSERT_NE(P, std::string::npos);
  EXPECT_EQ(Src[F.PreambleMap.toGo(P)], 'y');
  std::string Src2 = "package a\n// int a;\n//  int b = c;\nimport \"C\"\n";
  GoFile F2 = parseGoFile("/p/a.go", Src2);
  std::size_t P2 = F2.Preamble.find('c');
  EXPECT_EQ(Src2[F2.PreambleMap.toGo(P2)], 'c');
}

TEST(GoFile, CRefsAndExports) {
  std::string Src = "package a\n// int f(void);\nimport \"C\"\n\n"
                    "//export Go_cb\nfunc Go_cb() {}\n"
                    "func g() { C.f(); x.C.y(); _ = C.struct_s{} }\n";
  GoFile F = parseGoFile("/p/a.go", Src);
  std::vector<std::string> Names;
  for (const CRef &R : F.Refs)
    Names.push_back(R.Name);
  EXPECT_THAT(Names, ElementsAre("f", "struct_s"));
  ASSERT_EQ(F.Exports.size(), 1u);
  EXPECT_EQ(F.Exports[0].Name, "Go_cb");
  EXPECT_EQ(F.Exports[0].FuncName, "Go_cb");
}

TEST(GoFile, BuildConstraints) {
  GoFile F = parseGoFile("/p/a.go", "//go:build darwin && cgo\n\npackage a\n");
  ASSERT_TRUE(F.GoBuild.has_value());
  EXPECT_EQ(*F.GoBuild, "darwin && cgo");
  GoFile P = parseGoFile("/p/a.go", "// +build linux\n\npackage a\n");
  EXPECT_THAT(P.PlusBuild, ElementsAre(" linux"));
  // A +build line not followed by a blank line does not count.
  GoFile Q = parseGoFile("/p/a.go", "// +build linux\npackage a\n");
  EXPECT_TRUE(Q.PlusBuild.empty());
}

TEST(GoFile, MultipleImportCConcatenate) {
  std::string P = preambleOf("package a\n// int a;\nimport \"C\"\n"
                             "// int b;\nimport \"C\"\n");
  EXPECT_EQ(P, " int a;\n\n int b;\n\n");
}

TEST(GoFile, CarriageReturnsAreBlanked) {
  std::string P = preambleOf("package a\r\n// int a;\r\nimport \"C\"\r\n");
  EXPECT_EQ(P.find('\r'), std::string::npos);
}

} // namespace
