//===- Analysis.cpp - Analyse one Go package for every target -------------===//
//
// For each target: the package view (files and #cgo flags for the target),
// then each cgo file's preamble compiled for the target. Clang's diagnostics
// are mapped into the Go file through the file's SourceMap; a diagnostic in a
// header moves onto the #include line that brought the header in ("in
// included file: ..."), with the header location as related information.
// Finally the same diagnostic found on several targets becomes one, which
// names its targets when it does not occur on all of them.
//
//===----------------------------------------------------------------------===//
#include "Analysis.h"

#include "core/LineTable.h"
#include "gobuild/Modules.h"
#include "gobuild/Walk.h"
#include "pipeline/Flags.h"
#include "pipeline/LibraryVersions.h"
#include "pipeline/PkgConfig.h"

#include "llvm/Support/Path.h"

#include <algorithm>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

namespace cgols {

std::shared_ptr<const CompileResult> PreambleCache::get(const std::string &K) {
  std::lock_guard<std::mutex> L(M);
  auto It = Map.find(K);
  if (It == Map.end()) {
    ++Misses;
    return nullptr;
  }
  ++Hits;
  It->second.LastUse = ++Tick;
  return It->second.R;
}

void PreambleCache::put(const std::string &K,
                        std::shared_ptr<const CompileResult> R) {
  std::size_t N = approximateBytes(*R) + K.size();
  std::lock_guard<std::mutex> L(M);
  if (auto It = Map.find(K); It != Map.end()) {
    Bytes -= It->second.Bytes;
    Map.erase(It);
  }
  if (N > MaxBytes)
    return; // larger than the whole cache
  evictTo(MaxBytes - N);
  Map[K] = {std::move(R), ++Tick, N};
  Bytes += N;
}

void PreambleCache::evictTo(std::size_t Limit) {
  while (Bytes > Limit && !Map.empty()) {
    auto Oldest = std::min_element(Map.begin(), Map.end(),
                                   [](const auto &A, const auto &B) {
                                     return A.second.LastUse < B.second.LastUse;
                                   });
    Bytes -= Oldest->second.Bytes;
    Map.erase(Oldest);
  }
}

void PreambleCache::setMaxBytes(std::size_t N) {
  std::lock_guard<std::mutex> L(M);
  MaxBytes = N;
  evictTo(N);
}

void PreambleCache::clear() {
  std::lock_guard<std::mutex> L(M);
  Map.clear();
  Bytes = 0;
}

std::size_t PreambleCache::bytes() {
  std::lock_guard<std::mutex> L(M);
  return Bytes;
}

std::size_t PreambleCache::size() {
  std::lock_guard<std::mutex> L(M);
  return Map.size();
}

std::vector<std::pair<std::string, std::string>>
readPackageFiles(llvm::vfs::FileSystem &FS, const std::string &Dir) {
  std::vector<std::pair<std::string, std::string>> Out;
  std::error_code EC;
  for (llvm::vfs::directory_iterator It = FS.dir_begin(Dir, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Path = It->path();
    if (!Path.ends_with(".go") ||
        It->type() == llvm::sys::fs::file_type::directory_file)
      continue;
    auto Buf = FS.getBufferForFile(Path);
    if (!Buf)
      continue;
    Out.emplace_back(Path.str(), (*Buf)->getBuffer().str());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

bool targetHeadersAvailable(const AnalysisOptions &O, const Target &T,
                            llvm::vfs::FileSystem &FS) {
  if (T.isDarwin())
    return !O.DarwinSDK.empty() && FS.exists(O.DarwinSDK + "/usr/include");
  if (T.GOOS != "linux")
    return false;
  std::string Root = O.LinuxSysroot.empty() ? "" : O.LinuxSysroot;
  if (!FS.exists(Root + "/usr/include"))
    return false;
  if (O.LinuxSysroot.empty() && T.GOARCH != O.HostGOARCH) {
    // Cross headers are in the multiarch directory.
    std::string Triple = T.clangTriple();
    return FS.exists("/usr/include/" + Triple);
  }
  return true;
}

namespace {

// Appends V to a cache key: each value ends with '\0', a list with '\1'.
template <class T> void appendKey(std::string &K, const T &V) {
  if constexpr (std::is_same_v<T, std::string>) {
    K += V;
    K += '\0';
  } else if constexpr (std::is_same_v<T, bool>) {
    K += V ? "1" : "0";
    K += '\0';
  } else if constexpr (std::is_integral_v<T>) {
    K += std::to_string(V);
    K += '\0';
  } else if constexpr (fields::Listed<T>) {
    fields::forEach(V, [&](const char *, const auto &F) { appendKey(K, F); });
  } else { // a vector
    for (const auto &E : V)
      appendKey(K, E);
    K += '\1';
  }
}

// Every field of the request but Precompile, which gives the same result
// either way: a field added to CompileRequest is part of the key.
std::string cacheKey(const CompileRequest &R) {
  std::string K;
  K.reserve(R.Preamble.size() + 256);
  fields::forEach(R, [&](const char *Name, const auto &F) {
    if (std::string_view(Name) != "Precompile")
      appendKey(K, F);
  });
  return K;
}

// Same place, code and message: the same diagnostic on another target.
std::string identity(const Diagnostic &D) {
  std::ostringstream S;
  S << D.Where.File << '\0' << D.Where.Begin << '\0' << D.Where.End << '\0'
    << D.Code << '\0' << D.Message;
  return S.str();
}

void mergeTargets(std::vector<Diagnostic> &Ds,
                  const std::vector<std::string> &AnalysedTargets) {
  std::vector<Diagnostic> Out;
  std::map<std::string, std::size_t> Seen;
  for (Diagnostic &D : Ds) {
    auto [It, New] = Seen.emplace(identity(D), Out.size());
    if (New) {
      Out.push_back(std::move(D));
      continue;
    }
    Diagnostic &Into = Out[It->second];
    for (const std::string &T : D.Targets)
      if (std::find(Into.Targets.begin(), Into.Targets.end(), T) ==
          Into.Targets.end())
        Into.Targets.push_back(T);
  }
  for (Diagnostic &D : Out) {
    std::sort(D.Targets.begin(), D.Targets.end());
    bool All =
        AnalysedTargets.size() > 1 &&
        std::all_of(AnalysedTargets.begin(), AnalysedTargets.end(),
                    [&](const std::string &T) {
                      return std::find(D.Targets.begin(), D.Targets.end(), T) !=
                             D.Targets.end();
                    });
    if (!D.Targets.empty() && !All && AnalysedTargets.size() > 1) {
      std::string L;
      for (const std::string &T : D.Targets)
        L += (L.empty() ? "" : ", ") + T;
      D.Message += " (" + L + ")";
    }
  }
  std::stable_sort(Out.begin(), Out.end(),
                   [](const Diagnostic &A, const Diagnostic &B) {
                     return A.Where.Begin < B.Where.Begin;
                   });
  Ds = std::move(Out);
}

} // namespace

namespace {

// The .c and .m files of the package that go build compiles for T (file
// name suffixes and //go:build lines apply to them too).
std::vector<std::string> sourceFilesFor(const Package &P, const Target &T,
                                        llvm::vfs::FileSystem &FS) {
  std::vector<std::string> Out;
  std::error_code EC;
  for (llvm::vfs::directory_iterator It = FS.dir_begin(P.Dir, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Path = It->path();
    if (!(Path.ends_with(".c") || Path.ends_with(".m")) ||
        It->type() == llvm::sys::fs::file_type::directory_file)
      continue;
    std::string Base = std::string(llvm::sys::path::filename(Path));
    std::string Stem = Base.substr(0, Base.size() - 2) + ".go";
    if (Base[0] == '_' || Base[0] == '.' || !matchFileName(Stem, T))
      continue;
    auto Buf = FS.getBufferForFile(Path);
    if (!Buf)
      continue;
    go::GoFile Header = go::parseGoFile(Path.str(), (*Buf)->getBuffer());
    if (Header.GoBuild && !evalGoBuild(*Header.GoBuild, T).value_or(false))
      continue;
    Out.push_back(Path.str());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

/// The content hashes of files as one analysis sees them, each file read
/// once: the preambles of a gotk3 package read the same 654 headers (found
/// through pkg-config's -I, so "user" headers), and checking each cached
/// result on its own read them 90 times per keystroke. Thread-safe.
class InputHashes {
public:
  explicit InputHashes(llvm::vfs::FileSystem &FS) : FS(FS) {}
  std::optional<std::uint64_t> of(const std::string &Path) {
    {
      std::lock_guard<std::mutex> L(M);
      if (auto It = Known.find(Path); It != Known.end())
        return It->second;
    }
    std::optional<std::uint64_t> H;
    if (auto B = FS.getBufferForFile(Path))
      H = contentHash((*B)->getBuffer());
    std::lock_guard<std::mutex> L(M);
    Known.emplace(Path, H);
    return H;
  }

private:
  llvm::vfs::FileSystem &FS;
  std::mutex M;
  std::unordered_map<std::string, std::optional<std::uint64_t>> Known;
};

std::shared_ptr<const CompileResult>
compileCached(const CompileRequest &Req, const std::string &ExtraKey,
              llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
              const AnalysisServices &S, InputHashes &Inputs) {
  PreambleCache *Cache = S.Cache;
  std::string Key = cacheKey(Req) + '\2' + ExtraKey;
  std::shared_ptr<const CompileResult> R = Cache ? Cache->get(Key) : nullptr;
  // The key is the preamble and flags; the local headers it read are
  // checked here (saved or unsaved: FS has the editor's overlay), and a
  // header that was missing may have appeared.
  if (R && R->MissingHeader)
    R = nullptr;
  if (R)
    for (const auto &[Path, Hash] : R->UserInputs)
      if (Inputs.of(Path) != Hash) {
        R = nullptr;
        break;
      }
  if (!R) {
    R = std::make_shared<CompileResult>(
        S.Compile ? S.Compile->compile(Req, S.Cancelled)
                  : compilePreamble(Req, FS));
    // A crash, a timeout or running out of memory happens again for the
    // same input (kept, so that a Go-only edit does not wait for it again);
    // a cancelled or unstarted compile says nothing about the input.
    if (Cache && R->Failure != CompileFailure::Cancelled &&
        R->Failure != CompileFailure::NoWorker)
      Cache->put(Key, R);
  }
  return R;
}

} // namespace

namespace {

// What compiling one target's units of a package gave.
struct CompiledUnits {
  std::vector<PreambleUnit> Preambles;
  std::vector<SourceUnit> Sources;
  std::vector<FailedUnit> Failed;
  bool Cancelled = false;
  std::string NoWorker; ///< why the compile worker could not start
};

// Compiles a package's preambles and .c/.m files for V's target, with the
// go command's flags (only the compile-only ones reach Clang; the others
// become notices when Notices is given). Partial: only O.FocusFile.
CompiledUnits compileUnits(const Package &P, const TargetView &V,
                           const FlagVerdicts &Verdicts,
                           const PkgConfigFlags &PC, const AnalysisOptions &O,
                           llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                           const AnalysisServices &S, InputHashes &Inputs,
                           bool Partial, bool Edited,
                           std::vector<Notice> *Notices) {
  const Target &T = V.T;
  auto Cancelled = [&] { return S.Cancelled && S.Cancelled->load(); };
  CompiledUnits Out;
  // Whatever their origin, only compile-only flags reach Clang.
  std::vector<std::string> Flags;
  auto AddFlags = [&](const std::vector<std::string> &L, const char *Origin) {
    std::vector<std::string> Rejected;
    for (std::string &F : compileOnlyFlags(L, Rejected))
      Flags.push_back(std::move(F));
    if (Notices)
      for (const std::string &R : Rejected) {
        Notice N;
        N.Key = std::string("unsafe-flag:") + Origin + ":" + R;
        N.Message = std::string("cgols: ") + Origin + ": " + R +
                    " is left out of cgols's compiles: only compile-only "
                    "flags (the go command's compiler allowlist) reach "
                    "Clang, so that no flag can make it write a file or "
                    "print";
        Notices->push_back(std::move(N));
      }
  };
  AddFlags(O.EnvCPPFLAGS, "CGO_CPPFLAGS");
  AddFlags(Verdicts.of("CPPFLAGS").accepted(), "#cgo CPPFLAGS");
  AddFlags(PC.CFlags, "pkg-config --cflags");
  AddFlags(O.EnvCFLAGS, "CGO_CFLAGS");
  AddFlags(Verdicts.of("CFLAGS").accepted(), "#cgo CFLAGS");
  AddFlags(O.ExtraFlags, "cgols.extraFlags");
  CompileRequest Base;
  Base.T = T;
  Base.Flags = Flags;
  Base.Sysroot = T.isDarwin() ? O.DarwinSDK : O.LinuxSysroot;
  Base.ResourceDir = O.ResourceDir;
  Base.ClangPath = O.ClangPath;
  // Every compile of the target, run parallelism() at a time, then the
  // units in file order.
  struct Job {
    const SourceFile *F = nullptr; ///< a preamble's file, or
    std::string Src, Text;         ///< a .c or .m file and its text
    CompileRequest Req;
    std::shared_ptr<const CompileResult> R;
  };
  std::vector<Job> Jobs;
  for (const SourceFile *F : V.CgoFiles) {
    if (!F->Go.hasPreambleToCompile())
      continue;
    if (Partial && F->Path != O.FocusFile)
      continue;
    Job J;
    J.F = F;
    J.Req = Base;
    J.Req.GoFilePath = F->Path;
    J.Req.Preamble = go::discardCgoDirectives(F->Go.Preamble);
    // cmd/cgo compiles a preamble from a temporary file, with "-I ." last
    // and the package directory as its working directory (cmd/cgo/util.go):
    // the package's own headers are found with <...> too.
    J.Req.Flags.push_back("-I");
    J.Req.Flags.push_back(P.Dir);
    J.Req.CollectSymbols = Edited && O.CollectSymbols;
    // What the Go code uses, for the Go-side check (cgo-call-*): part of
    // the cache key, so a name typed anew is looked up.
    for (const go::CRef &Ref : F->Go.Refs)
      J.Req.GoNames.push_back(Ref.Name);
    std::sort(J.Req.GoNames.begin(), J.Req.GoNames.end());
    J.Req.GoNames.erase(std::unique(J.Req.GoNames.begin(), J.Req.GoNames.end()),
                        J.Req.GoNames.end());
    J.Req.Precompile = Edited && O.EditedFiles.count(F->Path) != 0;
    Jobs.push_back(std::move(J));
  }
  for (const std::string &Src :
       Partial ? std::vector<std::string>{} : sourceFilesFor(P, T, *FS)) {
    auto Buf = FS->getBufferForFile(Src);
    if (!Buf)
      continue;
    Job J;
    J.Src = Src;
    J.Text = (*Buf)->getBuffer().str();
    J.Req = Base;
    J.Req.GoFilePath = Src;
    J.Req.SourcePath = Src;
    // cmd/go compiles a package's .c and .m files with "-I <package dir>"
    // first (Builder.GccCmd).
    J.Req.Flags.insert(J.Req.Flags.begin(), {"-I", P.Dir});
    Jobs.push_back(std::move(J));
  }
  // Preambles that start with the same #include block (most files of
  // a package include the same headers) compile over one precompiled
  // block, one after another on one thread (so in one worker, which
  // keeps it); the groups and the other compiles run side by side,
  // the largest group first.
  std::vector<std::vector<std::size_t>> Groups;
  {
    std::map<std::uint64_t, std::size_t> GroupOf;
    for (std::size_t I = 0; I < Jobs.size(); ++I) {
      bool HasBlock = false;
      std::uint64_t Key =
          Jobs[I].F ? preambleAffinity(Jobs[I].Req, &HasBlock) : 0;
      if (!HasBlock) {
        Groups.push_back({I});
        continue;
      }
      auto [It, New] = GroupOf.try_emplace(Key, Groups.size());
      if (New)
        Groups.emplace_back();
      Groups[It->second].push_back(I);
    }
    for (const auto &G : Groups)
      if (G.size() > 1)
        for (std::size_t I : G)
          Jobs[I].Req.Precompile = true;
    std::stable_sort(
        Groups.begin(), Groups.end(),
        [](const auto &A, const auto &B) { return A.size() > B.size(); });
  }
  std::atomic<std::size_t> Next{0};
  auto Work = [&] {
    for (std::size_t G; (G = Next++) < Groups.size();)
      for (std::size_t I : Groups[G])
        if (!Cancelled())
          Jobs[I].R = compileCached(Jobs[I].Req, Jobs[I].F ? "" : Jobs[I].Text,
                                    FS, S, Inputs);
  };
  std::vector<std::thread> Threads;
  // No compile at all (a package whose cgo files have neither a
  // preamble nor a C. name): no thread either.
  unsigned Extra = static_cast<unsigned>(std::min<std::size_t>(
      S.Compile ? S.Compile->parallelism() : 1, Groups.size()));
  Extra = Extra > 1 ? Extra - 1 : 0;
  for (unsigned I = 0; I < Extra; ++I)
    Threads.emplace_back(Work);
  Work();
  for (std::thread &Th : Threads)
    Th.join();
  if (Cancelled()) {
    Out.Cancelled = true;
    return Out;
  }
  for (Job &J : Jobs) {
    if (!J.R || J.R->Failure == CompileFailure::Cancelled) {
      Out.Cancelled = true;
      return Out;
    }
    if (J.R->Failure == CompileFailure::NoWorker && Out.NoWorker.empty())
      Out.NoWorker = J.R->FailureDetail;
    if (J.R->Failure != CompileFailure::None)
      Out.Failed.push_back({J.F, J.Src, *J.R});
    else if (J.F)
      Out.Preambles.push_back({J.F, std::move(J.Req), std::move(J.R)});
    else
      Out.Sources.push_back({J.Src, std::move(J.Text), std::move(J.R)});
  }
  return Out;
}

// More packages than this in one program are not read: the link check
// then says nothing it would need them for.
constexpr std::size_t MaxProgramPackages = 300;

// Every non-standard package P imports for V's target, directly or not,
// breadth first, read and (when it uses cgo) compiled for the target.
ProgramView loadProgram(const Package &P, const TargetView &V,
                        const AnalysisOptions &O,
                        llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                        const AnalysisServices &S, InputHashes &Inputs,
                        ImportResolver &Resolver) {
  ProgramView PV;
  PV.ImportPath = Resolver.importPathOf(P.Dir).value_or("");
  std::deque<std::pair<std::string, std::string>> Work; // path, from dir
  std::set<std::string> Seen = {PV.ImportPath};
  auto Enqueue = [&](const TargetView &From, const std::string &FromDir,
                     const std::string &Via) {
    for (const SourceFile *F : From.Files)
      for (const std::string &I : F->Go.Imports) {
        if (isStandardImport(I) || !Seen.insert(I).second)
          continue;
        Work.emplace_back(I, FromDir);
        PV.Via[I] = Via.empty() ? I : Via;
      }
  };
  Enqueue(V, P.Dir, "");
  // Who imports a library package, from a bounded walk of its module.
  bool Main = !V.Files.empty() && V.Files.front()->Go.PackageName == "main";
  if (!PV.ImportPath.empty() && !Main) {
    std::set<std::string> Dirs;
    for (const std::string &Root : Resolver.roots(P.Dir))
      walkGoFiles(*FS, Root, [&](const std::string &Path, llvm::StringRef T) {
        // Only a file that spells the path can import it: the parse (the
        // whole file's C names too) is for those alone.
        if ((Path.size() > 8 &&
             Path.compare(Path.size() - 8, 8, "_test.go") == 0) ||
            !T.contains(PV.ImportPath))
          return true;
        go::GoFile G = go::parseGoFile(Path, T);
        if (std::find(G.Imports.begin(), G.Imports.end(), PV.ImportPath) !=
            G.Imports.end())
          Dirs.insert(std::string(llvm::sys::path::parent_path(Path)));
        return true;
      });
    for (const std::string &D : Dirs)
      if (auto I = Resolver.importPathOf(D))
        PV.Importers.push_back(*I);
    std::sort(PV.Importers.begin(), PV.Importers.end());
  }
  while (!Work.empty()) {
    auto [Path, From] = std::move(Work.front());
    Work.pop_front();
    std::optional<std::string> Dir;
    if (!(S.Cancelled && S.Cancelled->load()) &&
        PV.Packages.size() < MaxProgramPackages)
      Dir = Resolver.resolve(Path, From);
    if (!Dir) {
      PV.NotFound.push_back(Path);
      continue;
    }
    auto IP = std::make_unique<ImportedPackage>();
    IP->ImportPath = Path;
    IP->Dir = *Dir;
    IP->Pkg = makePackage(*Dir, readPackageFiles(*FS, *Dir), O.GoVer);
    IP->V = std::make_unique<TargetView>(viewForTarget(IP->Pkg, V.T));
    Enqueue(*IP->V, *Dir, PV.Via[Path]);
    if (!IP->V->CgoFiles.empty()) {
      IP->Flags = judgeFlags(*IP->V, O);
      std::vector<Diagnostic> Unused; // that package's own findings
      PkgConfigFlags PC = resolvePkgConfig(IP->Pkg, *IP->V, O, Unused);
      IP->PkgConfigLibs = PC.Libs;
      IP->PkgConfigLibsKnown = PC.LibsKnown && PC.Resolved;
      CompiledUnits U =
          compileUnits(IP->Pkg, *IP->V, IP->Flags, PC, O, FS, S, Inputs,
                       /*Partial=*/false, /*Edited=*/false, nullptr);
      IP->Complete = !U.Cancelled && U.Failed.empty() && PC.Resolved;
      IP->Preambles = std::move(U.Preambles);
      IP->Sources = std::move(U.Sources);
    }
    PV.Packages.push_back(std::move(IP));
  }
  return PV;
}

// A main package that imports non-standard packages.
bool isProgram(const TargetView &V) {
  bool Imports = false;
  for (const SourceFile *F : V.Files) {
    if (F->Go.PackageName != "main")
      return false;
    for (const std::string &I : F->Go.Imports)
      Imports = Imports || !isStandardImport(I);
  }
  return Imports;
}

} // namespace

PackageResult analyzePackage(const Package &P, const AnalysisOptions &O,
                             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                             const AnalysisServices &S) {
  PackageResult Res;
  Res.Partial = !O.FocusFile.empty();
  InputHashes Inputs(*FS);
  for (const auto &F : P.Files)
    Res.ByFile[F->Path];
  auto Cancelled = [&] { return S.Cancelled && S.Cancelled->load(); };
  auto Enabled = [&](const Check &C) {
    for (const CodeDoc &D : C.Codes)
      if (!O.DisabledCodes.count(D.Code))
        return true;
    return false;
  };
  auto Keep = [&](std::vector<Diagnostic> &Ds) {
    for (Diagnostic &D : Ds)
      if (Res.ByFile.count(D.Where.File) && !O.DisabledCodes.count(D.Code))
        Res.ByFile[D.Where.File].push_back(std::move(D));
    Ds.clear();
  };
  ImportResolver Resolver(FS, O.GoModCache, O.GoWorkOff, O.GoPath);
  // The program around the package for a target: read and compiled only
  // when a check asks (the link check, when the package alone leaves a
  // symbol undefined, or for a main package), once.
  auto ProgramOf = [&](const TargetView &V) {
    auto Loaded = std::make_shared<std::optional<ProgramView>>();
    return [&, Loaded, VP = &V]() -> const ProgramView & {
      if (!*Loaded)
        *Loaded = loadProgram(P, *VP, O, FS, S, Inputs, Resolver);
      return **Loaded;
    };
  };
  std::vector<Diagnostic> Found;
  {
    CheckContext Ctx(P, nullptr, O, FS);
    for (const Check *C : allChecks())
      if (C->Scope == CheckScope::Package && Enabled(*C))
        C->Run(Ctx, Found);
    Keep(Found);
  }

  std::vector<std::string> Analysed;
  for (const Target &T : O.Targets) {
    if (Cancelled())
      return Res;
    TargetView V = viewForTarget(P, T);
    if (V.CgoFiles.empty()) {
      // A main package without cgo is still a program that links its
      // imports' C code: the link check looks at them together.
      if (isProgram(V) && !Res.Partial && S.Links && Enabled(linksCheck())) {
        CheckContext Ctx(P, &V, O, FS);
        std::shared_ptr<const LinkIndex> Links = S.Links(T);
        Ctx.Links = Links.get();
        Ctx.Program = ProgramOf(V);
        if (Links) {
          Analysed.push_back(T.name());
          linksCheck().Run(Ctx, Found);
          Keep(Found);
        }
      }
      continue;
    }
    FlagVerdicts Verdicts = judgeFlags(V, O);
    CheckContext Ctx(P, &V, O, FS);
    Ctx.Flags = &Verdicts;
    Ctx.Headers = S.Headers;
    bool Compile = true;
    if (!targetHeadersAvailable(O, T, *FS)) {
      Notice N;
      N.Key = "headers-missing:" + T.name();
      // Off a Mac, the default darwin target without an SDK is what every
      // start finds: information for the log, not a warning.
      if (T.isDarwin() && O.DefaultTargets && O.HostGOOS != "darwin")
        N.Sev = Severity::Information;
      N.Message =
          T.isDarwin()
              ? "cgols: no macOS SDK is set, so cgo preambles are not compiled "
                "for " +
                    T.name() +
                    ". Set cgols.sdkPath (or SDKROOT) to a MacOSX.sdk to "
                    "check them."
              : "cgols: no C headers for " + T.name() +
                    " (no sysroot for it), so cgo preambles are not compiled "
                    "for that target. Set cgols.sysroot, or remove the "
                    "target.";
      if (std::any_of(
              V.CgoFiles.begin(), V.CgoFiles.end(),
              [](const SourceFile *F) { return F->Go.hasPreambleToCompile(); }))
        Res.Unchecked.push_back({T.name(), true,
                                 T.isDarwin()
                                     ? "there is no macOS SDK to compile with"
                                     : "there is no sysroot for it"});
      Res.Notices.push_back(std::move(N));
      Compile = false;
    }
    // go build resolves pkg-config first. When it cannot answer, the
    // preambles compile without its flags: what they show that does not
    // depend on its headers is still what go build would say.
    PkgConfigFlags PC;
    if (Compile) {
      PC = resolvePkgConfig(P, V, O, Ctx.PkgConfigFindings);
      if (!PC.Resolved)
        Ctx.PkgConfigLine = PC.Line;
      if (!PC.NotRun.empty())
        Res.Unchecked.push_back({T.name(), false, PC.NotRun});
      Ctx.PkgConfigLibs = PC.Libs;
      Ctx.PkgConfigLibsKnown = PC.LibsKnown;
      Ctx.PkgConfigCFlags = PC.CFlags;
    }
    // The link index loads while the preambles compile: a cold one reads
    // every shared library or .tbd stub of the target (0.22 s for this
    // machine's /usr/lib).
    std::shared_ptr<const LinkIndex> Links;
    std::future<std::shared_ptr<const LinkIndex>> LinkLoad;
    if (Compile && S.Links)
      LinkLoad =
          std::async(std::launch::async, [&S, &T] { return S.Links(T); });
    if (Compile) {
      Analysed.push_back(T.name());
      Ctx.Partial = Res.Partial;
      CompiledUnits U =
          compileUnits(P, V, Verdicts, PC, O, FS, S, Inputs, Res.Partial,
                       /*Edited=*/true, &Res.Notices);
      if (U.Cancelled)
        return Res;
      if (LinkLoad.valid()) {
        Links = LinkLoad.get();
        Ctx.Links = Links.get();
      }
      if (!U.NoWorker.empty())
        Res.Unchecked.push_back(
            {T.name(), false,
             "the compile worker could not be started (" + U.NoWorker + ")"});
      Ctx.Preambles = std::move(U.Preambles);
      Ctx.Sources = std::move(U.Sources);
      Ctx.Failed = std::move(U.Failed);
      Ctx.Program = ProgramOf(V);
    }
    VersionGaps Gaps;
    if (Compile && !Ctx.Preambles.empty()) {
      Gaps = findVersionGaps(Ctx);
      if (!Gaps.Gaps.empty())
        Ctx.Gaps = &Gaps;
    }
    // Without a compile, only the checks that need no compiled unit have
    // something to say (their units are empty).
    for (const Check *C : allChecks())
      if (C->Scope == CheckScope::Target && Enabled(*C))
        C->Run(Ctx, Found);
    Keep(Found);
    if (Compile)
      Res.Units.push_back({T, std::move(Ctx.Preambles), std::move(Ctx.Sources),
                           std::move(Ctx.Failed)});
  }
  for (auto &[Path, Ds] : Res.ByFile)
    mergeTargets(Ds, Analysed);
  return Res;
}

} // namespace cgols
