//===- LinkIndex.cpp - Which library defines a symbol, for one target -----===//

#include "LinkIndex.h"

#include "core/Files.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/MachO.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TextAPI/InterfaceFile.h"
#include "llvm/TextAPI/Symbol.h"
#include "llvm/TextAPI/TextAPIReader.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <unistd.h>

namespace cgols {

namespace {

std::string lower(llvm::StringRef S) { return S.lower(); }

// The entries of a directory, sorted, with their types.
std::vector<std::pair<std::string, llvm::sys::fs::file_type>>
listDir(llvm::vfs::FileSystem &FS, const std::string &Dir) {
  std::vector<std::pair<std::string, llvm::sys::fs::file_type>> Out;
  std::error_code EC;
  for (llvm::vfs::directory_iterator It = FS.dir_begin(Dir, EC), End;
       It != End && !EC; It.increment(EC))
    Out.push_back({It->path().str(), It->type()});
  std::sort(Out.begin(), Out.end());
  return Out;
}

// ---- macOS: .tbd stubs --------------------------------------------------

} // namespace

bool tbdLooksReadable(llvm::StringRef Text) {
  llvm::StringRef T = Text.ltrim();
#if LLVM_VERSION_MAJOR >= 17
  if (T.starts_with("{")) // tbd v5 is JSON, read by llvm::json
    return true;
#endif
  if (!T.starts_with("---"))
    return false;
  llvm::SourceMgr SM;
  SM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream S(Text, SM);
  bool Any = false;
  for (llvm::yaml::Document &D : S) {
    llvm::yaml::Node *Root = D.getRoot();
    if (S.failed() || !Root || !llvm::isa<llvm::yaml::MappingNode>(Root))
      return false;
    // tbd-version 1 to 4 are YAML (5 is JSON only): LLVM 16's reader
    // crashes on a YAML stub that claims 5.
    for (llvm::yaml::KeyValueNode &KV :
         *llvm::cast<llvm::yaml::MappingNode>(Root)) {
      auto *K = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(KV.getKey());
      llvm::SmallString<16> KS, VS;
      if (!K || K->getValue(KS) != "tbd-version")
        continue;
      auto *V = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(KV.getValue());
      unsigned N = 0;
      if (!V || V->getValue(VS).getAsInteger(10, N) || N < 1 || N > 4)
        return false;
    }
    if (S.failed())
      return false;
    Any = true;
  }
  return Any && !S.failed();
}

namespace {

struct TbdFile {
  std::string File;
  std::string Name; ///< the link-line name, "" when not linkable
  bool Framework = false;
};

class DarwinLoader {
public:
  DarwinLoader(llvm::vfs::FileSystem &FS, std::string SDK, llvm::StringRef Arch,
               llvm::StringRef Deployment)
      : FS(FS), SDK(std::move(SDK)),
        Arch(llvm::MachO::getArchitectureFromName(Arch)),
        Deployment(Deployment.str()) {}

  LinkIndex load() {
    std::vector<TbdFile> Files;
    frameworks(SDK + "/System/Library/Frameworks", true, Files);
    for (const auto &[Path, Type] : listDir(FS, SDK + "/usr/lib")) {
      llvm::StringRef Base = llvm::sys::path::filename(Path);
      if (Base.starts_with("lib") && Base.ends_with(".tbd"))
        Files.push_back({Path, Base.drop_front(3).drop_back(4).str(), false});
    }
    for (const auto &[Path, Type] : listDir(FS, SDK + "/usr/lib/system"))
      if (llvm::StringRef(Path).ends_with(".tbd"))
        Files.push_back({Path, "", false});
    for (const TbdFile &F : Files)
      read(F);
    // Re-exports, now that every install name has an index.
    for (auto &[Lib, Names] : Reexports)
      for (const std::string &N : Names) {
        auto It = ByInstallName.find(N);
        if (It != ByInstallName.end() && It->second != Lib)
          Out[Lib].Reexports.push_back(It->second);
      }
    LinkIndex Result;
    for (LinkLibrary &L : Out)
      Result.addLibrary(std::move(L));
    for (auto &[Sym, Lib] : Syms)
      Result.addSymbol(Sym, Lib);
    return Result;
  }

private:
  llvm::vfs::FileSystem &FS;
  std::string SDK;
  llvm::MachO::Architecture Arch;
  std::string Deployment;
  std::vector<LinkLibrary> Out;
  std::map<std::string, unsigned> ByInstallName;
  std::vector<std::pair<unsigned, std::vector<std::string>>> Reexports;
  std::vector<std::pair<std::string, unsigned>> Syms;

