//===- Modules.cpp - Where the go command finds an imported package -------===//
#include "Modules.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace cgols {

namespace {

// The words of a go.mod line, without its comment; quoted words unquoted.
std::vector<std::string> words(llvm::StringRef Line) {
  std::vector<std::string> Out;
  std::size_t C = Line.find("//");
  if (C != llvm::StringRef::npos)
    Line = Line.take_front(C);
  while (true) {
    Line = Line.ltrim();
    if (Line.empty())
      break;
    if (Line.front() == '"' || Line.front() == '`') {
      char Q = Line.front();
      std::size_t E = Line.find(Q, 1);
      if (E == llvm::StringRef::npos)
        E = Line.size();
      Out.push_back(Line.slice(1, E).str());
      Line = Line.drop_front(std::min(E + 1, Line.size()));
      continue;
    }
    std::size_t E = Line.find_first_of(" \t");
    Out.push_back(Line.take_front(E).str());
    Line = E == llvm::StringRef::npos ? llvm::StringRef() : Line.drop_front(E);
  }
  return Out;
}

// modfile.IsDirectoryPath: a local replacement.
bool isDirectoryPath(llvm::StringRef P) {
  return P.starts_with("./") || P.starts_with("../") || P.starts_with("/") ||
         P == "." || P == "..";
}

std::string joinClean(const std::string &Root, llvm::StringRef Rel) {
  llvm::SmallString<256> Out;
  if (llvm::sys::path::is_absolute(Rel))
    Out = Rel;
  else {
    Out = Root;
    llvm::sys::path::append(Out, Rel);
  }
  llvm::sys::path::remove_dots(Out, /*remove_dot_dot=*/true);
  return std::string(Out);
}

// Each statement of a go.mod or go.work file: its verb and the words after
// it, blocks unfolded ("require (\n a v1\n)" is two "require" statements).
std::vector<std::pair<std::string, std::vector<std::string>>>
statements(llvm::StringRef Text) {
  std::vector<std::pair<std::string, std::vector<std::string>>> Out;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Text.split(Lines, '\n');
  std::string Block;
  for (llvm::StringRef L : Lines) {
    std::vector<std::string> W = words(L.rtrim("\r"));
    if (W.empty())
      continue;
    if (!Block.empty()) {
      if (W.size() == 1 && W[0] == ")") {
        Block.clear();
        continue;
      }
      Out.push_back({Block, W});
      continue;
    }
    if (W.size() == 2 && W[1] == "(") {
      Block = W[0];
      continue;
    }
    std::string Verb = W[0];
    W.erase(W.begin());
    Out.push_back({Verb, W});
  }
  return Out;
}

void addReplace(const std::vector<std::string> &W, const std::string &Root,
                std::map<std::string, std::string> &Replace) {
  // old [v] => new [v]
  auto Arrow = std::find(W.begin(), W.end(), "=>");
  if (Arrow == W.begin() || Arrow == W.end() || Arrow + 1 == W.end())
    return;
  const std::string &New = *(Arrow + 1);
  if (isDirectoryPath(New))
    Replace[W[0]] = joinClean(Root, New);
  else if (Arrow + 2 != W.end())
    Replace[W[0]] = New + "@" + *(Arrow + 2);
}

// A version's numbers, for picking the higher of two requirements (the
// workspace's modules may require different ones: MVS takes the highest).
bool versionLess(llvm::StringRef A, llvm::StringRef B) {
  auto Nums = [](llvm::StringRef V) {
    V.consume_front("v");
    std::vector<unsigned> N;
    llvm::SmallVector<llvm::StringRef, 4> Parts;
    V.split(Parts, '.');
    for (llvm::StringRef P : Parts) {
      unsigned X = 0;
      P.take_while(llvm::isDigit).getAsInteger(10, X);
      N.push_back(X);
    }
    return N;
  };
  return Nums(A) < Nums(B);
}

} // namespace

