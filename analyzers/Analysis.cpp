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

#include "LineTable.h"

#include "llvm/Support/Path.h"

#include <algorithm>
#include <set>
#include <sstream>

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
  std::lock_guard<std::mutex> L(M);
  if (Map.size() >= Capacity && !Map.count(K)) {
    auto Oldest = std::min_element(Map.begin(), Map.end(),
                                   [](const auto &A, const auto &B) {
                                     return A.second.LastUse < B.second.LastUse;
                                   });
    Map.erase(Oldest);
  }
  Map[K] = {std::move(R), ++Tick};
}

std::vector<std::pair<std::string, std::string>>
readPackageFiles(llvm::vfs::FileSystem &FS, const std::string &Dir) {
  std::vector<std::pair<std::string, std::string>> Out;
  std::error_code EC;
  for (llvm::vfs::directory_iterator It = FS.dir_begin(Dir, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Path = It->path();
    if (!Path.endswith(".go") ||
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

std::string flagText(const std::string &Flag, const std::string &Msg) {
  return Flag.empty() ? Msg : Msg + " [" + Flag + "]";
}

std::string cacheKey(const CompileRequest &R) {
  std::string K;
  K.reserve(R.Preamble.size() + 256);
  K += R.GoFilePath;
  K += '\0';
  K += R.T.name();
  K += '\0';
  K += R.Sysroot;
  K += '\0';
  K += R.ResourceDir;
  for (const std::string &F : R.Flags) {
    K += '\0';
    K += F;
  }
  K += '\1';
  K += R.Preamble;
  return K;
}

// Turns one compiled preamble's diagnostics into Go-file diagnostics.
class Mapper {
public:
  Mapper(const SourceFile &F, const Target &T, const TargetView &V,
         llvm::vfs::FileSystem &FS)
      : F(F), T(T), V(V), FS(FS) {}

  void map(const CompileResult &R, std::vector<Diagnostic> &Out) {
    for (const CDiagnostic &C : R.Diags) {
      if (C.Lev == CDiagnostic::Level::Note)
        continue;
      Diagnostic D;
      D.Sev = C.Lev == CDiagnostic::Level::Warning ? Severity::Warning
                                                   : Severity::Error;
      D.Code = C.isFileNotFound           ? "cgo-header-not-found"
               : D.Sev == Severity::Error ? "cgo-preamble-error"
                                          : "cgo-preamble-warning";
      D.ClangFlag = C.Flag;
      D.Targets = {T.name()};
      std::string Msg = flagText(C.Flag, C.Message);
      if (!C.HasLocation) {
        // The driver's own complaints (an unknown flag): at the #cgo flag
        // that caused it if one matches, else at import "C".
        D.Where = driverLocation(C.Message);
        D.Message = "C compiler: " + Msg;
      } else if (C.Where.InPreamble) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(C.Where.Begin, C.Where.End);
        D.Where = {F.Path, B, E};
        D.Message = Msg;
        addFixes(C, D);
      } else if (C.HasIncludeSite) {
        auto [B, E] = F.Go.PreambleMap.rangeToGo(C.IncludeBegin, C.IncludeEnd);
        D.Where = {F.Path, B, E};
        D.Message = "in included file: " + Msg;
        D.Related.push_back({headerLocation(C.Where), Msg});
      } else {
        // In the builtin prolog or a -include'd file: at import "C".
        D.Where = importLocation();
        D.Message = "in " + C.Where.File + ": " + Msg;
      }
      for (const CDiagnostic &N : C.Notes) {
        if (!N.HasLocation)
          continue;
        if (N.Where.InPreamble) {
          auto [B, E] = F.Go.PreambleMap.rangeToGo(N.Where.Begin, N.Where.End);
          D.Related.push_back({{F.Path, B, E}, N.Message});
        } else if (!N.Where.File.empty() &&
                   N.Where.File.rfind("/__cgols__/", 0) != 0) {
          D.Related.push_back({headerLocation(N.Where), N.Message});
        }
        addFixes(N, D);
      }
      Out.push_back(std::move(D));
    }
  }

private:
  const SourceFile &F;
  const Target &T;
  const TargetView &V;
  llvm::vfs::FileSystem &FS;

  Location importLocation() const {
    const go::CImport &CI = F.Go.CImports.front();
    return {F.Path, CI.Path.Begin, CI.Path.End};
  }

  Location driverLocation(const std::string &Msg) const {
    const std::vector<FlagArg> *Lists[] = {&V.Flags.CPPFLAGS, &V.Flags.CFLAGS};
    for (const auto *L : Lists)
      for (const FlagArg &A : *L)
        if (A.File == F.Path &&
            Msg.find("'" + A.Value + "'") != std::string::npos)
          return {A.File, A.Where.Begin, A.Where.End};
    return importLocation();
  }

  Location headerLocation(const CLocation &L) const {
    return {L.File, L.Begin, L.End};
  }

  void addFixes(const CDiagnostic &C, Diagnostic &D) const {
    if (C.FixIts.empty())
      return;
    Fix X;
    for (const CFixIt &FI : C.FixIts) {
      if (!F.Go.PreambleMap.isContiguous(FI.Begin, FI.End))
        return;
      auto [B, E] = F.Go.PreambleMap.rangeToGo(FI.Begin, FI.End);
      X.Edits.push_back({{F.Path, B, E}, FI.Text});
    }
    const CFixIt &First = C.FixIts.front();
    if (C.FixIts.size() == 1 && First.Begin == First.End)
      X.Title = "Insert '" + First.Text + "'";
    else if (C.FixIts.size() == 1 && First.Text.empty())
      X.Title = "Remove '" +
                F.Go.Preamble.substr(First.Begin, First.End - First.Begin) +
                "'";
    else if (C.FixIts.size() == 1)
      X.Title = "Replace with '" + First.Text + "'";
    else
      X.Title = "Apply Clang's fix: " + C.Message;
    D.Fixes.push_back(std::move(X));
  }
};

std::vector<std::string> values(const std::vector<FlagArg> &A) {
  std::vector<std::string> V;
  for (const FlagArg &F : A)
    V.push_back(F.Value);
  return V;
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

PackageResult analyzePackage(const Package &P, const AnalysisOptions &O,
                             llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                             PreambleCache *Cache,
                             const std::atomic<bool> *Cancelled) {
  PackageResult Res;
  for (const auto &F : P.Files)
    Res.ByFile[F->Path];
  std::vector<std::string> Analysed;
  for (const Target &T : O.Targets) {
    if (Cancelled && Cancelled->load())
      return Res;
    TargetView V = viewForTarget(P, T);
    if (V.CgoFiles.empty())
      continue;
    for (Diagnostic &D : V.DirectiveErrors)
      Res.ByFile[D.Where.File].push_back(std::move(D));
    if (!targetHeadersAvailable(O, T, *FS)) {
      Notice N;
      N.Key = "headers-missing:" + T.name();
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
      Res.Notices.push_back(std::move(N));
      continue;
    }
    Analysed.push_back(T.name());
    std::vector<std::string> Flags = O.EnvCPPFLAGS;
    for (const std::string &S : values(V.Flags.CPPFLAGS))
      Flags.push_back(S);
    Flags.insert(Flags.end(), O.EnvCFLAGS.begin(), O.EnvCFLAGS.end());
    for (const std::string &S : values(V.Flags.CFLAGS))
      Flags.push_back(S);
    Flags.insert(Flags.end(), O.ExtraFlags.begin(), O.ExtraFlags.end());
    for (const SourceFile *F : V.CgoFiles) {
      if (Cancelled && Cancelled->load())
        return Res;
      if (F->Go.Preamble.empty())
        continue;
      CompileRequest Req;
      Req.GoFilePath = F->Path;
      Req.Preamble = go::discardCgoDirectives(F->Go.Preamble);
      Req.T = T;
      Req.Flags = Flags;
      Req.Sysroot = T.isDarwin() ? O.DarwinSDK : O.LinuxSysroot;
      Req.ResourceDir = O.ResourceDir;
      Req.ClangPath = O.ClangPath;
      std::string Key = cacheKey(Req);
      std::shared_ptr<const CompileResult> R =
          Cache ? Cache->get(Key) : nullptr;
      if (!R) {
        R = std::make_shared<CompileResult>(compilePreamble(Req, FS));
        if (Cache)
          Cache->put(Key, R);
      }
      Mapper(*F, T, V, *FS).map(*R, Res.ByFile[F->Path]);
    }
  }
  for (auto &[Path, Ds] : Res.ByFile)
    mergeTargets(Ds, Analysed);
  return Res;
}

} // namespace cgols