  // X.framework/X.tbd, then its nested frameworks (not linkable).
  void frameworks(const std::string &Dir, bool TopLevel,
                  std::vector<TbdFile> &Files) {
    for (const auto &[Path, Type] : listDir(FS, Dir)) {
      llvm::StringRef Base = llvm::sys::path::filename(Path);
      if (!Base.ends_with(".framework"))
        continue;
      std::string Name = Base.drop_back(10).str();
      std::string Tbd = Path + "/" + Name + ".tbd";
      if (!FS.exists(Tbd))
        Tbd = Path + "/Versions/Current/" + Name + ".tbd";
      if (FS.exists(Tbd))
        Files.push_back({Tbd, TopLevel ? Name : "", true});
      frameworks(Path + "/Frameworks", false, Files);
      frameworks(Path + "/Versions/Current/Frameworks", false, Files);
      frameworks(Path + "/Versions/A/Frameworks", false, Files);
    }
  }

  bool forArch(const llvm::MachO::Target &T) const {
    return T.Arch == Arch && T.Platform == llvm::MachO::PLATFORM_MACOS;
  }

  void read(const TbdFile &F) {
    auto Buf = FS.getBufferForFile(F.File);
    if (!Buf || !tbdLooksReadable((*Buf)->getBuffer()))
      return;
    auto IF = llvm::MachO::TextAPIReader::get((*Buf)->getMemBufferRef());
    if (!IF) {
      llvm::consumeError(IF.takeError());
      return;
    }
    std::optional<unsigned> Top = add(**IF, F);
    if (!Top) {
      // Known already (libz.tbd and libz.1.tbd): one more name for it.
      auto It = ByInstallName.find((*IF)->getInstallName().str());
      if (It != ByInstallName.end() && !F.Name.empty()) {
        LinkLibrary &L = Out[It->second];
        if (L.Linkable && F.Name.size() < L.Name.size() && !L.Framework) {
          Aliases.push_back({L.Name, It->second});
          L.Name = F.Name;
        }
        Aliases.push_back({F.Name, It->second});
      }
      return;
    }
    for (const auto &Doc : (*IF)->documents())
      add(*Doc, {F.File, "", F.Framework});
  }

public:
  std::vector<std::pair<std::string, unsigned>> Aliases;

private:
  std::optional<unsigned> add(const llvm::MachO::InterfaceFile &IF,
                              const TbdFile &F) {
    std::string Install = IF.getInstallName().str();
    if (ByInstallName.count(Install))
      return std::nullopt;
    unsigned I = Out.size();
    ByInstallName[Install] = I;
    LinkLibrary L;
    L.Path = Install;
    L.Framework = F.Framework;
    L.Name = F.Name.empty() ? std::string(llvm::sys::path::filename(Install))
                            : F.Name;
    L.Linkable = !F.Name.empty();
    Out.push_back(std::move(L));
    std::vector<std::string> Re;
    for (const auto &R : IF.reexportedLibraries())
      if (llvm::any_of(R.targets(), [&](const llvm::MachO::Target &T) {
            return forArch(T);
          }))
        Re.push_back(R.getInstallName().str());
    Reexports.push_back({I, std::move(Re)});
    std::set<std::string> Hidden, Added;
    for (const auto *S : IF.symbols()) {
      if (S->isUndefined() || !llvm::any_of(S->targets(), [&](const auto &T) {
            return forArch(T);
          }))
        continue;
      llvm::StringRef N = S->getName();
      using K = std::decay_t<decltype(S->getKind())>;
      switch (S->getKind()) {
      case K::GlobalSymbol:
        if (N.starts_with("$ld$")) {
          // $ld$hide$os11.0$_sym / $ld$add$os11.0$_sym
          llvm::SmallVector<llvm::StringRef, 4> Parts;
          N.split(Parts, '$', 4);
          if (Parts.size() == 5 && Parts[3] == "os" + Deployment) {
            if (Parts[2] == "hide")
              Hidden.insert(Parts[4].str());
            else if (Parts[2] == "add")
              Added.insert(Parts[4].str());
          }
          continue;
        }
        Syms.push_back({N.str(), I});
        break;
      case K::ObjectiveCClass:
        Syms.push_back({"_OBJC_CLASS_$_" + N.str(), I});
        Syms.push_back({"_OBJC_METACLASS_$_" + N.str(), I});
        break;
      case K::ObjectiveCClassEHType:
        Syms.push_back({"_OBJC_EHTYPE_$_" + N.str(), I});
        break;
      case K::ObjectiveCInstanceVariable:
        Syms.push_back({"_OBJC_IVAR_$_" + N.str(), I});
        break;
      }
    }
    if (!Hidden.empty())
      Syms.erase(std::remove_if(Syms.begin(), Syms.end(),
                                [&](const auto &P) {
                                  return P.second == I && Hidden.count(P.first);
                                }),
                 Syms.end());
    for (const std::string &A : Added)
      Syms.push_back({A, I});
    return I;
  }
};

// ---- Linux: shared objects, archives, linker scripts ----------------------

// The file names of a GNU ld script's GROUP/INPUT/AS_NEEDED lists.
std::vector<std::string> scriptInputs(llvm::StringRef Text) {
  std::vector<std::string> Out;
  // Drop /* comments */.
  std::string T;
  for (std::size_t I = 0; I < Text.size();) {
    if (Text.substr(I).starts_with("/*")) {
      std::size_t E = Text.find("*/", I + 2);
      I = E == llvm::StringRef::npos ? Text.size() : E + 2;
      T += ' ';
      continue;
    }
    T += Text[I++];
  }
  llvm::StringRef S(T);
  for (llvm::StringRef Kw : {"GROUP", "INPUT"}) {
    std::size_t P = 0;
    while ((P = S.find(Kw, P)) != llvm::StringRef::npos) {
      P += Kw.size();
      std::size_t Open = S.find_first_not_of(" \t\r\n", P);
      if (Open == llvm::StringRef::npos || S[Open] != '(')
        continue;
      int Depth = 0;
      std::size_t I = Open;
      for (; I < S.size(); ++I) {
        if (S[I] == '(')
          ++Depth;
        else if (S[I] == ')' && --Depth == 0)
          break;
      }
      llvm::SmallVector<llvm::StringRef, 8> Words;
      S.slice(Open + 1, I).split(Words, ' ', -1, false);
      for (llvm::StringRef W : Words) {
        W = W.trim(" \t\r\n(),");
        if (!W.empty() && W != "AS_NEEDED")
          Out.push_back(W.str());
      }
      P = I;
    }
  }
  return Out;
}

} // namespace

namespace {

/// The symbol table of a GNU ar archive (the "/" or "/SYM64/" member that
/// ar and ranlib write), read within the member's bounds: LLVM 16's
/// Archive::Symbol::getName() runs strlen past the end of a malformed one
/// (found by fuzzing). False when there is no such table.
bool gnuArchiveSymbols(llvm::StringRef Data, std::vector<std::string> &Out) {
  if (!Data.consume_front("!<arch>\n"))
    return false;
  // An archive with no member is a library with no symbol: glibc 2.34 and
  // later keep libdl.a, libpthread.a and librt.a so, for old link lines.
  if (Data.empty())
    return true;
  if (Data.size() < 60)
    return false;
  llvm::StringRef Header = Data.take_front(60);
  llvm::StringRef Name = Header.take_front(16).rtrim(' ');
  unsigned long long Size = 0;
  if (Header.substr(58, 2) != "`\n" ||
      Header.substr(48, 10).trim(' ').getAsInteger(10, Size))
    return false;
  unsigned Width = Name == "/" ? 4 : Name == "/SYM64/" ? 8 : 0;
  if (!Width)
    return false;
  llvm::StringRef Table = Data.substr(60, Size);
  auto Number = [&](std::size_t At) {
    std::uint64_t N = 0;
    for (unsigned I = 0; I < Width; ++I)
      N = (N << 8) | static_cast<unsigned char>(Table[At + I]);
    return N;
  };
  if (Table.size() < Width)
    return false;
  std::uint64_t Count = Number(0);
  if (Count > (Table.size() - Width) / Width)
    return false;
  llvm::StringRef Names = Table.substr(Width + Count * Width);
  for (std::uint64_t I = 0; I < Count && !Names.empty(); ++I) {
    std::size_t End = Names.find('\0');
    Out.push_back(Names.take_front(End).str());
    Names = End == llvm::StringRef::npos ? "" : Names.substr(End + 1);
  }
  return true;
}

} // namespace

ElfLibrary readElfLibrary(llvm::vfs::FileSystem &FS, const std::string &Path) {
  ElfLibrary R;
  auto Buf = FS.getBufferForFile(Path);
  if (!Buf)
    return R;
  llvm::MemoryBufferRef Ref = (*Buf)->getMemBufferRef();
  llvm::StringRef Data = Ref.getBuffer();
  if (!Data.starts_with("\x7f"
                        "ELF") &&
      !Data.starts_with("!<arch>")) {
    if (Data.size() > 64 * 1024 || Data.contains('\0'))
      return R;
    R.ScriptInputs = scriptInputs(Data);
    R.Ok = !R.ScriptInputs.empty();
    return R;
  }
  if (Data.starts_with("!<arch>")) {
    R.Ok = gnuArchiveSymbols(Data, R.Symbols);
    return R;
  }
  auto Bin = llvm::object::createBinary(Ref);
  if (!Bin) {
    llvm::consumeError(Bin.takeError());
    return R;
  }
  // A file of N bytes holds at most N / 16 ELF symbols: a malformed header
  // can claim 2^60 of them, each an error, so the loop stops at that bound
  // and at the first broken symbol (fuzzing found a 13 KB library that held
  // cgols for minutes).
  if (auto *E = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(Bin->get())) {
    std::size_t Seen = 0;
    for (const auto &S : E->getDynamicSymbolIterators()) {
      if (++Seen > Data.size() / 16 + 1)
        break;
      auto Flags = S.getFlags();
      if (!Flags) {
        llvm::consumeError(Flags.takeError());
        break;
      }
      if (*Flags & llvm::object::SymbolRef::SF_Undefined)
        continue;
      auto Name = S.getName();
      if (!Name) {
        llvm::consumeError(Name.takeError());
        break;
      }
      if (!Name->empty())
        R.Symbols.push_back(Name->str());
    }
    R.Ok = true;
  }
  return R;
}

LinkIndex LinkIndex::loadDarwinSDK(llvm::vfs::FileSystem &FS,
                                   const std::string &SDK, llvm::StringRef Arch,
                                   llvm::StringRef Deployment) {
  std::string Dep = Deployment.str();
  if (Dep.find('.') == std::string::npos)
    Dep += ".0";
  DarwinLoader L(FS, SDK, Arch, Dep);
  LinkIndex I = L.load();
  for (const auto &[Name, Lib] : L.Aliases)
    I.ByName.try_emplace("l:" + lower(Name), Lib);
  return I;
}

LinkIndex LinkIndex::loadLinux(llvm::vfs::FileSystem &FS,
                               const std::vector<std::string> &Dirs,
                               llvm::StringRef Arch) {
  (void)Arch;
  LinkIndex I;
  std::map<std::string, unsigned> ByPath;
  // A file (shared object, archive or script) as a library; scripts'
  // inputs become its re-exports.
  std::function<std::optional<unsigned>(const std::string &, std::string, int)>
      Load = [&](const std::string &Path, std::string Name,
                 int Depth) -> std::optional<unsigned> {
    auto It = ByPath.find(Path);
    if (It != ByPath.end())
      return It->second;
    ElfLibrary E = readElfLibrary(FS, Path);
    if (!E.Ok || Depth > 4)
      return std::nullopt;
    LinkLibrary L;
    L.Path = Path;
    L.Name = Name;
    L.Linkable = !Name.empty();
    if (Name.empty())
      L.Name = llvm::sys::path::filename(Path).str();
    unsigned Lib = I.addLibrary(std::move(L));
    ByPath[Path] = Lib;
    for (const std::string &S : E.Symbols)
      I.addSymbol(S, Lib);
    for (const std::string &In : E.ScriptInputs)
      if (auto Sub = Load(In, "", Depth + 1))
        I.Libs[Lib].Reexports.push_back(*Sub);
    return Lib;
  };
  for (const std::string &Dir : Dirs) {
    std::map<std::string, std::string> Found; // name -> file (.so first)
    for (const auto &[Path, Type] : listDir(FS, Dir)) {
      llvm::StringRef Base = llvm::sys::path::filename(Path);
      if (!Base.starts_with("lib"))
        continue;
      llvm::StringRef Name;
      if (Base.ends_with(".so"))
        Name = Base.drop_front(3).drop_back(3);
      else if (Base.ends_with(".a"))
        Name = Base.drop_front(3).drop_back(2);
      else
        continue;
      auto [It, New] = Found.try_emplace(Name.str(), Path);
      if (!New && Base.ends_with(".so"))
        It->second = Path;
    }
    for (const auto &[Name, Path] : Found) {
      if (I.ByName.count("l:" + Name))
        continue;
      if (auto Lib = Load(Path, Name, 0))
        I.ByName["l:" + Name] = *Lib;
    }
  }
  return I;
}

std::string LinkIndex::darwinStamp(llvm::vfs::FileSystem &FS,
                                   const std::string &SDK) {
  std::string S;
  for (const char *Sub :
       {"", "/System/Library/Frameworks", "/usr/lib", "/usr/lib/system"}) {
    auto St = FS.status(SDK + Sub);
    if (!St)
      continue;
    S += SDK + Sub + '=' +
         std::to_string(
             St->getLastModificationTime().time_since_epoch().count()) +
         ';';
  }
  if (auto B = FS.getBufferForFile(SDK + "/SDKSettings.json"))
    S += "settings=" + llvm::utohexstr(llvm::xxHash64((*B)->getBuffer()));
  return S;
}

namespace {
/// The cache's lines are tab-separated: a name read from a malformed stub
/// or library keeps its other bytes, without those separators (fuzzing
/// found an install name with a line break, which made the cache unreadable
/// and so rebuilt on every start).
void dropSeparators(std::string &S) {
  for (char &C : S)
    if (C == '\t' || C == '\n' || C == '\r')
      C = ' ';
}
bool hasSeparator(llvm::StringRef S) {
  return S.find_first_of("\t\n\r") != llvm::StringRef::npos;
}
} // namespace

unsigned LinkIndex::addLibrary(LinkLibrary L) {
  dropSeparators(L.Name);
  dropSeparators(L.Path);
  unsigned I = Libs.size();
  if (L.Linkable)
    ByName.try_emplace((L.Framework ? "f:" : "l:") + lower(L.Name), I);
  Libs.push_back(std::move(L));
  return I;
}

void LinkIndex::addSymbol(llvm::StringRef Sym, unsigned Lib) {
  if (Sym.empty() || hasSeparator(Sym)) // no linker symbol is written so
    return;
  auto &V = Symbols[Sym];
  if (llvm::find(V, Lib) == V.end())
    V.push_back(Lib);
}

llvm::ArrayRef<unsigned> LinkIndex::providers(llvm::StringRef Sym) const {
  auto It = Symbols.find(Sym);
  if (It == Symbols.end())
    return {};
  return It->second;
}

std::optional<unsigned> LinkIndex::framework(llvm::StringRef Name) const {
  auto It = ByName.find("f:" + lower(Name));
  if (It == ByName.end())
    return std::nullopt;
  return It->second;
}

std::optional<unsigned> LinkIndex::libraryNamed(llvm::StringRef Name) const {
  auto It = ByName.find("l:" + lower(Name));
  if (It == ByName.end())
    return std::nullopt;
  return It->second;
}

std::vector<std::string> LinkIndex::frameworkNames() const {
  std::vector<std::string> Out;
  for (const LinkLibrary &L : Libs)
    if (L.Framework && L.Linkable)
      Out.push_back(L.Name);
  return Out;
}

std::vector<bool> LinkIndex::closure(llvm::ArrayRef<unsigned> Linked) const {
  std::vector<bool> In(Libs.size(), false);
  std::deque<unsigned> Work(Linked.begin(), Linked.end());
  while (!Work.empty()) {
    unsigned I = Work.front();
    Work.pop_front();
    if (I >= In.size() || In[I])
      continue;
    In[I] = true;
    for (unsigned R : Libs[I].Reexports)
      Work.push_back(R);
  }
  return In;
}

std::optional<unsigned> LinkIndex::linkableFor(unsigned I) const {
  if (I >= Libs.size())
    return std::nullopt;
  if (Libs[I].Linkable)
    return I;
  // Breadth first over "is re-exported by": the nearest linkable one.
  std::vector<std::vector<unsigned>> By(Libs.size());
  for (unsigned L = 0; L < Libs.size(); ++L)
    for (unsigned R : Libs[L].Reexports)
      By[R].push_back(L);
  std::vector<bool> Seen(Libs.size(), false);
  std::deque<unsigned> Work = {I};
  Seen[I] = true;
  while (!Work.empty()) {
    unsigned C = Work.front();
    Work.pop_front();
    for (unsigned P : By[C]) {
      if (Seen[P])
        continue;
      if (Libs[P].Linkable)
        return P;
      Seen[P] = true;
      Work.push_back(P);
    }
  }
  return std::nullopt;
}

// ---- the on-disk form -----------------------------------------------------
//
// "cgols-link-index 1\n", then one line per library:
//   L <flags> <name> <path> <reexport,...>   (tab-separated; flags: f, k)
// then one line per symbol: S <symbol> <lib,...>

std::string LinkIndex::serialize() const {
  std::string S = "cgols-link-index 1\n";
  for (const LinkLibrary &L : Libs) {
    S += "L\t";
    S += L.Framework ? 'f' : '-';
    S += L.Linkable ? 'k' : '-';
    S += '\t' + L.Name + '\t' + L.Path + '\t';
    for (std::size_t I = 0; I < L.Reexports.size(); ++I)
      S += (I ? "," : "") + std::to_string(L.Reexports[I]);
    S += '\n';
  }
  // Sorted, so that the same index always makes the same bytes.
  std::vector<const llvm::StringMapEntry<llvm::SmallVector<unsigned, 1>> *>
      Syms;
  for (const auto &E : Symbols)
    Syms.push_back(&E);
  std::sort(Syms.begin(), Syms.end(), [](const auto *A, const auto *B) {
    return A->getKey() < B->getKey();
  });
  for (const auto *E : Syms) {
    S += "S\t";
    S += E->getKey();
    S += '\t';
    for (std::size_t I = 0; I < E->getValue().size(); ++I)
      S += (I ? "," : "") + std::to_string(E->getValue()[I]);
    S += '\n';
  }
  std::map<std::string, unsigned> Names;
  for (const auto &E : ByName)
    Names[E.getKey().str()] = E.getValue();
  for (const auto &[K, V] : Names)
    S += "N\t" + K + '\t' + std::to_string(V) + '\n';
  return S;
}

std::optional<LinkIndex> LinkIndex::deserialize(llvm::StringRef Bytes) {
  if (!Bytes.consume_front("cgols-link-index 1\n"))
    return std::nullopt;
  LinkIndex I;
  auto Numbers = [](llvm::StringRef S, std::vector<unsigned> &Out) {
    while (!S.empty()) {
      auto [A, Rest] = S.split(',');
      unsigned N;
      if (A.getAsInteger(10, N))
        return false;
      Out.push_back(N);
      S = Rest;
    }
    return true;
  };
  while (!Bytes.empty()) {
    auto [Line, Rest] = Bytes.split('\n');
    Bytes = Rest;
    llvm::SmallVector<llvm::StringRef, 5> F;
    Line.split(F, '\t');
    if (F[0] == "L" && F.size() == 5 && F[1].size() == 2) {
      LinkLibrary L;
      L.Framework = F[1][0] == 'f';
      L.Linkable = F[1][1] == 'k';
      L.Name = F[2].str();
      L.Path = F[3].str();
      if (!Numbers(F[4], L.Reexports))
        return std::nullopt;
      I.Libs.push_back(std::move(L));
    } else if (F[0] == "S" && F.size() == 3) {
      std::vector<unsigned> Ls;
      if (!Numbers(F[2], Ls))
        return std::nullopt;
      auto &V = I.Symbols[F[1]];
      V.append(Ls.begin(), Ls.end());
    } else if (F[0] == "N" && F.size() == 3) {
      unsigned N;
      if (F[2].getAsInteger(10, N))
        return std::nullopt;
      I.ByName[F[1]] = N;
    } else {
      return std::nullopt;
    }
  }
  for (const LinkLibrary &L : I.Libs)
    for (unsigned R : L.Reexports)
      if (R >= I.Libs.size())
        return std::nullopt;
  for (const auto &E : I.Symbols)
    for (unsigned L : E.getValue())
      if (L >= I.Libs.size())
        return std::nullopt;
  for (const auto &E : I.ByName)
    if (E.getValue() >= I.Libs.size())
      return std::nullopt;
  return I;
}

} // namespace cgols