GoModFile parseGoMod(llvm::StringRef Text, const std::string &Root) {
  GoModFile F;
  F.Root = Root;
  for (const auto &[Verb, W] : statements(Text)) {
    if (Verb == "module" && !W.empty())
      F.Path = W[0];
    else if (Verb == "require" && W.size() >= 2)
      F.Require[W[0]] = W[1];
    else if (Verb == "replace")
      addReplace(W, Root, F.Replace);
  }
  return F;
}

std::vector<std::string>
parseGoWork(llvm::StringRef Text, const std::string &Root,
            std::map<std::string, std::string> &Replace) {
  std::vector<std::string> Use;
  for (const auto &[Verb, W] : statements(Text)) {
    if (Verb == "use" && !W.empty())
      Use.push_back(joinClean(Root, W[0]));
    else if (Verb == "replace")
      addReplace(W, Root, Replace);
  }
  return Use;
}

std::string escapeModulePath(llvm::StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (C >= 'A' && C <= 'Z') {
      Out += '!';
      Out += static_cast<char>(C - 'A' + 'a');
    } else {
      Out += C;
    }
  }
  return Out;
}

bool isStandardImport(llvm::StringRef Path) {
  return !Path.split('/').first.contains('.');
}

std::string ImportResolver::gopathSrc(const std::string &Dir) {
  llvm::StringRef D(Dir);
  std::size_t At = D.rfind("/src/");
  return At == llvm::StringRef::npos ? "" : D.take_front(At + 4).str();
}

