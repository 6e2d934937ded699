//===- Links.cpp - Missing frameworks and libraries, before the link ------===//
//
// Check ids: cgo-missing-framework, cgo-missing-library,
// cgo-unknown-framework, cgo-library-not-found.
//
// What: the symbols a package's C code needs from libraries (external
// functions and variables used by emitted code and by Go's C.name uses,
// Objective-C classes messaged or subclassed), resolved against the link
// line the package gives the linker (#cgo LDFLAGS, pkg-config --libs,
// CGO_LDFLAGS, and what the toolchain links anyway) through the target's
// LinkIndex (the SDK's .tbd stubs, the linker's search path). A symbol that
// a library of the index defines but the link line does not reach gets the
// flag that adds it. A -framework the SDK lacks, or an -l no search
// directory has, is reported at the flag.
// Why: go build of a library package does not link, so these ship unnoticed
// until a program links: `Undefined symbols for architecture arm64:
// "_OBJC_CLASS_$_NSAlert"`, `undefined reference to 'cbrt'`, `ld: framework
// 'Webkit' not found`, `cannot find -lfoo`.
// The program: a package's imports (ProgramView, read and compiled only when
// the package alone leaves a symbol undefined, or for a main package) give
// their definitions and link flags to every program that imports them; a
// main package reports, at each import, what the packages behind it need
// and no package of the program provides.
// Quiet by design: a symbol no indexed library defines (another package's,
// an unindexed library's) is not reported, nor is a package whose link line
// has inputs cgols cannot read or allows undefined symbols, nor a program
// with an import cgols could not find or read.
//
//===----------------------------------------------------------------------===//
#include "Check.h"

#include "gobuild/Modules.h"
#include "link/LinkIndex.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