// ---- the indexes of a session ---------------------------------------------

#include "gobuild/Target.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace cgols {

std::vector<std::string> linuxLibraryDirs(const std::string &Sysroot,
                                          const std::string &GOARCH) {
  static const std::map<std::string, std::string> Multiarch = {
      {"amd64", "x86_64-linux-gnu"},    {"arm64", "aarch64-linux-gnu"},
      {"386", "i386-linux-gnu"},        {"arm", "arm-linux-gnueabihf"},
      {"riscv64", "riscv64-linux-gnu"}, {"ppc64le", "powerpc64le-linux-gnu"},
      {"s390x", "s390x-linux-gnu"},     {"loong64", "loongarch64-linux-gnu"}};
  std::vector<std::string> Out;
  auto It = Multiarch.find(GOARCH);
  if (It != Multiarch.end())
    for (const char *D : {"/usr/local/lib/", "/lib/", "/usr/lib/"})
      Out.push_back(Sysroot + D + It->second);
  for (const char *D : {"/usr/local/lib", "/lib", "/usr/lib"})
    Out.push_back(Sysroot + D);
  if (GOARCH == "amd64" || GOARCH == "arm64")
    for (const char *D : {"/lib64", "/usr/lib64"})
      Out.push_back(Sysroot + D);
  return Out;
}

