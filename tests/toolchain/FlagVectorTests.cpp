//===- FlagVectorTests.cpp - The allowlist against the go command's tests -===//
//
// Reads the test vectors (goodCompilerFlags, badCompilerFlags,
// goodLinkerFlags, badLinkerFlags) of the installed Go's own
// cmd/go/internal/work/security_test.go and checks that cgols's
// reimplementation, set to that Go version, agrees with every one.
// Label: toolchain (needs go and its source, as Debian's golang-go ships).
//
//===----------------------------------------------------------------------===//
#include "Environment.h"
#include "pipeline/Flags.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace cgols;

namespace {

// The [][]string literal named Var: each {"a", "b"} row.
std::vector<std::vector<std::string>> vectors(const std::string &Src,
                                              const std::string &Var) {
  std::vector<std::vector<std::string>> Out;
  std::size_t P = Src.find("var " + Var + " = [][]string{");
  if (P == std::string::npos)
    return Out;
  P = Src.find('\n', P);
  std::size_t End = Src.find("\n}", P);
  std::vector<std::string> Row;
  bool InRow = false;
  for (std::size_t I = P; I < End; ++I) {
    char C = Src[I];
    if (C == '/' && Src[I + 1] == '/') {
      I = Src.find('\n', I);
      continue;
    }
    if (C == '{') {
      InRow = true;
      Row.clear();
    } else if (C == '}') {
      InRow = false;
      Out.push_back(Row);
    } else if (C == '"' && InRow) {
      std::string S;
      for (++I; I < End && Src[I] != '"'; ++I) {
        if (Src[I] == '\\' && I + 1 < End)
          ++I;
        S.push_back(Src[I]);
      }
      Row.push_back(S);
    }
  }
  return Out;
}

std::string show(const std::vector<std::string> &V) {
  std::string S;
  for (const auto &A : V)
    S += " " + A;
  return S;
}

TEST(FlagVectors, AgreeWithTheInstalledGo) {
  RealEnvironment Env;
  Toolchain T = probeToolchain(Env);
  ASSERT_TRUE(T.GoFound) << T.Problem;
  RunResult R = Env.run({"go", "env", "GOROOT"});
  std::string Root = R.Out.substr(0, R.Out.find('\n'));
  std::ifstream In(Root + "/src/cmd/go/internal/work/security_test.go");
  ASSERT_TRUE(In) << "no security_test.go under " << Root;
  std::stringstream SS;
  SS << In.rdbuf();
  std::string Src = SS.str();
  struct List {
    const char *Var;
    FlagKind K;
    bool Good;
  } Lists[] = {{"goodCompilerFlags", FlagKind::Compiler, true},
               {"badCompilerFlags", FlagKind::Compiler, false},
               {"goodLinkerFlags", FlagKind::Linker, true},
               {"badLinkerFlags", FlagKind::Linker, false}};
  std::size_t Total = 0;
  for (const List &L : Lists) {
    auto Vs = vectors(Src, L.Var);
    EXPECT_GT(Vs.size(), 10u) << L.Var;
    for (const auto &V : Vs) {
      ++Total;
      bool Ok = checkFlagList(V, L.K, "#cgo TEST", T.GoMinor, std::nullopt,
                              std::nullopt)
                    .empty();
      EXPECT_EQ(Ok, L.Good)
          << L.Var << ":" << show(V) << " (" << T.GoVersion << ")";
    }
  }
  EXPECT_GT(Total, 100u);
  std::cout << "checked " << Total << " vectors of " << T.GoVersion << "\n";
}

} // namespace