std::shared_ptr<const GoModFile>
ImportResolver::moduleAt(const std::string &Dir) {
  // With M held.
  std::vector<std::string> Walked;
  std::shared_ptr<const GoModFile> Found;
  llvm::SmallString<256> D(Dir);
  while (!D.empty()) {
    std::string Cur(D);
    if (auto It = ModOf.find(Cur); It != ModOf.end()) {
      Found = It->second;
      break;
    }
    Walked.push_back(Cur);
    if (auto B = FS->getBufferForFile(Cur + "/go.mod")) {
      Found =
          std::make_shared<const GoModFile>(parseGoMod((*B)->getBuffer(), Cur));
      break;
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(D);
    if (Parent == D)
      break;
    D.resize(Parent.size()); // a prefix of D: not assigned from itself
  }
  for (const std::string &W : Walked)
    ModOf[W] = Found;
  return Found;
}

std::shared_ptr<const ImportResolver::Build>
ImportResolver::buildFor(const std::string &Dir) {
  // With M held.
  std::shared_ptr<const GoModFile> Main = moduleAt(Dir);
  if (!Main)
    return nullptr;
  if (auto It = Builds.find(Main->Root); It != Builds.end())
    return It->second;
  auto B = std::make_shared<Build>();
  std::string Work;
  if (!WorkOff)
    for (llvm::SmallString<256> D(Main->Root); !D.empty();) {
      if (FS->exists(std::string(D) + "/go.work")) {
        Work = std::string(D);
        break;
      }
      llvm::StringRef Parent = llvm::sys::path::parent_path(D);
      if (Parent == D)
        break;
      D.resize(Parent.size()); // a prefix of D: not assigned from itself
    }
  std::map<std::string, std::string> WorkReplace;
  if (!Work.empty()) {
    if (auto Text = FS->getBufferForFile(Work + "/go.work"))
      for (const std::string &U :
           parseGoWork((*Text)->getBuffer(), Work, WorkReplace))
        if (auto G = FS->getBufferForFile(U + "/go.mod"))
          B->Modules.push_back(std::make_shared<const GoModFile>(
              parseGoMod((*G)->getBuffer(), U)));
  }
  if (B->Modules.empty())
    B->Modules.push_back(Main);
  for (const auto &Mod : B->Modules) {
    for (const auto &[P, V] : Mod->Require) {
      auto [It, New] = B->Require.emplace(P, V);
      if (!New && versionLess(It->second, V))
        It->second = V;
    }
    for (const auto &[P, R] : Mod->Replace)
      B->Replace.emplace(P, R);
  }
  for (const auto &[P, R] : WorkReplace)
    B->Replace[P] = R;
  Builds[Main->Root] = B;
  return B;
}

std::optional<std::string> ImportResolver::resolve(llvm::StringRef ImportPath,
                                                   const std::string &FromDir) {
  if (isStandardImport(ImportPath))
    return std::nullopt;
  std::lock_guard<std::mutex> L(M);
  std::shared_ptr<const Build> B = buildFor(FromDir);
  if (!B) {
    // GOPATH mode (no go.mod above): the src directory the package is in
    // is the GOPATH entry that has its imports (Debian's packages, built
    // with GOPATH=/usr/share/gocode).
    std::vector<std::string> Srcs;
    if (std::string Src = gopathSrc(FromDir); !Src.empty())
      Srcs.push_back(Src);
    for (const std::string &G : GoPath)
      if (!G.empty())
        Srcs.push_back(G + "/src");
    for (const std::string &Src : Srcs)
      if (FS->exists(Src + "/" + ImportPath.str()))
        return Src + "/" + ImportPath.str();
    return std::nullopt;
  }
  auto Within = [&](llvm::StringRef ModPath) -> std::optional<std::string> {
    if (ImportPath == ModPath)
      return std::string();
    if (ImportPath.starts_with(ModPath) &&
        ImportPath.drop_front(ModPath.size()).starts_with("/"))
      return ImportPath.drop_front(ModPath.size()).str();
    return std::nullopt;
  };
  // A single module's vendor directory has every package it imports.
  if (B->Modules.size() == 1) {
    const std::string &Root = B->Modules.front()->Root;
    if (!Within(B->Modules.front()->Path) &&
        FS->exists(Root + "/vendor/modules.txt")) {
      std::string D = Root + "/vendor/" + ImportPath.str();
      if (FS->exists(D))
        return D;
      return std::nullopt;
    }
  }
  // The longest module path that holds the import path and has its
  // directory.
  std::optional<std::string> Best;
  std::size_t BestLen = 0;
  auto Consider = [&](llvm::StringRef ModPath, const std::string &ModDir) {
    auto Rest = Within(ModPath);
    if (!Rest || ModPath.size() < BestLen || ModDir.empty())
      return;
    std::string D = ModDir + *Rest;
    if (!FS->exists(D))
      return;
    Best = D;
    BestLen = ModPath.size();
  };
  for (const auto &Mod : B->Modules)
    Consider(Mod->Path, Mod->Root);
  for (const auto &[P, V] : B->Require) {
    std::string Dir;
    if (auto R = B->Replace.find(P); R != B->Replace.end()) {
      if (llvm::sys::path::is_absolute(R->second))
        Dir = R->second;
      else if (!ModCache.empty()) {
        auto [NP, NV] = llvm::StringRef(R->second).rsplit('@');
        Dir = ModCache + "/" + escapeModulePath(NP) + "@" + NV.str();
      }
    } else if (!ModCache.empty()) {
      Dir = ModCache + "/" + escapeModulePath(P) + "@" + V;
    }
    Consider(P, Dir);
  }
  return Best;
}

std::vector<std::string> ImportResolver::roots(const std::string &Dir) {
  std::lock_guard<std::mutex> L(M);
  std::vector<std::string> Out;
  if (std::shared_ptr<const Build> B = buildFor(Dir)) {
    for (const auto &Mod : B->Modules)
      Out.push_back(Mod->Root);
  } else if (std::string Src = gopathSrc(Dir); !Src.empty()) {
    Out.push_back(Src);
  }
  return Out;
}

std::optional<std::string>
ImportResolver::importPathOf(const std::string &Dir) {
  std::lock_guard<std::mutex> L(M);
  std::shared_ptr<const GoModFile> Mod = moduleAt(Dir);
  if (!Mod) {
    std::string Src = gopathSrc(Dir);
    if (Src.empty())
      return std::nullopt;
    return Dir.substr(Src.size() + 1);
  }
  if (Mod->Path.empty())
    return std::nullopt;
  llvm::StringRef Rest = llvm::StringRef(Dir).drop_front(Mod->Root.size());
  if (!llvm::StringRef(Dir).starts_with(Mod->Root) ||
      !(Rest.empty() || Rest.starts_with("/")))
    return std::nullopt;
  return Mod->Path + Rest.str();
}

} // namespace cgols