bool isLikelyTypoOf(llvm::StringRef Typed, llvm::StringRef Known) {
  if (Typed == Known)
    return false;
  if (Typed.equals_insensitive(Known))
    return true;
  if (Known.size() + 1 < Typed.size() && Typed.contains_insensitive(Known))
    return false; // a part of the name: another framework
  std::size_t Short = std::min(Typed.size(), Known.size());
  if (Short < 4)
    return false; // too short to tell a slip from another name
  if (Typed.size() != Known.size()) // one letter left out or one too many
    return Typed.edit_distance(Known, /*AllowReplacements=*/false,
                               /*MaxEditDistance=*/1) == 1;
  std::vector<std::size_t> Diff;
  for (std::size_t I = 0; I < Typed.size(); ++I)
    if (Typed[I] != Known[I])
      Diff.push_back(I);
  if (Diff.size() == 2 && Diff[1] == Diff[0] + 1 &&
      Typed[Diff[0]] == Known[Diff[1]] && Typed[Diff[1]] == Known[Diff[0]])
    return true; // two neighbours swapped
  // One letter for another, inside a word (both lower case) of a name long
  // enough that one letter is a slip: a capital names another thing.
  return Diff.size() == 1 && Typed.size() >= 6 && Typed[Diff[0]] >= 'a' &&
         Typed[Diff[0]] <= 'z' && Known[Diff[0]] >= 'a' &&
         Known[Diff[0]] <= 'z';
}

