//===- Package.cpp - go/build's file selection and saveCgo ----------------===//
#include "Package.h"

#include "core/FlagKinds.h"

#include <algorithm>

namespace cgols {
namespace {

std::string baseName(const std::string &Path) {
  auto S = Path.rfind('/');
  return S == std::string::npos ? Path : Path.substr(S + 1);
}

bool isAbs(const std::string &P) { return !P.empty() && P.front() == '/'; }

std::string joinPath(const std::string &Dir, const std::string &Rel) {
  // filepath.Join cleans the result; cgols only needs "a/./b" and "a//b"
  // not to matter to Clang, so a plain join is enough here.
  if (Dir.empty())
    return Rel;
  return Dir.back() == '/' ? Dir + Rel : Dir + "/" + Rel;
}

// go/build's expandSrcDir: replaces ${SRCDIR} and checks the result.
bool expandSrcDir(std::string &Arg, const std::string &Dir) {
  const std::string Key = "${SRCDIR}";
  if (Arg.find(Key) == std::string::npos)
    return go::isSafeCgoArg(Arg);
  bool Ok = true;
  std::string Out;
  std::size_t P = 0;
  while (true) {
    auto Q = Arg.find(Key, P);
    std::string Chunk = Arg.substr(P, Q == std::string::npos ? Q : Q - P);
    Ok = Ok && (Chunk.empty() || go::isSafeCgoArg(Chunk));
    Out += Chunk;
    if (Q == std::string::npos)
      break;
    Out += Dir;
    P = Q + Key.size();
  }
  Ok = Ok && (Dir.empty() || go::isSafeCgoArg(Dir));
  Arg = Out;
  return Ok && !Arg.empty();
}

void makePathsAbsolute(std::vector<FlagArg> &Args, const std::string &Dir) {
  bool NextPath = false;
  for (FlagArg &A : Args) {
    if (NextPath) {
      if (!isAbs(A.Value))
        A.Value = joinPath(Dir, A.Value);
      NextPath = false;
    } else if (A.Value.rfind("-I", 0) == 0 || A.Value.rfind("-L", 0) == 0) {
      if (A.Value.size() == 2)
        NextPath = true;
      else if (!isAbs(A.Value.substr(2)))
        A.Value = A.Value.substr(0, 2) + joinPath(Dir, A.Value.substr(2));
    }
  }
}

} // namespace

Package makePackage(std::string Dir,
                    std::vector<std::pair<std::string, std::string>> Files,
                    go::GoVersion V) {
  Package P;
  P.Dir = std::move(Dir);
  std::sort(Files.begin(), Files.end());
  for (auto &[Path, Text] : Files) {
    auto F = std::make_shared<SourceFile>();
    F->Path = Path;
    F->Text = std::move(Text);
    F->Go = go::parseGoFile(Path, F->Text);
    F->Directives = go::parseCgoDirectives(F->Go, V);
    P.Files.push_back(std::move(F));
  }
  return P;
}

bool fileMatchesTarget(const SourceFile &F, const Target &T) {
  std::string Base = baseName(F.Path);
  if (Base.empty() || Base[0] == '_' || Base[0] == '.')
    return false;
  if (Base.size() > 8 && Base.substr(Base.size() - 8) == "_test.go")
    return false;
  if (!F.Go.HasPackageClause)
    return false;
  if (!matchFileName(Base, T))
    return false;
  if (F.Go.GoBuild) {
    if (!evalGoBuild(*F.Go.GoBuild, T).value_or(false))
      return false;
  } else {
    for (const std::string &L : F.Go.PlusBuild)
      if (!evalPlusBuild(L, T))
        return false;
  }
  if (F.Go.isCgo() && !T.CgoEnabled)
    return false;
  return true;
}

TargetView viewForTarget(const Package &P, const Target &T) {
  TargetView V;
  V.T = T;
  for (const auto &FP : P.Files) {
    const SourceFile &F = *FP;
    if (!fileMatchesTarget(F, T))
      continue;
    V.Files.push_back(&F);
    if (!F.Go.isCgo())
      continue;
    V.CgoFiles.push_back(&F);
    for (const go::CgoDirective &D : F.Directives) {
      using K = go::CgoDirective::Kind;
      if (D.K == K::Invalid) {
        V.DirectiveErrors.push_back(DirectiveError{&F, D.Line, D.Error});
        continue;
      }
      if (D.K == K::NoCallback || D.K == K::NoEscape)
        continue;
      if (!D.Conditions.empty() &&
          std::none_of(D.Conditions.begin(), D.Conditions.end(),
                       [&](const go::CgoWord &C) {
                         return evalCgoCondition(C.Text, T);
                       }))
        continue;
      if (!D.Error.empty()) {
        V.DirectiveErrors.push_back(DirectiveError{&F, D.Line, D.Error});
        continue;
      }
      std::vector<FlagArg> Args;
      bool Bad = false;
      for (const go::CgoWord &W : D.Args) {
        FlagArg A{W.Text, F.Path, W.Where};
        if (!expandSrcDir(A.Value, P.Dir)) {
          V.DirectiveErrors.push_back(DirectiveError{
              &F, W.Where, "malformed #cgo argument: " + A.Value});
          Bad = true;
          break;
        }
        Args.push_back(std::move(A));
      }
      if (Bad)
        continue;
      if (D.K == K::Unknown) {
        V.DirectiveErrors.push_back(
            DirectiveError{&F, D.Verb.Where, "invalid #cgo verb: " + D.Orig});
        continue;
      }
      if (D.K == K::PkgConfig) {
        V.Flags.PkgConfig.insert(V.Flags.PkgConfig.end(), Args.begin(),
                                 Args.end());
        continue;
      }
      makePathsAbsolute(Args, P.Dir);
      std::vector<FlagArg> &Dst =
          V.Flags.ofKind(cgoFlagKindIndex(D.Verb.Text).value_or(4));
      Dst.insert(Dst.end(), Args.begin(), Args.end());
    }
  }
  return V;
}

} // namespace cgols