namespace cgols {

namespace {

struct LinkLine {
  struct Named {
    std::string Name;
    const FlagArg *At = nullptr; ///< null: not from a #cgo line
  };
  std::vector<Named> Frameworks, Libraries;
  std::vector<std::string> LibDirs, FrameworkDirs;
  std::vector<std::string> Inputs; ///< .a, .so, .o files
  bool AllowsUndefined = false;
};

void parseLinkFlags(const std::vector<std::string> &Vals,
                    const std::vector<const FlagArg *> &Origins, LinkLine &L) {
  for (std::size_t I = 0; I < Vals.size(); ++I) {
    llvm::StringRef V = Vals[I];
    const FlagArg *At = Origins[I];
    auto Next = [&]() -> std::string {
      return I + 1 < Vals.size() ? Vals[++I] : std::string();
    };
    if (V == "-framework" || V == "-weak_framework") {
      std::string N = Next();
      if (!N.empty())
        L.Frameworks.push_back({N, Origins[I]}); // at the name
    } else if (V.starts_with("-Wl,")) {
      llvm::SmallVector<llvm::StringRef, 4> Parts;
      V.drop_front(4).split(Parts, ',');
      for (std::size_t J = 0; J < Parts.size(); ++J) {
        if ((Parts[J] == "-framework" || Parts[J] == "-weak_framework") &&
            J + 1 < Parts.size())
          L.Frameworks.push_back({Parts[++J].str(), At});
        else if (Parts[J] == "-undefined" && J + 1 < Parts.size() &&
                 Parts[J + 1] != "error")
          L.AllowsUndefined = true;
        else if (Parts[J].starts_with("--unresolved-symbols=ignore") ||
                 Parts[J] == "-flat_namespace")
          L.AllowsUndefined = true;
        else if (Parts[J].starts_with("-l") && Parts[J].size() > 2)
          L.Libraries.push_back({Parts[J].drop_front(2).str(), At});
      }
    } else if (V == "-undefined") {
      if (Next() != "error")
        L.AllowsUndefined = true;
    } else if (V.starts_with("-l") && V.size() > 2) {
      L.Libraries.push_back({V.drop_front(2).str(), At});
    } else if (V == "-L" || V == "-F") {
      (V == "-L" ? L.LibDirs : L.FrameworkDirs).push_back(Next());
    } else if (V.starts_with("-L") || V.starts_with("-F")) {
      (V[1] == 'L' ? L.LibDirs : L.FrameworkDirs)
          .push_back(V.drop_front(2).str());
    } else if (!V.starts_with("-") &&
               (V.ends_with(".a") || V.ends_with(".o") || V.ends_with(".so") ||
                V.contains(".so.") || V.ends_with(".dylib") ||
                V.ends_with(".tbd") || V.ends_with(".syso"))) {
      L.Inputs.push_back(V.str());
    }
  }
}

// Whether the file is built only for T's GOOS (its name or constraints).
bool onlyFor(const SourceFile &F, const Target &T) {
  for (const char *Other : {"linux", "darwin", "windows", "freebsd"}) {
    if (T.GOOS == Other)
      continue;
    Target O = T;
    O.GOOS = Other;
    if (fileMatchesTarget(F, O))
      return false;
  }
  return true;
}

struct Need {
  std::string Name;   ///< C name or class
  bool Class = false; ///< Objective-C class
  const SourceFile *File = nullptr;
  Location Where;  ///< in File
  Location Origin; ///< the use, when it is in another file (.c, header)
  std::string Via; ///< "" or a note where the use is
};

std::string linkerName(const Target &T, const Need &N) {
  if (N.Class)
    return "_OBJC_CLASS_$_" + N.Name;
  return T.isDarwin() ? "_" + N.Name : N.Name;
}

// What the linker prints for an undefined symbol.
std::string linkerText(const Target &T, const Need &N) {
  if (T.isDarwin())
    return "Undefined symbols for architecture " +
           std::string(T.GOARCH == "amd64" ? "x86_64" : T.GOARCH) + ": \"" +
           linkerName(T, N) + "\"";
  return "undefined reference to `" + N.Name + "'";
}

// What one package's link line gives and its code needs, for a target.
struct PackageLink {
  std::vector<unsigned> Linked;       ///< libraries of the index it links
  std::set<std::string> ExtraSymbols; ///< from -L directories and inputs
  std::set<std::string> Defined;      ///< C definitions ("+Class"), exports
  std::vector<Need> Needs;            ///< what it uses and does not define
  /// Its link line or its code is not all known (unreadable inputs, a
  /// linker flag that allows undefined symbols, pkg-config not answering,
  /// assembly or C++ files): nothing is said from it.
  bool Conservative = false;
};

// The package of C's link facts; the findings about its -framework and -l
// flags go to Out (null: an imported package's, said when it is analysed).
PackageLink packageLink(const CheckContext &C, const LinkIndex &Ix,
                        std::vector<Diagnostic> *Out) {
  PackageLink PL;
  const Target &T = C.target();
  bool Darwin = T.isDarwin();
  llvm::vfs::FileSystem &FS = *C.FS;

  // ---- the link line ------------------------------------------------------
  LinkLine L;
  {
    std::vector<std::string> Vals;
    std::vector<const FlagArg *> Origins;
    const FlagVerdicts::List *LD = C.Flags ? &C.Flags->of("LDFLAGS") : nullptr;
    for (std::size_t I = 0; I < C.V->Flags.LDFLAGS.size(); ++I) {
      if (LD && I < LD->Rejected.size() && LD->Rejected[I])
        continue;
      Vals.push_back(C.V->Flags.LDFLAGS[I].Value);
      Origins.push_back(&C.V->Flags.LDFLAGS[I]);
    }
    for (const std::string &V : C.PkgConfigLibs) {
      Vals.push_back(V);
      Origins.push_back(nullptr);
    }
    for (const std::string &V : C.O.EnvLDFLAGS) {
      Vals.push_back(V);
      Origins.push_back(nullptr);
    }
    parseLinkFlags(Vals, Origins, L);
  }
  std::vector<unsigned> &Linked = PL.Linked;
  // What the toolchain links anyway: libSystem (clang), CoreFoundation on
  // darwin/arm64 and libpthread elsewhere (runtime/cgo's #cgo LDFLAGS),
  // libobjc when there is Objective-C; libc (gcc).
  auto Implicit = [&](const char *Name, bool Framework) {
    if (auto I = Framework ? Ix.framework(Name) : Ix.libraryNamed(Name))
      Linked.push_back(*I);
  };
  if (Darwin) {
    Implicit("System", false);
    if (T.GOARCH == "arm64")
      Implicit("CoreFoundation", true);
    Implicit("objc", false);
  } else {
    Implicit("c", false);
    Implicit("pthread", false);
    Implicit("dl", false);
    Implicit("gcc", false);
    Implicit("gcc_s", false);
  }
  bool Conservative = L.AllowsUndefined || !C.PkgConfigLibsKnown;
  std::set<std::string> &ExtraSymbols = PL.ExtraSymbols; // -L dirs, inputs
  auto ReadInto = [&](const std::string &Path) {
    ElfLibrary E = readElfLibrary(FS, Path);
    if (!E.Ok) {
      Conservative = true;
      return;
    }
    ExtraSymbols.insert(E.Symbols.begin(), E.Symbols.end());
    for (const std::string &In : E.ScriptInputs) {
      ElfLibrary Sub = readElfLibrary(FS, In);
      if (!Sub.Ok)
        Conservative = true;
      ExtraSymbols.insert(Sub.Symbols.begin(), Sub.Symbols.end());
    }
  };
  for (const std::string &In : L.Inputs) {
    if (Darwin) {
      Conservative = true; // Mach-O inputs are not indexed
      continue;
    }
    std::string Path = In;
    if (!llvm::sys::path::is_absolute(Path))
      Path = C.P.Dir + "/" + Path;
    ReadInto(Path);
  }

  auto Report = [&](const LinkLine::Named &N, std::string Code, std::string Msg,
                    std::optional<std::string> Suggest) {
    if (!N.At || !Out)
      return;
    Diagnostic D;
    D.Code = std::move(Code);
    D.Where = {N.At->File, N.At->Where.Begin, N.At->Where.End};
    D.Message = std::move(Msg);
    D.Targets = {T.name()};
    if (Suggest) {
      Fix X;
      X.Title = "Change to " + *Suggest;
      X.Edits.push_back({D.Where, *Suggest});
      D.Fixes.push_back(std::move(X));
    }
    Out->push_back(std::move(D));
  };

  for (const LinkLine::Named &F : L.Frameworks) {
    if (!Darwin)
      continue;
    if (auto I = Ix.framework(F.Name)) {
      Linked.push_back(*I);
      continue;
    }
    bool InDir = false;
    for (const std::string &Dir : L.FrameworkDirs)
      InDir = InDir || FS.exists(Dir + "/" + F.Name + ".framework");
    bool DirsUnknown = false;
    for (const std::string &Dir : L.FrameworkDirs)
      DirsUnknown = DirsUnknown || !FS.exists(Dir);
    if (InDir || DirsUnknown) {
      Conservative = true;
      continue;
    }
    // Did you mean: only a slip of the keyboard, never another framework
    // (a case difference first, then the first slip in name order).
    std::string Best;
    for (const std::string &Name : Ix.frameworkNames())
      if (isLikelyTypoOf(F.Name, Name) &&
          (Best.empty() || llvm::StringRef(Name).equals_insensitive(F.Name)))
        Best = Name;
    Report(F, "cgo-unknown-framework",
           (Best.empty() ? "Remove -framework " + F.Name +
                               " or add the -F directory that has it: "
                         : "Change to " + Best + ": ") +
               "the macOS SDK has no " + F.Name +
               ".framework, so linking fails with: ld: framework '" + F.Name +
               "' not found",
           Best.empty() ? std::nullopt : std::optional<std::string>(Best));
    Conservative = true;
  }
  for (const LinkLine::Named &Lib : L.Libraries) {
    bool Found = false, DirsUnknown = false;
    for (const std::string &Dir : L.LibDirs) {
      if (!FS.exists(Dir)) {
        DirsUnknown = true;
        continue;
      }
      for (const char *Ext : {".so", ".a", ".tbd", ".dylib"}) {
        std::string Path = Dir + "/lib" + Lib.Name + Ext;
        if (!Found && FS.exists(Path)) {
          Found = true;
          if (Darwin)
            Conservative = true;
          else
            ReadInto(Path);
        }
      }
    }
    if (Found)
      continue;
    if (auto I = Ix.libraryNamed(Lib.Name)) {
      Linked.push_back(*I);
      continue;
    }
    Conservative = true;
    if (DirsUnknown)
      continue;
    Report(Lib, "cgo-library-not-found",
           "Install the library or add -L with its directory: no lib" +
               Lib.Name + " in the linker's search path" +
               (L.LibDirs.empty() ? "" : " or the -L directories") +
               ", so linking fails with: " +
               (Darwin ? "ld: library '" + Lib.Name + "' not found"
                       : "cannot find -l" + Lib.Name),
           std::nullopt);
  }
  if (Conservative) {
    PL.Conservative = true;
    return PL;
  }

  // ---- what the package needs -------------------------------------------
  std::set<std::string> &Defined = PL.Defined;
  Defined.insert("crosscall2");
  for (const SourceFile *F : C.V->Files)
    for (const go::Export &E : F->Go.Exports)
      Defined.insert(E.Name);
  auto AddDefs = [&](const CompileResult &R) {
    for (const CDefinition &D : R.Definitions)
      Defined.insert((D.K == CDefinition::Kind::ObjCClass ? "+" : "") + D.Name);
  };
  for (const PreambleUnit &U : C.Preambles)
    if (U.R)
      AddDefs(*U.R);
  for (const SourceUnit &S : C.Sources)
    if (S.R)
      AddDefs(*S.R);
  // Assembly and .syso files define symbols cgols does not read.
  {
    std::error_code EC;
    for (llvm::vfs::directory_iterator It = FS.dir_begin(C.P.Dir, EC), End;
         It != End && !EC; It.increment(EC)) {
      llvm::StringRef P = It->path();
      if (P.ends_with(".s") || P.ends_with(".S") || P.ends_with(".syso") ||
          P.ends_with(".cc") || P.ends_with(".cpp") || P.ends_with(".cxx") ||
          P.ends_with(".mm") || P.ends_with(".f") || P.ends_with(".f90")) {
        PL.Conservative = true;
        return PL;
      }
    }
  }

  std::vector<Need> &Needs = PL.Needs;
  std::set<std::string> Seen;
  auto Add = [&](Need N) {
    std::string Key = (N.Class ? "+" : "") + N.Name;
    if (Defined.count(Key) || N.Name.rfind("_cgo", 0) == 0 ||
        N.Name.rfind("x_cgo", 0) == 0)
      return;
    if (!Seen.insert(Key + '\0' + N.File->Path).second)
      return;
    Needs.push_back(std::move(N));
  };
  // The uses in code that is emitted: from always-emitted code and from
  // the static functions Go or that code uses.
  auto Reachable = [](const CompileResult &R,
                      const std::vector<std::string> &Roots) {
    std::set<std::string> In(Roots.begin(), Roots.end());
    In.insert("");
    std::vector<std::string> Work(In.begin(), In.end());
    while (!Work.empty()) {
      std::string Cur = Work.back();
      Work.pop_back();
      auto It = std::lower_bound(R.StaticUses.begin(), R.StaticUses.end(),
                                 std::make_pair(Cur, std::string()));
      for (; It != R.StaticUses.end() && It->first == Cur; ++It)
        if (In.insert(It->second).second)
          Work.push_back(It->second);
    }
    return In;
  };
  for (const PreambleUnit &U : C.Preambles) {
    if (!U.R)
      continue;
    const SourceFile &F = *U.File;
    std::vector<std::string> GoNames;
    for (const go::CRef &Ref : F.Go.Refs) {
      GoNames.push_back(Ref.Name);
      if (!isExternalName(*U.R, Ref.Name))
        continue;
      Need N; // member by member: GCC 12 -O3 warns on a {} Location
      N.Name = Ref.Name;
      N.File = &F;
      N.Where = {F.Path, Ref.Where.Begin, Ref.Where.End};
      Add(std::move(N));
    }
    std::set<std::string> Live = Reachable(*U.R, GoNames);
    for (const CLinkRef &LR : U.R->LinkRefs) {
      if (!Live.count(LR.Owner))
        continue;
      Need N;
      N.Name = LR.Name;
      N.Class = LR.ObjCClass;
      N.File = &F;
      if (LR.Where.InPreamble) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(LR.Where.Begin, LR.Where.End);
        N.Where = {F.Path, B, E};
      } else if (LR.HasIncludeSite) {
        auto [B, E] =
            F.Go.PreambleMap.rangeToGo(LR.IncludeBegin, LR.IncludeEnd);
        N.Where = {F.Path, B, E};
        N.Origin = {LR.Where.File, LR.Where.Begin, LR.Where.End};
        N.Via = llvm::sys::path::filename(LR.Where.File).str() + ":" +
                std::to_string(LR.Where.Line);
      } else {
        continue;
      }
      Add(std::move(N));
    }
  }
  // .c and .m files: said at the first cgo file's import "C".
  const SourceFile *Anchor =
      C.Preambles.empty() ? nullptr : C.Preambles.front().File;
  if (Anchor && !Anchor->Go.CImports.empty())
    for (const SourceUnit &S : C.Sources) {
      if (!S.R)
        continue;
      std::set<std::string> Live = Reachable(*S.R, {});
      const go::CImport &Imp = Anchor->Go.CImports.front();
      for (const CLinkRef &LR : S.R->LinkRefs) {
        if (!Live.count(LR.Owner) || !LR.Where.InPreamble)
          continue;
        std::size_t Line =
            1 +
            std::count(S.Text.begin(),
                       S.Text.begin() + std::min(LR.Where.Begin, S.Text.size()),
                       '\n');
        Need N;
        N.Name = LR.Name;
        N.Class = LR.ObjCClass;
        N.File = Anchor;
        N.Where = {Anchor->Path, Imp.Path.Begin, Imp.Path.End};
        N.Origin = {S.Path, LR.Where.Begin, LR.Where.End};
        N.Via = llvm::sys::path::filename(S.Path).str() + ":" +
                std::to_string(Line);
        Add(std::move(N));
      }
    }

