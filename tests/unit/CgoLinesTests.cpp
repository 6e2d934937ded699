//===- CgoLinesTests.cpp - Where a position is in a #cgo line -------------===//
#include "features/CgoLines.h"

#include <gtest/gtest.h>

using namespace cgols;
using Slot = CgoLineAt::Slot;

namespace {

/// The #cgo line word at the "|" of Marked (which is removed).
std::optional<CgoLineAt> at(std::string Marked) {
  std::size_t P = Marked.find('|');
  Marked.erase(P, 1);
  return cgoLineAt(Marked, P);
}

TEST(CgoLines, SlotsOfALine) {
  auto A = at("package a\n\n// #cgo darwin LDFLAGS: -framework Co|coa\n"
              "import \"C\"\n");
  ASSERT_TRUE(A);
  EXPECT_EQ(A->S, Slot::Framework);
  EXPECT_EQ(A->Verb, "LDFLAGS");
  EXPECT_EQ(A->Word, "Cocoa");
  EXPECT_EQ(A->Prefix, "Co");
  EXPECT_EQ(A->Previous, "-framework");

  A = at("package a\n\n// #cgo |\nimport \"C\"\n");
  ASSERT_TRUE(A);
  EXPECT_EQ(A->S, Slot::Head);
  EXPECT_EQ(A->Word, "");

  A = at("package a\n\n/*\n#cgo LDFLAGS:-l|m -lz\n*/\nimport \"C\"\n");
  ASSERT_TRUE(A); // a colon inside the word: only its right side
  EXPECT_EQ(A->S, Slot::Library);
  EXPECT_EQ(A->Word, "-lm");
  EXPECT_EQ(A->Next, "-lz");

  A = at("package a\n\n// #cgo linux LDF|\nimport \"C\"\n");
  ASSERT_TRUE(A);
  EXPECT_EQ(A->S, Slot::Head);
  EXPECT_EQ(A->Prefix, "LDF");

  A = at("package a\n\n// #cgo pkg-config: gtk+-3.0 gl|\nimport \"C\"\n");
  ASSERT_TRUE(A);
  EXPECT_EQ(A->S, Slot::Package);
  EXPECT_EQ(A->Previous, "gtk+-3.0");

  A = at("package a\n\n// #cgo nocallback f|oo\nimport \"C\"\n");
  ASSERT_TRUE(A);
  EXPECT_EQ(A->S, Slot::Function);
  EXPECT_EQ(A->Verb, "nocallback");
}

TEST(CgoLines, OnlyInsideThePreamblesCgoLines) {
  // Not a #cgo line; a #cgo line of a comment that is not the preamble;
  // Go code; a #cgoX word; an unknown verb.
  EXPECT_FALSE(at("package a\n\n// #include <x|.h>\nimport \"C\"\n"));
  EXPECT_FALSE(at("package a\n\n// #cgo LDFLAGS: -l|m\n\nimport \"C\"\n"));
  EXPECT_FALSE(at("package a\n\nimport \"C\"\n\nvar x = \"#cgo |\"\n"));
  EXPECT_FALSE(at("package a\n\n// #cgoX |\nimport \"C\"\n"));
  EXPECT_FALSE(at("package a\n\n// #cgo FOO: -|x\nimport \"C\"\n"));
  EXPECT_FALSE(cgoLineAt("package a\n", 400));
}

TEST(CgoLines, FlagsFollowTheInstalledGo) {
  CgoLineAt A;
  A.S = Slot::Flag;
  A.Verb = "LDFLAGS";
  A.Prefix = "-Wl,--p";
  CgoLineSources S;
  S.GoVer = {22, 0};
  auto Has = [&](const std::string &L) {
    for (const CgoLineCandidate &C : cgoLineCandidates(A, S))
      if (C.Label == L)
        return true;
    return false;
  };
  EXPECT_TRUE(Has("-Wl,--push-state"));
  S.GoVer = {19, 8};
  EXPECT_FALSE(Has("-Wl,--push-state"));
  // CGO_LDFLAGS_DISALLOW takes it away again.
  S.GoVer = {22, 0};
  S.CgoFlagEnv["CGO_LDFLAGS_DISALLOW"] = "-Wl,--push.*";
  EXPECT_FALSE(Has("-Wl,--push-state"));
}

} // namespace