bool writeLinkIndex(const LinkIndex &I, const std::string &File) {
  return writeFileAtomically(File, I.serialize());
}

std::vector<std::string> parseLibrarySearchDirs(llvm::StringRef Output) {
  std::vector<std::string> Out;
  llvm::SmallVector<llvm::StringRef, 8> Lines;
  Output.split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    L = L.rtrim("\r");
    if (!L.consume_front("libraries:"))
      continue;
    L = L.ltrim();
    L.consume_front("=");
    llvm::SmallVector<llvm::StringRef, 16> Parts;
    L.split(Parts, ':', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef P : Parts) {
      P = P.trim();
      if (!llvm::sys::path::is_absolute(P))
        continue;
      llvm::SmallString<128> D(P);
      llvm::sys::path::remove_dots(D, /*remove_dot_dot=*/true);
      while (D.size() > 1 && D.back() == '/')
        D.pop_back();
      if (std::find(Out.begin(), Out.end(), D.str()) == Out.end())
        Out.push_back(D.str().str());
    }
    break;
  }
  return Out;
}

// What the loaders read, as part of the disk cache's key: changed when a
// loader reads the same files differently (2: an archive with no member is
// a library), so that an index cached by an older cgols is built again.
constexpr const char *LoaderVersion = "loader 2";