  return PL;
}

// The library that would provide N, when the link (Reach, Extra) does not:
// nullopt when it is provided, or no library of the index defines it.
std::optional<unsigned> missingLibrary(const LinkIndex &Ix, const Target &T,
                                       const Need &N,
                                       const std::vector<bool> &Reach,
                                       const std::set<std::string> &Extra) {
  if (N.Class && !T.isDarwin())
    return std::nullopt;
  std::string Sym = linkerName(T, N);
  if (Extra.count(Sym))
    return std::nullopt;
  llvm::ArrayRef<unsigned> Ps = Ix.providers(Sym);
  std::optional<unsigned> Best;
  for (unsigned P : Ps) {
    if (Reach[P])
      return std::nullopt;
    if (auto K = Ix.linkableFor(P)) {
      const LinkLibrary &Cand = Ix.library(*K);
      if (!Best || (Cand.Framework && !Ix.library(*Best).Framework) ||
          (Cand.Framework == Ix.library(*Best).Framework &&
           Cand.Name.size() < Ix.library(*Best).Name.size()))
        Best = *K;
    }
  }
  return Best;
}

std::string needKey(const Need &N) { return (N.Class ? "+" : "") + N.Name; }

// "cbrt, sqrt and 2 more".
std::string nameList(const std::vector<const Need *> &Needs) {
  std::string Names;
  for (std::size_t I = 0; I < Needs.size() && I < 3; ++I)
    Names += (I ? ", " : "") + Needs[I]->Name;
  if (Needs.size() > 3)
    Names += " and " + std::to_string(Needs.size() - 3) + " more";
  return Names;
}

std::string libraryFile(const LinkIndex &Ix, unsigned Lib) {
  const LinkLibrary &L = Ix.library(Lib);
  return L.Framework ? L.Name + ".framework"
                     : llvm::sys::path::filename(L.Path).str();
}

void linksRun(const CheckContext &C, std::vector<Diagnostic> &Out) {
  // A compile that did not finish hides what its code needs and defines.
  if (!C.Links || !C.V || !C.Failed.empty() || C.Partial)
    return;
  const LinkIndex &Ix = *C.Links;
  const Target &T = C.target();
  bool Darwin = T.isDarwin();
  bool IsMain = !C.V->Files.empty(), OnlyStd = true;
  for (const SourceFile *F : C.V->Files) {
    IsMain = IsMain && F->Go.PackageName == "main";
    for (const std::string &I : F->Go.Imports)
      if (!isStandardImport(I))
        OnlyStd = false;
  }
  // A main package without cgo of its own is a program: its imports'
  // links are checked together.
  bool OwnCgo = !C.Preambles.empty() || !C.Sources.empty();
  if (!OwnCgo && !(IsMain && !OnlyStd && C.Program))
    return;

  PackageLink Own = packageLink(C, Ix, &Out);
  if (Own.Conservative)
    return;
  std::vector<bool> OwnReach = Ix.closure(Own.Linked);
  std::vector<std::pair<const Need *, unsigned>> Missing;
  for (const Need &N : Own.Needs)
    if (auto Lib = missingLibrary(Ix, T, N, OwnReach, Own.ExtraSymbols))
      Missing.push_back({&N, *Lib});

  // ---- the program: what the imported packages define and link --------
  const ProgramView *PV = nullptr;
  if (C.Program && (!Missing.empty() || (IsMain && !OnlyStd)))
    PV = &C.Program();
  struct Imported {
    const ImportedPackage *P;
    PackageLink L;
  };
  std::vector<Imported> Imports;
  bool ProgramKnown = PV && PV->complete();
  std::set<std::string> AllDefined = Own.Defined;
  std::vector<unsigned> AllLinked = Own.Linked;
  std::set<std::string> AllExtra = Own.ExtraSymbols;
  if (PV)
    for (const auto &IP : PV->Packages) {
      if (IP->V->CgoFiles.empty())
        continue;
      CheckContext IC(IP->Pkg, IP->V.get(), C.O, C.FS);
      IC.Preambles = IP->Preambles;
      IC.Sources = IP->Sources;
      IC.Flags = &IP->Flags;
      IC.PkgConfigLibs = IP->PkgConfigLibs;
      IC.PkgConfigLibsKnown = IP->PkgConfigLibsKnown;
      IC.Links = C.Links;
      PackageLink L = packageLink(IC, Ix, nullptr);
      if (L.Conservative)
        ProgramKnown = false;
      AllDefined.insert(L.Defined.begin(), L.Defined.end());
      AllLinked.insert(AllLinked.end(), L.Linked.begin(), L.Linked.end());
      AllExtra.insert(L.ExtraSymbols.begin(), L.ExtraSymbols.end());
      Imports.push_back({IP.get(), std::move(L)});
    }
  std::vector<bool> AllReach = Ix.closure(AllLinked);
  // What an imported package defines or links is there for every program
  // that imports it.
  if (PV)
    Missing.erase(std::remove_if(Missing.begin(), Missing.end(),
                                 [&](const auto &M) {
                                   return AllDefined.count(needKey(*M.first)) ||
                                          !missingLibrary(Ix, T, *M.first,
                                                          AllReach, AllExtra);
                                 }),
                  Missing.end());

  // ---- the package's own uses -----------------------------------------
  // Per file and flag, in the order of first use.
  std::map<std::pair<std::string, unsigned>, std::vector<const Need *>>
      ByFileLib;
  std::vector<std::pair<std::string, unsigned>> Order;
  for (const auto &[N, Lib] : Missing) {
    auto Key = std::make_pair(N->File->Path, Lib);
    auto [It, New] = ByFileLib.try_emplace(Key);
    if (New)
      Order.push_back(Key);
    It->second.push_back(N);
  }
  // Certain: this package is a program whose every package cgols read.
  bool Certain = IsMain && (PV ? ProgramKnown : OnlyStd);
  for (const auto &Key : Order) {
    const std::vector<const Need *> &Needs = ByFileLib[Key];
    const LinkLibrary &Lib = Ix.library(Key.second);
    const Need &First = *Needs.front();
    const SourceFile &F = *First.File;
    std::string Cond = onlyFor(F, T) ? "" : T.GOOS + " ";
    std::string Flag = Lib.flag();
    Diagnostic D;
    D.Code = Lib.Framework ? "cgo-missing-framework" : "cgo-missing-library";
    D.Where = First.Where;
    D.Targets = {T.name()};
    D.Sev = Certain ? Severity::Error : Severity::Warning;
    std::string Note;
    if (Lib.Framework && Lib.Name == "CoreFoundation" && Darwin &&
        T.GOARCH != "arm64")
      Note = " (darwin/arm64 links it anyway, through runtime/cgo)";
    // A library's importers in its module: the programs that would fail.
    std::string Importers;
    if (!Certain && PV && !PV->Importers.empty()) {
      const std::vector<std::string> &Is = PV->Importers;
      for (std::size_t I = 0; I < Is.size() && I < 3; ++I)
        Importers += (I ? ", " : "") + Is[I];
      if (Is.size() > 3)
        Importers += " and " + std::to_string(Is.size() - 3) + " more";
      Importers = " (imported by " + Importers + ")";
    }
    D.Message =
        "Add " + Flag + " to #cgo " + Cond + "LDFLAGS: " + nameList(Needs) +
        (Needs.size() == 1 ? " is" : " are") + " defined in " +
        libraryFile(Ix, Key.second) + ", which this package does not link" +
        Note + (First.Via.empty() ? "" : " (used at " + First.Via + ")") +
        (Certain ? ", so linking fails with: "
                 : ", so a program that uses this package" + Importers +
                       " fails to link unless another of its packages "
                       "links " +
                       (Lib.Framework ? Lib.Name : Flag) + ": ") +
        linkerText(T, First);
    if (!First.Origin.File.empty())
      D.Related.push_back({First.Origin, "the use"});
    if (auto X =
            addPreambleLine(F, "#cgo " + Cond + "LDFLAGS: " + Flag,
                            "Add #cgo " + Cond + "LDFLAGS: " + Flag, false))
      D.Fixes.push_back(std::move(*X));
    Out.push_back(std::move(D));
  }

  // ---- a program: its imported packages' uses --------------------------
  // What no package of the program provides fails the link: said once per
  // imported package and library, at the import that brings the package
  // in, naming the package that should link what.
  if (!IsMain || !PV || !ProgramKnown)
    return;
  for (const Imported &I : Imports) {
    std::map<unsigned, std::vector<const Need *>> ByLib;
    std::vector<unsigned> LibOrder;
    std::set<std::string> Seen;
    for (const Need &N : I.L.Needs) {
      if (AllDefined.count(needKey(N)) || !Seen.insert(needKey(N)).second)
        continue;
      auto Lib = missingLibrary(Ix, T, N, AllReach, AllExtra);
      if (!Lib)
        continue;
      if (!ByLib.count(*Lib))
        LibOrder.push_back(*Lib);
      ByLib[*Lib].push_back(&N);
    }
    if (LibOrder.empty())
      continue;
    // The import of this package's files that leads to it.
    auto ViaIt = PV->Via.find(I.P->ImportPath);
    std::string Via = ViaIt == PV->Via.end() ? "" : ViaIt->second;
    std::optional<Location> At;
    for (const SourceFile *F : C.V->Files)
      for (std::size_t K = 0; !At && K < F->Go.Imports.size(); ++K)
        if (F->Go.Imports[K] == Via && K < F->Go.ImportPaths.size())
          At = Location{F->Path, F->Go.ImportPaths[K].Begin,
                        F->Go.ImportPaths[K].End};
    if (!At)
      continue;
    for (unsigned LibI : LibOrder) {
      const std::vector<const Need *> &Needs = ByLib[LibI];
      const LinkLibrary &Lib = Ix.library(LibI);
      const Need &First = *Needs.front();
      Diagnostic D;
      D.Code = Lib.Framework ? "cgo-missing-framework" : "cgo-missing-library";
      D.Where = *At;
      D.Targets = {T.name()};
      D.Sev = Severity::Error;
      D.Message =
          "Add " + Lib.flag() + " to the #cgo LDFLAGS of " + I.P->ImportPath +
          (Via == I.P->ImportPath ? "" : " (imported through " + Via + ")") +
          ": " + nameList(Needs) + (Needs.size() == 1 ? " is" : " are") +
          " defined in " + libraryFile(Ix, LibI) +
          ", which no package of this program links, so linking fails "
          "with: " +
          linkerText(T, First);
      D.Related.push_back(
          {First.Origin.File.empty() ? First.Where : First.Origin,
           "the use in " + I.P->ImportPath});
      Out.push_back(std::move(D));
    }
  }
}

std::vector<CodeDoc> linksCodes() {
  return {
      {"cgo-missing-framework", "",
       R"md(**What.** The package's C or Objective-C code uses a symbol (a function, a variable, an
Objective-C class) that a framework of the macOS SDK defines, and nothing on the package's link
line provides it: not its `#cgo LDFLAGS`, `pkg-config --libs`, `CGO_LDFLAGS`, nor what the
toolchain links anyway (libSystem; CoreFoundation on darwin/arm64, through runtime/cgo; libobjc).
Re-exports count: `-framework Cocoa` provides AppKit, Foundation and CoreData. Uses are those of
code that is compiled into the object: Go's `C.name` uses, external functions and Objective-C
methods, and the static functions they reach; the symbols come from the SDK's `.tbd` stubs.
What the packages it imports define or link counts, directly or not, as the go command finds
them (the module, `go.work`, `vendor/`, the module cache, or GOPATH's `src`): their `#cgo LDFLAGS`
and `pkg-config` libraries are linked into every program that imports them, and the functions
and classes their C code defines are defined there. An error in a `main` package whose imports
cgols could all read; elsewhere a warning, since another package of the program may link the
framework, which names the packages of its module (or workspace) that import it. In a `main` package, a symbol an imported package needs and no package of the program
provides is an error at the import that brings that package in, once per package and framework,
naming the package that should link it: `Add -framework AppKit to the #cgo LDFLAGS of
example.com/app/beep: NSBeep is defined in AppKit.framework, which no package of this program
links, so linking fails with: ...` (a `main` package without cgo of its own is checked too).

**Why.** `go build` of a library package does not link, so this ships unnoticed until a program
links: `Undefined symbols for architecture arm64: "_OBJC_CLASS_$_NSAlert"`.

**Example.** `[NSAlert new]` in a preamble with `#cgo darwin CFLAGS: -x objective-c` and no
`-framework AppKit` (or `Cocoa`).

**Fix.** *Add #cgo darwin LDFLAGS: -framework AppKit* (without `darwin` when the file is built
only for macOS).)md"},
      {"cgo-missing-library", "",
       R"md(**What.** As `cgo-missing-framework`, for a library: on Linux the shared libraries and
archives of the linker's search path (`/usr/lib/<multiarch>`, `/usr/lib`, `/lib`, `-L`
directories, or the sysroot's), whose dynamic symbols and archive symbol tables are read; on
macOS the SDK's `usr/lib` stubs. On the host, the C compiler driver's own directories come first,
as the driver hands them to the linker (`cc -print-search-dirs`, with go env's `CC`: gcc's
private directory has libstdc++, libgcc_s, libatomic, libgomp, libasan). libc, libpthread, libdl,
libgcc and libgcc_s are linked anyway on Linux; libSystem on macOS.

**Why.** `undefined reference to 'cbrt'` (libm) appears only when a program links.

**Example.** `cbrt(x)` in a preamble with `#include <math.h>` and no `#cgo LDFLAGS: -lm`.

**Fix.** *Add #cgo linux LDFLAGS: -lm*.)md"},
      {"cgo-unknown-framework", "",
       R"md(**What.** `-framework X` (or `-Wl,-framework,X`) in `#cgo LDFLAGS` names no framework of
the macOS SDK (and no `-F` directory has it). Case does not matter: macOS file systems ignore it,
so `-framework Webkit` links WebKit.

**Why.** The link fails: `ld: framework 'X' not found`.

**Example.** `#cgo darwin LDFLAGS: -framework AppKt`

**Fix.** *Change to AppKit* when the name is a slip of the keyboard (another case, a letter left
out or added, two letters swapped, one lower-case letter for another); never another framework
(`AVFoundation` is not offered `Foundation`, nor `OpenAL` `OpenGL`). Otherwise add the `-F`
directory, or remove the flag.)md"},
      {"cgo-library-not-found", "",
       R"md(**What.** `-lfoo` in `#cgo LDFLAGS` names a library that no directory of the linker's
search path (the C compiler driver's own directories, then ld's; nor a `-L` directory) has:
`libfoo.so` or `libfoo.a` on Linux, `libfoo.tbd` or
`libfoo.dylib` in the SDK on macOS. Not said when a `-L` directory does not exist on this machine
(it may on the one that builds).

**Why.** `cannot find -lfoo` (GNU ld), `ld: library 'foo' not found` (Apple's ld).

**Example.** `#cgo LDFLAGS: -lnope`

**Fix.** Install the library's development package, or add `-L` with its directory.)md"},
  };
}

} // namespace

const Check &linksCheck() {
  static const Check TheCheck{"links", CheckScope::Target, linksCodes(),
                              linksRun};
  return TheCheck;
}

} // namespace cgols
