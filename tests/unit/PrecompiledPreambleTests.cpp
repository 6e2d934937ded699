//===- PrecompiledPreambleTests.cpp - Parsing over a precompiled block ----===//
//
// A compile over a precompiled #include block must give exactly the result
// of a plain compile (compared through the worker wire's encoding, which
// covers every field), must reuse the block while it and what it read are
// unchanged, and must rebuild it when a header changes: on disk, or in the
// editor's unsaved text with the same size.
//
//===----------------------------------------------------------------------===//
#include "CompileWire.h"

#include "llvm/Support/MemoryBuffer.h"

#include <boost/json.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace cgols;
using ::testing::HasSubstr;

namespace {

CompileRequest request(const std::string &Preamble,
                       const std::string &Target = "linux/amd64") {
  CompileRequest R;
  R.GoFilePath = "/ws/p/a.go";
  R.Preamble = Preamble;
  R.T = *parseTarget(Target);
  R.Flags = {"-DX=1", "-I/ws/p/inc"};
  R.Sysroot = R.T.isDarwin() ? CGOLS_TEST_FIXTURES "/sdk/MacOSX.sdk"
                             : CGOLS_TEST_FIXTURES "/linux-sysroot";
  R.ResourceDir = CGOLS_CLANG_RESOURCE_DIR;
  R.CollectSymbols = true;
  // The Go view of names of the block and of the body, looked up through
  // the precompiled block: the same as a plain compile's.
  R.GoNames = {"enum_color", "hello",  "later",        "point_t",    "printf",
               "puts",       "shared", "struct_point", "union_none", "X_undef"};
  R.Precompile = true;
  return R;
}

struct Files {
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> Mem =
      llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  void add(const std::string &Path, const std::string &Text) {
    Mem->addFile(Path, 0, llvm::MemoryBuffer::getMemBufferCopy(Text, Path));
  }
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs() const {
    auto O = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
        llvm::vfs::getRealFileSystem());
    O->pushOverlay(Mem);
    return O;
  }
};

std::string plain(CompileRequest Req, const Files &F) {
  Req.Precompile = false;
  return encodeCompileResult(compilePreamble(Req, F.fs(), nullptr));
}

// The fields of two encoded results that differ, with both values: short
// enough to read in a failure (a whole result lists every macro).
std::string differences(const std::string &A, const std::string &B) {
  // The wire has a result's fields in the order of its field list.
  boost::json::array OA = boost::json::parse(A).as_array();
  boost::json::array OB = boost::json::parse(B).as_array();
  std::vector<std::string> Names;
  CompileResult Dummy;
  fields::forEach(Dummy,
                  [&](const char *N, const auto &) { Names.push_back(N); });
  std::string Out;
  for (std::size_t I = 0; I < OA.size(); ++I)
    if (I >= OB.size() || OB[I] != OA[I])
      Out += (I < Names.size() ? Names[I] : "?") + ": " +
             boost::json::serialize(OA[I]) + "\n  vs " +
             (I < OB.size() ? boost::json::serialize(OB[I]) : "nothing") + "\n";
  return Out;
}

class PrecompiledPreamble : public ::testing::Test {
protected:
  void SetUp() override {
    F.add("/ws/p/local.h",
          "#include <stdio.h>\n"
          "#define LOCAL_LIMIT 64\n"
          "#define LOCAL_GONE 1\n"
          "#define LOCAL_FN(x) (x)\n"
          "/* Says hi. */\n"
          "static inline int hello(void) { return puts(\"hi\"); }\n"
          "int later(void);\n"
          "extern int shared;\n"
          "int broken = \"not an int\";\n");
    F.add("/ws/p/inc/deep.h", "struct point { int x, y; };\n"
                              "typedef struct point point_t;\n"
                              "enum color { RED, GREEN };\n");
  }
  Files F;
  PrecompiledStore Store; // this test's own
  unsigned built() const { return Store.stats().Built; }
  unsigned reused() const { return Store.stats().Reused; }
};

TEST_F(PrecompiledPreamble, GivesThePlainCompilesResult) {
  const char *Bodies[] = {
      // Uses of the block's declarations, an error, a definition of a name
      // the block only declares, an #undef of the block's macro.
      "int later(void) { return hello() + missing; }\n"
      "#undef LOCAL_GONE\n"
      "int *p = 1;\n"
      "#ifdef X\nint defined_under_x;\n#endif\n"
      "static point_t origin;\n",
      // Nothing below the block but a tentative definition.
      "int shared;\n",
      // An #include below code is parsed with the body.
      "int f(void) { return RED; }\n#include \"inc/deep.h\"\n",
  };
  std::vector<CompileRequest> Reqs;
  std::vector<std::string> Expected;
  for (const char *Body : Bodies) {
    Reqs.push_back(request(std::string("// comment\n#include <stdio.h>\n"
                                       "#include \"local.h\"\n"
                                       "#include <deep.h>\n"
                                       "#include <nothere.h>\n") +
                           Body));
    Expected.push_back(plain(Reqs.back(), F));
  }
  for (std::size_t I = 0; I < Reqs.size(); ++I) {
    CompileResult R = compilePreamble(Reqs[I], F.fs(), &Store);
    EXPECT_EQ(differences(encodeCompileResult(R), Expected[I]), "")
        << Bodies[I];
    EXPECT_TRUE(R.MissingHeader);
  }
  EXPECT_EQ(built(), 1u);
  EXPECT_EQ(reused(), 2u);
}