std::shared_ptr<const LinkIndex>
LinkIndexes::forTarget(const Target &T, const std::string &DarwinSDK,
                       const std::string &LinuxSysroot,
                       const std::string &HostGOOS,
                       const std::string &HostGOARCH, llvm::vfs::FileSystem &FS,
                       const std::vector<std::string> &DriverDirs) {
  std::string Key, Stamp;
  bool Darwin = T.isDarwin() && T.GOOS == "darwin";
  std::string Arch = T.GOARCH == "amd64" ? "x86_64" : T.GOARCH;
  std::vector<std::string> Dirs;
  if (Darwin) {
    if (DarwinSDK.empty())
      return nullptr;
    Key = "darwin\n" + DarwinSDK + "\n" + Arch;
  } else if (T.GOOS == "linux") {
    if (LinuxSysroot.empty() && (HostGOOS != "linux" || HostGOARCH != T.GOARCH))
      return nullptr;
    // The driver's directories first (the host only: a sysroot's are
    // its own), then ld's defaults that the driver did not name.
    if (LinuxSysroot.empty())
      Dirs = DriverDirs;
    for (std::string &D : linuxLibraryDirs(LinuxSysroot, T.GOARCH))
      if (std::find(Dirs.begin(), Dirs.end(), D) == Dirs.end())
        Dirs.push_back(std::move(D));
    Key = "linux\n" + LinuxSysroot + "\n" + T.GOARCH;
    for (const std::string &D : Dirs)
      Key += "\n" + D;
  } else {
    return nullptr;
  }
  std::lock_guard<std::mutex> Lock(M);
  if (auto It = Loaded.find(Key); It != Loaded.end())
    return It->second;
  // What the index was built from, as paths and modification times.
  if (Darwin) {
    Stamp = LinkIndex::darwinStamp(FS, DarwinSDK);
  } else {
    for (const std::string &D : Dirs)
      if (auto St = FS.status(D))
        Stamp += D + '=' +
                 std::to_string(
                     St->getLastModificationTime().time_since_epoch().count()) +
                 ';';
  }
  std::string File;
  if (!CacheDir.empty() && !Stamp.empty())
    File = CacheDir + "/link-" +
           llvm::utohexstr(llvm::xxHash64(std::string(LoaderVersion) + "\n" +
                                          Key + "\n" + Stamp)) +
           ".idx";
  std::shared_ptr<const LinkIndex> Result;
  if (!File.empty())
    if (auto B = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false))
      if (auto I = LinkIndex::deserialize((*B)->getBuffer())) {
        Result = std::make_shared<const LinkIndex>(std::move(*I));
        ++DiskLoads;
      }
  if (!Result && Darwin && BuildDarwinElsewhere) {
    // The child writes the cache file itself (or a temporary one when the
    // cache is off); its crash costs the darwin link check, not the server.
    std::string Out = File;
    llvm::SmallString<128> Tmp;
    if (Out.empty() || llvm::sys::fs::create_directories(CacheDir)) {
      if (llvm::sys::fs::createTemporaryFile("cgols-link", "idx", Tmp))
        Tmp.clear();
      Out = std::string(Tmp);
    }
    if (!Out.empty() &&
        BuildDarwinElsewhere(DarwinSDK, Arch,
                             Arch == "arm64" ? "11.0" : "10.13", Out))
      if (auto B =
              llvm::MemoryBuffer::getFile(Out, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false))
        if (auto I = LinkIndex::deserialize((*B)->getBuffer()))
          Result = std::make_shared<const LinkIndex>(std::move(*I));
    if (!Tmp.empty())
      llvm::sys::fs::remove(Tmp);
    if (!Result)
      Result = std::make_shared<const LinkIndex>();
    ++Builds;
  }
  if (!Result) {
    Result = std::make_shared<const LinkIndex>(
        Darwin ? LinkIndex::loadDarwinSDK(FS, DarwinSDK, Arch,
                                          Arch == "arm64" ? "11.0" : "10.13")
               : LinkIndex::loadLinux(FS, Dirs, Arch));
    ++Builds;
    if (!File.empty() && !Result->empty() &&
        !llvm::sys::fs::create_directories(CacheDir))
      writeLinkIndex(*Result, File);
  }
  if (Result->empty())
    Result = nullptr;
  Loaded[Key] = Result;
  return Result;
}

} // namespace cgols
