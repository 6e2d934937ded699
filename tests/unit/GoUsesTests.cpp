//===- GoUsesTests.cpp - The Go-side reader of function bodies ------------===//
#include "cgo/GoUses.h"

#include <gtest/gtest.h>

using namespace cgols::go;

namespace {

std::string at(const std::string &T, Range R) {
  return T.substr(R.Begin, R.End - R.Begin);
}

TEST(GoUses, CallsWithTheirArgumentsAndLocals) {
  std::string T = "package p\n"
                  "import \"C\"\n"
                  "func f(a, b int, s *C.char) (n int) {\n"
                  "\tvar x C.int = 3\n"
                  "\ty := len(s)\n"
                  "\tC.g(a, \"hi\", C.int(y), (*C.char)(nil))\n"
                  "\tvar r int = C.h()\n"
                  "\treturn C.k(x)\n"
                  "}\n";
  GoUses U = readGoUses(T);
  ASSERT_EQ(U.Funcs.size(), 1u);
  const Function &F = U.Funcs[0];
  EXPECT_EQ(F.Result, "int");
  EXPECT_EQ(localOf(U, 0, "a")->Type, "int");
  EXPECT_EQ(localOf(U, 0, "b")->Type, "int");
  EXPECT_EQ(localOf(U, 0, "s")->Type, "*C.char");
  EXPECT_EQ(localOf(U, 0, "x")->Type, "C.int");
  ASSERT_TRUE(localOf(U, 0, "y")->HasInit);
  EXPECT_EQ(localOf(U, 0, "y")->Init.K, Expr::Kind::Call);
  EXPECT_EQ(localOf(U, 0, "y")->Init.Text, "len");
  // g, C.int (a conversion reads as a call), h, k
  ASSERT_EQ(U.Calls.size(), 4u);
  const CCall &G = U.Calls[0];
  EXPECT_EQ(G.Name, "g");
  ASSERT_EQ(G.Call.Args.size(), 4u);
  EXPECT_EQ(G.Call.Args[0].K, Expr::Kind::Ident);
  EXPECT_EQ(G.Call.Args[1].K, Expr::Kind::String);
  EXPECT_EQ(at(T, G.Call.Args[1].Where), "\"hi\"");
  EXPECT_EQ(G.Call.Args[2].Text, "C.int");
  EXPECT_EQ(G.Call.Args[3].Text, "(*C.char)");
  EXPECT_EQ(U.Calls[2].Name, "h");
  EXPECT_EQ(U.Calls[2].Target, "int");
  EXPECT_EQ(U.Calls[2].Context, "variable declaration");
  EXPECT_EQ(U.Calls[3].Name, "k");
  EXPECT_EQ(U.Calls[3].Context, "return statement");
}

TEST(GoUses, ANameDeclaredTwiceIsNotKnown) {
  std::string T =
      "package p\nfunc f(n int) {\n\tfunc() { n := \"s\"; _ = n }()\n"
      "\tC.g(n)\n}\n";
  GoUses U = readGoUses(T);
  EXPECT_EQ(localOf(U, 0, "n"), nullptr);
}

TEST(GoUses, ReturnInAFunctionLiteralIsNotTheFunctions) {
  std::string T = "package p\nfunc f() int {\n\tg := func() C.int { return "
                  "C.h() }\n\treturn int(g())\n}\n";
  GoUses U = readGoUses(T);
  ASSERT_EQ(U.Calls.size(), 1u);
  EXPECT_TRUE(U.Calls[0].Target.empty());
}

TEST(GoUses, CStringsFreedKeptOrOnlyPassedToC) {
  std::string T =
      "package p\n"
      "func leak(s string) {\n\tcs := C.CString(s) // why\n"
      "\tC.puts(cs)\n\tC.puts((*C.char)(unsafe.Pointer(cs)))\n}\n"
      "func freed(s string) {\n\tcs := C.CString(s)\n"
      "\tdefer C.free(unsafe.Pointer(cs))\n\tC.puts(cs)\n}\n"
      "func kept(s string) *C.char {\n\tcs := C.CString(s)\n"
      "\treturn cs\n}\n"
      "func handed(s string) {\n\tcs := C.CString(s)\n\tuse(cs)\n}\n"
      "func direct() {\n\tC.puts(C.CString(\"x\"))\n}\n";
  GoUses U = readGoUses(T);
  ASSERT_EQ(U.Leaks.size(), 2u);
  EXPECT_EQ(U.Leaks[0].Var, "cs");
  EXPECT_EQ(U.Funcs[U.Leaks[0].Func].Name, "leak");
  // The defer goes at the end of the line, after its comment.
  EXPECT_EQ(T.compare(U.Leaks[0].StatementEnd - 6, 6, "// why"), 0);
  EXPECT_EQ(U.Leaks[0].Indent, "\t");
  EXPECT_EQ(U.Leaks[1].Var, "");
  EXPECT_EQ(U.Funcs[U.Leaks[1].Func].Name, "direct");
}

TEST(GoUses, FieldsOfLocals) {
  std::string T = "package p\nfunc f(p *C.struct_s) {\n\t_ = p.a + q.b\n"
                  "\t_ = x.p.c\n}\n";
  GoUses U = readGoUses(T);
  ASSERT_EQ(U.Fields.size(), 1u); // q is not a local; x.p is not a local's
  EXPECT_EQ(U.Fields[0].Var, "p");
  EXPECT_EQ(U.Fields[0].Field, "a");
}

TEST(GoUses, TheFilesTypesAndCompositeLiterals) {
  std::string T =
      "package p\ntype point struct{ x, y int }\ntype (\n\tn int\n"
      "\tcp = C.struct_point\n)\nfunc f() {\n\tC.g(point{1, 2})\n}\n";
  GoUses U = readGoUses(T);
  ASSERT_EQ(U.Types.size(), 3u);
  EXPECT_EQ(U.Types["point"].Underlying, "struct");
  EXPECT_EQ(U.Types["n"].Underlying, "int");
  EXPECT_TRUE(U.Types["cp"].Alias);
  ASSERT_EQ(U.Calls.size(), 1u);
  ASSERT_EQ(U.Calls[0].Call.Args.size(), 1u);
  EXPECT_EQ(U.Calls[0].Call.Args[0].K, Expr::Kind::Composite);
  EXPECT_EQ(U.Calls[0].Call.Args[0].Text, "point");
}

TEST(GoUses, GarbageIsReadWithoutFailing) {
  for (std::string T :
       {std::string("func"), std::string("func f("), std::string("func f() {"),
        std::string("func f() { C.g( }"), std::string("}}}) func ((( {"),
        std::string("func f() { x := ; C.h(x,,) }"), std::string("\0\xff", 2)})
    (void)readGoUses(T);
}

} // namespace