// The files of a package that start with the same block share it: each
// result is still its own file's plain compile (the block's errors, names
// and include sites included), and the block is built once.
TEST_F(PrecompiledPreamble, IsSharedByTheFilesOfAPackage) {
  std::string Block = "#include <stdio.h>\n#include \"local.h\"\n"
                      "#include <nothere.h>\n";
  CompileRequest A = request(Block + "int a = later();\nint *pa = 1;\n");
  CompileRequest B = request(Block + "static int b(void) { return hello() + "
                                     "nope; }\n#undef LOCAL_GONE\n");
  B.GoFilePath = "/ws/p/b.go";
  CompileRequest Elsewhere = request(Block + "int c;\n");
  Elsewhere.GoFilePath = "/ws/q/c.go"; // another directory: its own block
  F.add("/ws/q/local.h", "int other_local;\n");
  for (CompileRequest *R : {&A, &B, &Elsewhere}) {
    std::string Expected = plain(*R, F);
    EXPECT_EQ(
        differences(encodeCompileResult(compilePreamble(*R, F.fs(), &Store)),
                    Expected),
        "")
        << R->GoFilePath;
  }
  EXPECT_EQ(built(), 2u);
  EXPECT_EQ(reused(), 1u);
  EXPECT_EQ(preambleAffinity(A), preambleAffinity(B));
  EXPECT_NE(preambleAffinity(A), preambleAffinity(Elsewhere));
}

TEST_F(PrecompiledPreamble, GivesThePlainResultForObjectiveC) {
  F.add("/ws/p/cls.h", "#import <Foundation/Foundation.h>\n"
                       "@interface Mine : NSObject\n@end\n");
  CompileRequest Req = request("#include \"cls.h\"\n"
                               "@implementation Mine\n@end\n"
                               "static void f(void) { [NSObject new]; }\n"
                               "void g(void) { f(); (void)@\"x\"; }\n",
                               "darwin/arm64");
  Req.Flags = {"-x", "objective-c"};
  std::string Expected = plain(Req, F);
  EXPECT_EQ(
      differences(encodeCompileResult(compilePreamble(Req, F.fs(), &Store)),
                  Expected),
      "");
  EXPECT_EQ(built(), 1u);
}

TEST_F(PrecompiledPreamble, IsReusedWhileTheBlockAndItsFilesAreUnchanged) {
  std::string Block = "#include \"local.h\"\n";
  CompileResult A =
      compilePreamble(request(Block + "int a;\n"), F.fs(), &Store);
  CompileResult B =
      compilePreamble(request(Block + "int b = later;\n"), F.fs(), &Store);
  EXPECT_EQ(built(), 1u);
  EXPECT_EQ(reused(), 1u);
  EXPECT_TRUE(A.DeclaredNames.contains("a"));
  EXPECT_FALSE(B.DeclaredNames.contains("a"));
  EXPECT_TRUE(B.DeclaredNames.contains("b"));
  EXPECT_TRUE(B.DeclaredNames.contains("LOCAL_LIMIT"));

  // Another block, then a flag changed: each its own.
  compilePreamble(request("#include <stdio.h>\n" + std::string("int c;\n")),
                  F.fs(), &Store);
  CompileRequest Flagged = request(Block + "int d;\n");
  Flagged.Flags.push_back("-DY=2");
  compilePreamble(Flagged, F.fs(), &Store);
  EXPECT_EQ(built(), 3u);
  // The first is still kept.
  compilePreamble(request(Block + "int e;\n"), F.fs(), &Store);
  EXPECT_EQ(built(), 3u);
  EXPECT_EQ(reused(), 2u);
}

TEST_F(PrecompiledPreamble, AnUnsavedHeaderOfTheSameSizeRebuildsIt) {
  std::string Block = "#include \"inc/deep.h\"\n";
  CompileResult A =
      compilePreamble(request(Block + "int a;\n"), F.fs(), &Store);
  EXPECT_TRUE(A.DeclaredNames.contains("RED"));
  // The editor's text: same length, other names, no modification time.
  Files G;
  G.add("/ws/p/inc/deep.h", "struct point { int x, y; };\n"
                            "typedef struct point point_t;\n"
                            "enum color { BLU, GREEN };\n");
  CompileResult B =
      compilePreamble(request(Block + "int a;\n"), G.fs(), &Store);
  EXPECT_EQ(built(), 2u);
  EXPECT_FALSE(B.DeclaredNames.contains("RED"));
  EXPECT_TRUE(B.DeclaredNames.contains("BLU"));
}

