//===- LibraryVersions.cpp - Names an installed library is too old for ----===//
#include "LibraryVersions.h"

#include "checks/Check.h"
#include "link/LinkIndex.h"
#include "pipeline/PkgConfig.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <deque>
#include <map>

namespace cgols {

namespace {
bool upper(char C) { return C >= 'A' && C <= 'Z'; }
bool lower(char C) { return C >= 'a' && C <= 'z'; }
} // namespace

std::string libraryPrefix(const std::string &Name) {
  std::size_t U = Name.find('_', 1);
  if (U != std::string::npos && U + 1 < Name.size())
    return Name.substr(0, U + 1);
  // CamelCase: a capital, then lower-case letters up to the next capital.
  if (Name.size() > 2 && upper(Name[0]) && lower(Name[1])) {
    std::size_t E = 1;
    while (E < Name.size() && lower(Name[E]))
      ++E;
    if (E < Name.size() && upper(Name[E]))
      return Name.substr(0, E);
  }
  return "";
}

bool packageHasPrefix(const std::string &Package, const std::string &Prefix) {
  std::string P = llvm::StringRef(Prefix).rtrim('_').lower();
  std::string K = llvm::StringRef(Package).lower();
  if (P.size() < 2)
    return false;
  return llvm::StringRef(K).starts_with(P) ||
         llvm::StringRef(K).starts_with("lib" + P) ||
         (llvm::StringRef(P).starts_with("lib") &&
          llvm::StringRef(K).starts_with(P.substr(3)));
}

namespace {} // namespace

std::string undeclaredNameInMessage(llvm::StringRef Msg) {
  for (llvm::StringRef Head :
       {"unknown type name '", "use of undeclared identifier '",
        "call to undeclared function '", "implicit declaration of function '"})
    if (Msg.starts_with(Head)) {
      llvm::StringRef Rest = Msg.drop_front(Head.size());
      return Rest.take_until([](char C) { return C == '\''; }).str();
    }
  return "";
}

namespace {

// Every identifier of every header under Dirs (at most 20,000 files, 5,000
// directories and 64 MiB read, so that a symbolic link loop ends): what the
// installed headers name at all, declared or not (behind a version #if, in
// a header the preamble does not include).
std::set<std::string> identifiersUnder(llvm::vfs::FileSystem &FS,
                                       const std::vector<std::string> &Dirs,
                                       const std::set<std::string> &Wanted) {
  std::set<std::string> Found;
  std::size_t Files = 0, Bytes = 0;
  std::deque<std::string> Work(Dirs.begin(), Dirs.end());
  std::set<std::string> Seen;
  while (!Work.empty() && Files < 20000 && Seen.size() < 5000 &&
         Bytes < (64u << 20)) {
    std::string Dir = Work.front();
    Work.pop_front();
    if (!Seen.insert(Dir).second)
      continue;
    std::error_code EC;
    for (llvm::vfs::directory_iterator It = FS.dir_begin(Dir, EC), End;
         It != End && !EC; It.increment(EC)) {
      if (It->type() == llvm::sys::fs::file_type::directory_file) {
        Work.push_back(It->path().str());
        continue;
      }
      llvm::StringRef P = It->path();
      if (!(P.ends_with(".h") || P.ends_with(".hpp")))
        continue;
      auto B = FS.getBufferForFile(P);
      if (!B)
        continue;
      ++Files;
      llvm::StringRef T = (*B)->getBuffer();
      Bytes += T.size();
      for (std::size_t I = 0; I < T.size();) {
        if (!(llvm::isAlpha(T[I]) || T[I] == '_')) {
          ++I;
          continue;
        }
        std::size_t E = I;
        while (E < T.size() && (llvm::isAlnum(T[E]) || T[E] == '_'))
          ++E;
        llvm::StringRef W = T.slice(I, E);
        if (Wanted.count(W.str()))
          Found.insert(W.str());
        I = E;
      }
    }
  }
  return Found;
}

} // namespace

VersionGaps findVersionGaps(const CheckContext &C) {
  VersionGaps Out;
  // Only when pkg-config answered: otherwise the names are missing because
  // its flags are (cgo-pkg-config says so).
  if (!C.V || C.PkgConfigLine || C.V->Flags.PkgConfig.empty())
    return Out;
  std::vector<const FlagArg *> Packages;
  for (const FlagArg &A : C.V->Flags.PkgConfig)
    if (!llvm::StringRef(A.Value).starts_with("-"))
      Packages.push_back(&A);
  if (Packages.empty())
    return Out;

  // The names used and not declared, each with its first use.
  struct Use {
    std::string Name;
    Location At;
    std::string Error; ///< what cgo says of it
  };
  std::vector<Use> Undeclared;
  std::set<std::string> Seen;
  std::vector<const NameList *> Declared;
  for (const PreambleUnit &U : C.Preambles) {
    if (!U.R || !headersNotFound(*U.R).empty())
      continue;
    Declared.push_back(&U.R->DeclaredNames);
    const SourceFile &F = *U.File;
    auto Add = [&](const std::string &N, Location At, std::string Error) {
      if (!N.empty() && !isCgoBuiltinName(N) &&
          !U.R->DeclaredNames.contains(N) && Seen.insert(N).second)
        Undeclared.push_back({N, std::move(At), std::move(Error)});
    };
    for (const CDiagnostic &D : U.R->Diags) {
      if (D.Lev != CDiagnostic::Level::Error)
        continue;
      std::string N = undeclaredNameInMessage(D.Message);
      if (N.empty() || !D.HasLocation)
        continue;
      if (D.Where.InPreamble) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(D.Where.Begin, D.Where.End);
        Add(N, {F.Path, B, E}, D.Message);
      } else if (D.HasIncludeSite) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(D.IncludeBegin, D.IncludeEnd);
        Add(N, {F.Path, B, E}, D.Message);
      }
    }
    for (const go::CRef &R : F.Go.Refs) {
      llvm::StringRef N = R.Name;
      if (N.starts_with("struct_") || N.starts_with("union_") ||
          N.starts_with("enum_") || N.starts_with("sizeof_"))
        continue;
      Add(R.Name, {F.Path, R.Where.Begin, R.Where.End},
          "could not determine kind of name for C." + R.Name);
    }
  }
  if (Undeclared.empty() || Declared.empty())
    return Out;

  // Names of a prefix the installed headers use (three names or more),
  // that are not a slip of the keyboard for one of them.
  auto DeclaredWithPrefix = [&](const std::string &P) {
    std::vector<llvm::StringRef> Names;
    for (const NameList *L : Declared) {
      auto It = std::lower_bound(L->begin(), L->end(), llvm::StringRef(P));
      for (; It != L->end() && (*It).starts_with(P); ++It)
        Names.push_back(*It);
    }
    return Names;
  };
  std::map<std::string, std::vector<llvm::StringRef>> ByPrefix;
  std::map<const FlagArg *, std::vector<const Use *>> ByPackage;
  std::set<std::string> Candidates;
  for (const Use &U : Undeclared) {
    std::string P = libraryPrefix(U.Name);
    if (P.empty())
      continue;
    auto [It, New] = ByPrefix.try_emplace(P);
    if (New)
      It->second = DeclaredWithPrefix(P);
    const std::vector<llvm::StringRef> &Same = It->second;
    if (Same.size() < 3)
      continue;
    bool Typo = false;
    for (llvm::StringRef D : Same)
      if (D.size() + 1 >= U.Name.size() && D.size() <= U.Name.size() + 1 &&
          isLikelyTypoOf(U.Name, D)) {
        Typo = true;
        break;
      }
    if (Typo)
      continue;
    const FlagArg *Pkg = nullptr;
    for (const FlagArg *A : Packages)
      if (packageHasPrefix(A->Value, P)) {
        Pkg = A;
        break;
      }
    if (!Pkg && Packages.size() == 1)
      Pkg = Packages.front();
    if (!Pkg)
      continue;
    ByPackage[Pkg].push_back(&U);
    Candidates.insert(U.Name);
  }
  if (Candidates.empty())
    return Out;

  // A name the installed headers have anywhere (behind a version #if, in
  // a header the preamble does not include) is not missing from them.
  std::vector<std::string> IncludeDirs;
  for (std::size_t I = 0; I < C.PkgConfigCFlags.size(); ++I) {
    llvm::StringRef F = C.PkgConfigCFlags[I];
    if (F == "-I" || F == "-isystem") {
      if (I + 1 < C.PkgConfigCFlags.size())
        IncludeDirs.push_back(C.PkgConfigCFlags[++I]);
    } else if (F.starts_with("-I")) {
      IncludeDirs.push_back(F.drop_front(2).str());
    } else if (F.starts_with("-isystem")) {
      IncludeDirs.push_back(F.drop_front(8).str());
    }
  }
  std::set<std::string> Somewhere =
      identifiersUnder(*C.FS, IncludeDirs, Candidates);

  for (const FlagArg *A : Packages) {
    auto It = ByPackage.find(A);
    if (It == ByPackage.end())
      continue;
    VersionGap G;
    G.Package = A->Value;
    G.At = A;
    for (const Use *U : It->second)
      if (!Somewhere.count(U->Name)) {
        if (G.Names.empty())
          G.FirstError = U->Error;
        G.Names.push_back(U->Name);
        G.Uses.push_back(U->At);
      }
    if (G.Names.empty())
      continue;
    if (C.O.PkgConfig) {
      PkgConfigOutput V =
          C.O.PkgConfig({"--modversion", "--", G.Package}, C.P.Dir);
      if (V.Ok)
        G.Version = llvm::StringRef(V.Out).split('\n').first.trim().str();
    }
    Out.Names.insert(G.Names.begin(), G.Names.end());
    Out.Gaps.push_back(std::move(G));
  }
  if (Out.Gaps.empty())
    return Out;
  // The preamble's own declarations that use those names are rejected by
  // Clang, so the Go code's C.names of them are undeclared too: the same
  // cause, left to the one finding.
  for (const Use &U : Undeclared) {
    if (Out.Names.count(U.Name) || U.Error.rfind("could not", 0) != 0)
      continue;
    for (const PreambleUnit &P : C.Preambles) {
      llvm::StringRef Text = P.File->Go.Preamble;
      bool InText = false;
      for (std::size_t At = Text.find(U.Name); At != llvm::StringRef::npos;
           At = Text.find(U.Name, At + 1)) {
        std::size_t End = At + U.Name.size();
        auto Word = [](char Ch) { return llvm::isAlnum(Ch) || Ch == '_'; };
        if ((At == 0 || !Word(Text[At - 1])) &&
            (End >= Text.size() || !Word(Text[End]))) {
          InText = true;
          break;
        }
      }
      if (InText) {
        Out.Names.insert(U.Name);
        Out.Consequences.push_back(U.Name);
        break;
      }
    }
  }
  return Out;
}

} // namespace cgols