TEST_F(PrecompiledPreamble, AHeaderChangedOnDiskRebuildsIt) {
  fs::path Dir =
      fs::temp_directory_path() /
      ("cgols-pch-" + std::to_string(::getpid()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::create_directories(Dir);
  auto Write = [&](const std::string &Text) {
    std::ofstream(Dir / "h.h") << Text;
  };
  Write("int one;\n");
  CompileRequest Req = request("#include \"h.h\"\nint body;\n");
  Req.GoFilePath = (Dir / "a.go").string();
  auto Real = llvm::vfs::getRealFileSystem();
  EXPECT_TRUE(compilePreamble(Req, Real, &Store).DeclaredNames.contains("one"));
  // Same size, a later time.
  fs::last_write_time(Dir / "h.h", fs::last_write_time(Dir / "h.h") -
                                       std::chrono::seconds(5));
  Write("int two;\n");
  CompileResult B = compilePreamble(Req, Real, &Store);
  EXPECT_TRUE(B.DeclaredNames.contains("two"));
  EXPECT_FALSE(B.DeclaredNames.contains("one"));
  EXPECT_EQ(built(), 2u);
  // A header that was missing and appears.
  Req.Preamble = "#include \"later.h\"\nint body;\n";
  EXPECT_TRUE(compilePreamble(Req, Real, &Store).MissingHeader);
  std::ofstream(Dir / "later.h") << "int appeared;\n";
  CompileResult C = compilePreamble(Req, Real, &Store);
  EXPECT_FALSE(C.MissingHeader);
  EXPECT_TRUE(C.DeclaredNames.contains("appeared"));
  fs::remove_all(Dir);
}

TEST_F(PrecompiledPreamble, IsNotUsedWithoutABlockOrForAFileNotEdited) {
  compilePreamble(request("int only_code;\n"), F.fs(), &Store);
  // A file not being edited (the rest of a package, cgols check).
  CompileRequest Once = request("#include <stdio.h>\nint y;\n");
  Once.Precompile = false;
  compilePreamble(Once, F.fs(), &Store);
  EXPECT_EQ(built(), 0u);
  EXPECT_EQ(reused(), 0u);
}

TEST(PreambleAffinity, FollowsTheBlockNotTheBody) {
  CompileRequest A = request("#include <stdio.h>\nint a;\n");
  CompileRequest B = request("#include <stdio.h>\nint b;\n");
  CompileRequest C = request("#include <stdlib.h>\nint a;\n");
  EXPECT_EQ(preambleAffinity(A), preambleAffinity(B));
  EXPECT_NE(preambleAffinity(A), preambleAffinity(C));
  B.Flags.push_back("-DZ");
  EXPECT_NE(preambleAffinity(A), preambleAffinity(B));
}

TEST(PreambleAffinity, SaysWhetherThereIsABlockToPrecompile) {
  bool HasBlock = false;
  preambleAffinity(request("// c\n#include <stdio.h>\nint a;\n"), &HasBlock);
  EXPECT_TRUE(HasBlock);
  preambleAffinity(request("int only_code;\n#include <stdio.h>\n"), &HasBlock);
  EXPECT_FALSE(HasBlock);
  // A .c/.m file of the package is compiled whole, never over a block.
  CompileRequest Source = request("#include <stdio.h>\nint a;\n");
  Source.SourcePath = "/ws/a/a.c";
  preambleAffinity(Source, &HasBlock);
  EXPECT_FALSE(HasBlock);
}

} // namespace

namespace {

TEST_F(PrecompiledPreamble, GoShapesComeFromTheBlockToo) {
  CompileRequest Req = request("#include <stdio.h>\n#include \"local.h\"\n"
                               "#include <deep.h>\n"
                               "struct bits { int a:3; int type; };\n"
                               "union u { int i; double d; };\n"
                               "static int add(int a, int b) { return a; }\n");
  Req.GoNames = {"add",         "point_t",      "printf", "puts",
                 "struct_bits", "struct_point", "union_u"};
  for (bool Pch : {true, false}) {
    Req.Precompile = Pch;
    CompileResult R = compilePreamble(Req, F.fs(), &Store);
    const CGoShape *Puts = findGoShape(R, "puts");
    ASSERT_TRUE(Puts) << Pch;
    EXPECT_FALSE(Puts->InPreamble);
    EXPECT_EQ(Puts->Params, std::vector<std::string>{"*_Ctype_char"});
    EXPECT_EQ(Puts->Result, "_Ctype_int");
    EXPECT_TRUE(findGoShape(R, "printf")->Variadic);
    EXPECT_TRUE(findGoShape(R, "add")->InPreamble);
    const CGoShape *P = findGoShape(R, "point_t");
    ASSERT_TRUE(P);
    EXPECT_EQ(P->Type, "_Ctype_struct_point"); // typedefs are aliases
    EXPECT_EQ(P->Fields, (std::vector<std::string>{"x", "y"}));
    const CGoShape *B = findGoShape(R, "struct_bits");
    ASSERT_TRUE(B);
    EXPECT_EQ(B->Fields, std::vector<std::string>{"_type"});
    EXPECT_EQ(B->Omitted, std::vector<std::string>{"a"});
    EXPECT_EQ(findGoShape(R, "union_u")->Type, "[8]byte");
  }
  EXPECT_EQ(built(), 1u);
}

} // namespace
