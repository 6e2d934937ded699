//===- Server.cpp - The language server's core ----------------------------===//
#include "Server.h"

#include <cctype>
#include <set>

#include <algorithm>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "Docs.h"
#include "Health.h"
#include "Setup.h"
#include "cgo/GoFile.h"
#include "features/TargetStates.h"
#include "gobuild/Walk.h"
#include "settings/Settings.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace cgols {

std::string directoryOf(const std::string &Path) {
  return std::string(llvm::sys::path::parent_path(Path));
}

std::set<std::string> Workspace::openPackages() const {
  std::set<std::string> Dirs;
  for (const auto &[Path, D] : Docs)
    if (llvm::StringRef(Path).ends_with(".go"))
      Dirs.insert(directoryOf(Path));
  return Dirs;
}

bool Workspace::anyOpenIn(const std::string &Dir) const {
  for (const auto &[Path, D] : Docs)
    if (directoryOf(Path) == Dir)
      return true;
  return false;
}

namespace {
WorkerLimits limitsOf(const Config &C) {
  WorkerLimits L;
  L.TimeoutSeconds = static_cast<unsigned>(C.CompileTimeoutSeconds);
  L.MemoryMB = static_cast<unsigned>(C.CompileMemoryMB);
  return L;
}
} // namespace

Server::Server(Environment &Env, ServerCallbacks CB)
    : Env(Env), CB(std::move(CB)), Probe(Env),
      Links(Env.cacheDirectory().value_or("")),
      Settings(Env, [this](const std::string &P) { return documentText(P); }),
      Features([this](const std::string &P) { return fileView(P); },
               [this](const CompileRequest &R, const std::string &Dir) {
                 return compileNow(R, Dir);
               },
               Env.fileSystem()),
      Directives(
          [this](const std::string &P) { return fileView(P); },
          [this](const FileView &V) { return cgoLineSources(V); },
          [this](const std::string &Name, const std::string &Dir) {
            PkgConfigFacts F;
            if (!this->Env.programsAllowed()) {
              F.Error = "not asked: the workspace is not trusted, so "
                        "cgols runs no pkg-config";
              return F;
            }
            auto V = Probe.pkgConfig({"--modversion", "--", Name}, Dir);
            if (!V.Ok) {
              F.Error = V.Error.empty() ? "pkg-config failed"
                                        : V.Error.substr(0, V.Error.find('\n'));
              return F;
            }
            auto Trim = [](std::string T) {
              while (!T.empty() && (T.back() == '\n' || T.back() == ' '))
                T.pop_back();
              return T;
            };
            F.Version = Trim(V.Out);
            F.CFlags = Trim(Probe.pkgConfig({"--cflags", "--", Name}, Dir).Out);
            F.Libs = Trim(Probe.pkgConfig({"--libs", "--", Name}, Dir).Out);
            return F;
          }) {
  if (auto Dir = Env.cacheDirectory())
    Headers.setCacheDirectory(*Dir);
  if (auto Exe = Env.workerExecutable()) {
    Workers = std::make_unique<CompileWorkers>(*Exe);
    // `cgols check`: the header index is built on its first lookup, but in
    // the workers too (indexInBackground replaces this for the server).
    Headers.compileIn(*Workers, [this] { return limitsOf(config()); });
    // The SDK's .tbd stubs are read in a process of its own: LLVM 16's
    // TextAPI reader crashes on some malformed stubs (fuzzing found two),
    // and the SDK folder is a setting.
    Links.BuildDarwinElsewhere =
        [this, Exe = *Exe](const std::string &SDK, const std::string &Arch,
                           const std::string &Deployment,
                           const std::string &File) {
          RunResult R =
              this->Env.runOwn({Exe, "link-index", "--sdk", SDK, "--arch", Arch,
                                "--deployment", Deployment, "--write", File},
                               120);
          return R.Started && !R.TimedOut && R.ExitCode == 0;
        };
  }
}

std::unique_ptr<Compiler>
Server::compilerFor(const std::map<std::string, OpenDocument> &Snapshot,
                    const Config &C,
                    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  if (!Workers)
    return std::make_unique<InProcessCompiler>(std::move(FS), &InProcessPCH);
  std::map<std::string, std::string> Overlay;
  for (const auto &[P, D] : Snapshot)
    Overlay[P] = D.Text;
  return std::make_unique<WorkerCompiler>(*Workers, limitsOf(C),
                                          std::move(Overlay));
}

Server::~Server() {
  Features.wait(); // its requests read the workspace
  Directives.wait();
  Headers.stop(); // its ready callback schedules analyses
  if (Workers)
    Workers->killAll();
}

void Server::indexInBackground() {
  auto Exe = Env.workerExecutable();
  if (!Workers || !Exe)
    return;
  Headers.buildInBackground(
      *Exe, [this] { return limitsOf(config()); },
      [this](const std::string &Target, unsigned Done, unsigned Total) {
        if (CB.Progress)
          CB.Progress("headers:" + Target,
                      "cgols: indexing " + Target + " system headers", Done,
                      Total);
      },
      // The fixes that add an #include appear with the next analysis.
      [this] {
        std::set<std::string> Dirs;
        {
          std::lock_guard<std::mutex> L(M);
          Dirs = WS.openPackages();
        }
        for (const std::string &Dir : Dirs)
          schedule(Dir, true);
      });
}

void Server::applyCacheSetting(const Config &C) {
  if (!CacheOverride)
    Cache.setMaxBytes(static_cast<std::size_t>(C.CacheMB) << 20);
}

void Server::initialize(Config C, bool Trusted,
                        const std::map<std::string, std::string> &EditorEnv) {
  Env.allowPrograms(Trusted);
  Env.setEditorVariables(EditorEnv);
  applyCacheSetting(C);
  {
    std::lock_guard<std::mutex> L(M);
    Cfg = std::move(C);
  }
  Probe.start();
  if (!Trusted)
    notice(Severity::Information, "untrusted", untrustedMessage());
}

void Server::setConfig(Config C) {
  std::set<std::string> Dirs;
  applyCacheSetting(C);
  {
    std::lock_guard<std::mutex> L(M);
    Cfg = std::move(C);
    WS.ShownNotices.clear();
    Dirs = WS.openPackages();
  }
  for (const std::string &D : Dirs)
    schedule(D);
}

bool Server::setEditorEnvironment(
    const std::map<std::string, std::string> &Vars) {
  if (!Env.setEditorVariables(Vars))
    return false;
  Probe.forget();
  std::set<std::string> Dirs;
  {
    std::lock_guard<std::mutex> L(M);
    WS.ShownNotices.clear();
    Dirs = WS.openPackages();
  }
  for (const std::string &D : Dirs)
    schedule(D);
  return true;
}

Config Server::config() {
  std::lock_guard<std::mutex> L(M);
  return Cfg;
}

void Server::openDocument(const std::string &Path, std::string Text,
                          std::int64_t Version) {
  auto St = Env.fileSystem()->status(Path);
  if (Path.empty() || Path.back() == '/' || (St && St->isDirectory())) {
    log("didOpen: ignored a directory: " + Path);
    return;
  }
  {
    std::lock_guard<std::mutex> L(M);
    WS.Docs[Path] = {std::move(Text), Version};
    if (llvm::StringRef(Path).ends_with(".go"))
      FirstOpened.emplace(directoryOf(Path), Path); // the first one opened
  }
  if (settings::isSettingsFile(Path))
    checkSettings(Path);
  else if (llvm::StringRef(Path).ends_with(".go"))
    schedule(directoryOf(Path));
  else // a header opened with unsaved text (an editor's restored buffer)
    fileChanged(Path);
}

std::vector<doctor::Finding> Server::health(bool Refresh) {
  {
    std::lock_guard<std::mutex> L(HealthM);
    if (Health && !Refresh)
      return *Health;
  }
  std::vector<std::string> Fs = Settings.folders(), Pkgs;
  if (Env.programsAllowed())
    for (const std::string &F : Fs)
      for (const std::string &P : pkgConfigPackagesIn(Env, F))
        if (std::find(Pkgs.begin(), Pkgs.end(), P) == Pkgs.end())
          Pkgs.push_back(P);
  std::vector<doctor::Finding> Found =
      doctor::evaluate(collectFacts(Env, Pkgs));
  // Off a Mac, a darwin target without an SDK is information here and in
  // the log, not a warning at every start.
  std::vector<std::string> Ignored;
  AnalysisOptions O = makeAnalysisOptions(config(), Probe, Ignored);
  for (const Target &T : O.Targets)
    if (T.isDarwin() && O.HostGOOS != "darwin" && O.DarwinSDK.empty()) {
      doctor::Finding F;
      F.Section = "Xcode and SDK";
      F.V = doctor::Verdict::Ok;
      F.Title = "No macOS SDK on this " + O.HostGOOS +
                " machine: cgo preambles are not compiled for " + T.name();
      F.Detail = "The other checks of " + T.name() +
                 " run. Set cgols.sdkPath (or SDKROOT) to a MacOSX.sdk to "
                 "compile them too, or set cgols.targets without it.";
      Found.push_back(std::move(F));
      break;
    }
  std::lock_guard<std::mutex> L(HealthM);
  Health = Found;
  return Found;
}

bool Server::folderHasCgo(const std::string &Folder) {
  std::vector<std::string> Open;
  {
    std::lock_guard<std::mutex> L(M);
    for (const auto &[P, D] : WS.Docs)
      if (P.rfind(Folder + "/", 0) == 0 &&
          llvm::StringRef(P).ends_with(".go") &&
          go::parseGoFile(P, D.Text).isCgo())
        return true;
  }
  bool Found = false;
  walkGoFiles(*Env.fileSystem(), Folder,
              [&](const std::string &Path, llvm::StringRef Text) {
                Found = go::parseGoFile(Path, Text).isCgo();
                return !Found;
              });
  return Found;
}

void Server::checkSettings(const std::string &Path) {
  std::string Text;
  std::int64_t Version;
  {
    std::lock_guard<std::mutex> L(M);
    auto It = WS.Docs.find(Path);
    if (It == WS.Docs.end())
      return;
    Text = It->second.Text;
    Version = It->second.Version;
  }
  // The folder: the one holding .vscode/, or the .code-workspace's.
  std::string Folder = directoryOf(Path);
  if (llvm::sys::path::filename(Folder) == ".vscode")
    Folder = directoryOf(Folder);
  bool HasCgo = folderHasCgo(Folder);
  std::vector<Diagnostic> Ds = settings::check({Path, Text, HasCgo});
  auto Shared = std::make_shared<const std::string>(Text);
  {
    std::lock_guard<std::mutex> L(M);
    auto It = WS.Docs.find(Path);
    if (It == WS.Docs.end() || It->second.Version != Version)
      return;
    if (Ds.empty())
      WS.Published.erase(Path);
    else
      WS.Published[Path] = {Version, Shared, Ds};
  }
  send({{Path, Version, Shared, std::move(Ds)}});
}

void Server::send(const std::vector<Publication> &Ps) {
  if (CB.Publish)
    for (const Publication &P : Ps)
      CB.Publish(P.Path, P.Version, *P.Text, P.Diags);
}

std::optional<std::string> Server::documentText(const std::string &Path) {
  std::lock_guard<std::mutex> L(M);
  auto It = WS.Docs.find(Path);
  if (It == WS.Docs.end())
    return std::nullopt;
  return It->second.Text;
}

void Server::updateDocument(const std::string &Path, std::string Text,
                            std::int64_t Version) {
  bool IsGo = llvm::StringRef(Path).ends_with(".go");
  // Adaptive debounce: an edit that leaves the preamble and the C.names the
  // Go code uses as they were compiles nothing (the compiled preamble is
  // reused) and reports nothing new about C, so it needs no wait; the
  // debounce is for edits that recompile, and for C.names being typed.
  bool SamePreamble = false;
  if (IsGo)
    if (auto Old = documentText(Path)) {
      go::GoFile A = go::parseGoFile(Path, *Old),
                 B = go::parseGoFile(Path, Text);
      SamePreamble = A.Preamble == B.Preamble && A.Refs.size() == B.Refs.size();
      for (std::size_t I = 0; SamePreamble && I < A.Refs.size(); ++I)
        SamePreamble = A.Refs[I].Name == B.Refs[I].Name;
    }
  {
    std::lock_guard<std::mutex> L(M);
    WS.Docs[Path] = {std::move(Text), Version};
  }
  if (settings::isSettingsFile(Path))
    return checkSettings(Path);
  if (IsGo)
    return schedule(directoryOf(Path), SamePreamble);
  // An unsaved header or .c file: its package and every package that
  // includes it (the overlay gives the analyses its text).
  fileChanged(Path);
}

void Server::closeDocument(const std::string &Path) {
  if (settings::isSettingsFile(Path)) {
    bool Clear;
    {
      std::lock_guard<std::mutex> L(M);
      WS.Docs.erase(Path);
      Clear = WS.Published.erase(Path) != 0;
    }
    if (Clear)
      send({{Path, std::nullopt, std::make_shared<const std::string>(), {}}});
    return;
  }
  std::string Dir = directoryOf(Path);
  bool AnyOpen;
  {
    std::lock_guard<std::mutex> L(M);
    WS.Docs.erase(Path);
    AnyOpen = WS.anyOpenIn(Dir);
  }
  // The file on disk may differ from the closed buffer: analyse again, or,
  // when no file of the package is open any more, clear its diagnostics and
  // let its results go.
  if (AnyOpen)
    schedule(Dir);
  else
    Sched.schedule(
        Dir, std::chrono::milliseconds(0),
        [this, Dir](const std::atomic<bool> &) { clearPackage(Dir); });
}

void Server::fileSaved(const std::string &Path) { fileChanged(Path); }

void Server::fileChanged(const std::string &Path) { filesChanged({Path}); }

void Server::filesChanged(const std::vector<std::string> &Paths) {
  std::set<std::string> Changed;
  for (const std::string &P : Paths)
    if (!settings::isSettingsFile(P))
      Changed.insert(P);
  if (Changed.empty())
    return;
  std::set<std::string> Dirs;
  {
    std::lock_guard<std::mutex> L(M);
    for (const std::string &P : Changed)
      if (WS.anyOpenIn(directoryOf(P)))
        Dirs.insert(directoryOf(P));
    auto Reads = [&](const CompileResult &R) {
      if (R.MissingHeader)
        return true;
      for (const auto &[P, H] : R.UserInputs) {
        // As Clang named it: "-I${SRCDIR}/../inc" gives "dir/../inc/x.h".
        llvm::SmallString<256> Clean(P);
        llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
        if (Changed.count(std::string(Clean)))
          return true;
      }
      return false;
    };
    for (const auto &[Dir, A] : WS.Latest) {
      bool Hit = Dirs.count(Dir) != 0;
      for (const TargetUnits &T : A->Result.Units) {
        for (const PreambleUnit &U : T.Preambles)
          Hit = Hit || (U.R && Reads(*U.R));
        for (const SourceUnit &U : T.Sources)
          Hit = Hit || (U.R && Reads(*U.R));
      }
      if (Hit)
        Dirs.insert(Dir);
    }
  }
  for (const std::string &D : Dirs)
    schedule(D);
}

std::optional<PublishedFile> Server::published(const std::string &Path) {
  std::lock_guard<std::mutex> L(M);
  auto It = WS.Published.find(Path);
  if (It == WS.Published.end())
    return std::nullopt;
  return It->second;
}

std::shared_ptr<const PackageAnalysis> Server::latest(const std::string &Dir) {
  std::lock_guard<std::mutex> L(M);
  auto It = WS.Latest.find(Dir);
  return It == WS.Latest.end() ? nullptr : It->second;
}

std::optional<FileView> Server::fileView(const std::string &Path) {
  FileView V;
  V.Analysis = latest(directoryOf(Path));
  if (!V.Analysis)
    return std::nullopt;
  for (const auto &F : V.Analysis->Pkg.Files)
    if (F->Path == Path)
      V.File = F.get();
  if (!V.File)
    return std::nullopt;
  V.Text = documentText(Path).value_or(V.File->Text);
  return V;
}

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
Server::overlay(const std::map<std::string, OpenDocument> &Snapshot) {
  // Open documents override the files on disk.
  auto Mem = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[P, D] : Snapshot)
    Mem->addFile(P, 0, llvm::MemoryBuffer::getMemBufferCopy(D.Text, P));
  auto FS =
      llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Env.fileSystem());
  FS->pushOverlay(Mem);
  return FS;
}

CompileResult Server::compileNow(const CompileRequest &Req,
                                 const std::string &Dir) {
  auto Snap = snapshot(Dir);
  return compilerFor(Snap, config(), overlay(Snap))->compile(Req, nullptr);
}

void Server::notice(Severity S, const std::string &Key,
                    const std::string &Msg) {
  {
    std::lock_guard<std::mutex> L(M);
    if (!WS.ShownNotices.insert(Key).second)
      return;
  }
  if (CB.Notice)
    CB.Notice(S, Key, Msg);
}

int Server::debounceFor(const std::string &Dir) {
  return Debounce.debounceFor(Dir, config().DebounceMs);
}

int Server::waitFor(const std::string &Dir, bool Now) {
  return Debounce.waitFor(Dir, Now, config().DebounceMs);
}

void Server::schedule(const std::string &Dir, bool Now) {
  int Ms = waitFor(Dir, Now);
  Sched.schedule(Dir, std::chrono::milliseconds(Ms),
                 [this, Dir](const std::atomic<bool> &C) { analyse(Dir, &C); });
}

std::shared_ptr<const PackageAnalysis>
Server::analyzeNow(const std::string &Dir) {
  // Not kept: `cgols check` visits each package once.
  return compute(Dir, snapshot(Dir), nullptr);
}

std::map<std::string, OpenDocument> Server::snapshot(const std::string &Dir) {
  std::map<std::string, OpenDocument> Snapshot;
  std::lock_guard<std::mutex> L(M);
  for (const auto &[P, D] : WS.Docs)
    if (directoryOf(P) == Dir || !llvm::StringRef(P).ends_with(".go"))
      Snapshot.emplace(P, D);
  return Snapshot;
}

void Server::clearPackage(const std::string &Dir) {
  bool NoneOpen;
  std::vector<Publication> Cleared;
  {
    std::lock_guard<std::mutex> L(M);
    clearPackageLocked(Dir, Cleared);
    NoneOpen = WS.openPackages().empty();
  }
  send(Cleared);
  Debounce.forget(Dir);
  if (!NoneOpen)
    return;
  // No Go file open any more: the compiled preambles, the described symbols
  // and the idle compile workers go, and the memory goes back to the system.
  Cache.clear();
  Features.clear();
  if (Workers)
    Workers->killAll();
  InProcessPCH.clear(); // those of in-process compiles (tests)
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

void Server::clearPackageLocked(const std::string &Dir,
                                std::vector<Publication> &Out) {
  WS.Latest.erase(Dir);
  FirstOpened.erase(Dir);
  for (auto It = WS.Published.begin(); It != WS.Published.end();) {
    if (directoryOf(It->first) != Dir) {
      ++It;
      continue;
    }
    Out.push_back({It->first, std::nullopt, It->second.Text, {}});
    It = WS.Published.erase(It);
  }
}

std::shared_ptr<PackageAnalysis>
Server::compute(const std::string &Dir,
                const std::map<std::string, OpenDocument> &Snapshot,
                const std::atomic<bool> *Cancelled, const std::string &Focus) {
  Config C = config();
  auto FS = overlay(Snapshot);

  std::vector<std::string> Problems;
  AnalysisOptions O = makeAnalysisOptions(C, Probe, Problems);
  O.CollectSymbols = FeatureRequests;
  O.FocusFile = Focus;
  for (const auto &[Path, Doc] : Snapshot)
    if (llvm::StringRef(Path).ends_with(".go"))
      O.EditedFiles.insert(Path);
  for (const std::string &Pr : Problems)
    notice(Severity::Warning, "setting:" + Pr, "cgols settings: " + Pr);
  auto A = std::make_shared<PackageAnalysis>();
  A->Pkg = makePackage(Dir, readPackageFiles(*FS, Dir), O.GoVer);
  if (!Focus.empty()) {
    std::size_t Preambles = 0;
    for (const auto &F : A->Pkg.Files)
      Preambles += F->Go.isCgo() && !F->Go.Preamble.empty();
    if (Preambles < 2)
      return nullptr;
  }
  AnalysisServices S;
  S.Cache = &Cache;
  S.Headers = &Headers.index();
  S.Cancelled = Cancelled;
  // In workers, one per core; in this process (tests), one at a time.
  std::unique_ptr<Compiler> Compile = compilerFor(Snapshot, C, FS);
  S.Compile = Compile.get();
  S.Links = [&](const Target &T) { return linkIndexFor(T, O, *FS); };
  A->Result = analyzePackage(A->Pkg, O, FS, S);
  if (Cancelled && *Cancelled)
    return nullptr;
  for (const Notice &N : A->Result.Notices)
    notice(N.Sev, N.Key, N.Message);
  return A;
}

std::shared_ptr<const LinkIndex>
Server::linkIndexFor(const Target &T, const AnalysisOptions &O,
                     llvm::vfs::FileSystem &FS) {
  // The host's link goes through its C compiler driver, whose own
  // directories (gcc's libstdc++, libgcc_s...) the linker searches too.
  std::vector<std::string> DriverDirs;
  if (Env.hostLibraries() && T.GOOS == O.HostGOOS && T.GOARCH == O.HostGOARCH &&
      O.LinuxSysroot.empty() && !T.isDarwin()) {
    std::string CC = Probe.toolchain().CC;
    DriverDirs = Probe.linkerSearchDirs(CC.empty() ? "gcc" : CC);
  }
  return Links.forTarget(T, O.DarwinSDK, O.LinuxSysroot,
                         Env.hostLibraries() ? O.HostGOOS : "", O.HostGOARCH,
                         FS, DriverDirs);
}

std::vector<protocol::CodeLens> Server::importCLenses(const std::string &Path,
                                                      PositionEncoding Enc) {
  std::vector<protocol::CodeLens> Out;
  auto V = fileView(Path);
  if (!V)
    return Out;
  go::GoFile F = go::parseGoFile(Path, V->Text);
  if (F.CImports.empty())
    return Out;
  PositionMapper M(V->Text, Enc);
  protocol::Range R = M.range(F.CImports[0].Spec.Begin, F.CImports[0].Spec.End);
  std::vector<std::string> Ignored;
  AnalysisOptions O = makeAnalysisOptions(config(), Probe, Ignored);
  for (const TargetState &S :
       targetStates(V->Analysis->Result, O.Targets, Path)) {
    protocol::Command C;
    C.Title = S.title();
    if (!S.Checked && S.NoHeaders) {
      // The setting that gives the target its headers.
      C.Name = "workbench.action.openSettings";
      C.Arguments = {S.Target.rfind("darwin/", 0) == 0 ? "cgols.sdkPath"
                                                       : "cgols.sysroot"};
    } else if (S.Checked && (S.Errors || S.Warnings)) {
      C.Name = "workbench.actions.view.problems";
    } else {
      C.Name = "cgols.showHealth";
    }
    Out.push_back({R, std::move(C)});
  }
  if (!Env.programsAllowed())
    Out.push_back({R,
                   {"Restricted Mode: cgols runs no go, pkg-config or xcrun "
                    "here",
                    "workbench.trust.manage",
                    {}}});
  return Out;
}

CgoLineSources Server::cgoLineSources(const FileView &V) {
  CgoLineSources S;
  std::vector<std::string> Ignored;
  AnalysisOptions O = makeAnalysisOptions(config(), Probe, Ignored);
  S.GoVer = O.GoVer;
  S.GoVersionText = Probe.toolchain().GoVersion;
  S.CgoFlagEnv = O.CgoFlagEnv;
  S.PackageDir = V.Analysis->Pkg.Dir;
  // The package's own build tags: the identifiers of its constraints and
  // #cgo conditions that are not GOOS, GOARCH or the go command's tags.
  std::set<std::string> Tags;
  auto Scan = [&](std::string_view E) {
    for (std::string &T : userTags(E))
      Tags.insert(std::move(T));
  };
  for (const auto &F : V.Analysis->Pkg.Files) {
    if (F->Go.GoBuild)
      Scan(*F->Go.GoBuild);
    for (const std::string &L : F->Go.PlusBuild)
      Scan(L);
    for (const go::CgoDirective &D : F->Directives)
      for (const go::CgoWord &C : D.Conditions)
        Scan(C.Text);
  }
  S.Tags.assign(Tags.begin(), Tags.end());
  auto FS = Env.fileSystem();
  for (const TargetUnits &T : V.Analysis->Result.Units) {
    auto Ix = linkIndexFor(T.T, O, *FS);
    if (!Ix || Ix->empty())
      continue;
    CgoLineSources::TargetLibraries L;
    L.Target = T.T.name();
    for (const LinkLibrary &Lib : Ix->libraries()) {
      if (!Lib.Linkable)
        continue;
      if (Lib.Framework) {
        L.Frameworks.push_back(Lib.Name);
        L.FrameworkFiles.emplace(Lib.Name, Lib.Path);
      } else {
        L.Libraries.push_back({Lib.Name, Lib.Path});
      }
    }
    // Which library each external name of the package's C code comes from.
    std::map<std::string, std::set<std::string>> Used; // flag -> names
    auto Count = [&](const CompileResult &R) {
      for (const CLinkRef &Ref : R.LinkRefs) {
        std::string Sym = Ref.ObjCClass    ? "_OBJC_CLASS_$_" + Ref.Name
                          : T.T.isDarwin() ? "_" + Ref.Name
                                           : Ref.Name;
        for (unsigned P : Ix->providers(Sym))
          if (auto K = Ix->linkableFor(P))
            Used[Ix->library(*K).flag()].insert(Ref.Name);
      }
    };
    for (const PreambleUnit &U : T.Preambles) {
      if (U.R)
        Count(*U.R);
      // What Go code calls as C.name links too.
      for (const go::CRef &Ref : U.File->Go.Refs) {
        std::string Sym = T.T.isDarwin() ? "_" + Ref.Name : Ref.Name;
        for (unsigned P : Ix->providers(Sym))
          if (auto K = Ix->linkableFor(P))
            Used[Ix->library(*K).flag()].insert(Ref.Name);
      }
    }
    for (const SourceUnit &U : T.Sources)
      if (U.R)
        Count(*U.R);
    for (const auto &[Flag, Names] : Used)
      L.SymbolsUsed[Flag] = static_cast<unsigned>(Names.size());
    S.Libraries.push_back(std::move(L));
  }
  if (!O.PkgConfig) {
    S.PkgConfigWhy = O.PkgConfigUnavailable;
  } else {
    PkgConfigOutput P = O.PkgConfig({"--list-all"}, S.PackageDir);
    if (!P.Ok)
      S.PkgConfigWhy = P.Error;
    for (llvm::StringRef Line : llvm::split(P.Out, '\n')) {
      Line = Line.trim();
      if (Line.empty())
        continue;
      auto [Name, Desc] = Line.split(' ');
      S.PkgConfigPackages.push_back({Name.str(), Desc.trim().str()});
    }
  }
  for (const Candidate &C :
       completeCNames(V.Analysis->Result, V.File->Path, "", 5000))
    if (C.Symbol && C.Symbol->K == CSymbol::Kind::Function)
      S.Functions.push_back({C.Label, C.Symbol->Decl});
  return S;
}

void Server::analyse(const std::string &Dir,
                     const std::atomic<bool> *Cancelled) {
  std::map<std::string, OpenDocument> Snapshot = snapshot(Dir);
  // The first look at a package: the file the user opened first, alone,
  // then the rest (a big package's other preambles take seconds).
  std::string Focus;
  {
    std::lock_guard<std::mutex> L(M);
    if (!WS.Latest.count(Dir))
      if (auto It = FirstOpened.find(Dir); It != FirstOpened.end())
        Focus = It->second;
  }
  // The first look at a package of several cgo files takes seconds: the
  // client shows it as progress, from the opened file's diagnostics to the
  // package's.
  bool Begun = false;
  auto Progress = [&](unsigned Done) {
    if (CB.Progress)
      CB.Progress("package:" + Dir,
                  "cgols: analysing " +
                      std::string(llvm::sys::path::filename(Dir)),
                  Done, 1);
  };
  if (!Focus.empty())
    if (auto A = compute(Dir, Snapshot, Cancelled, Focus)) {
      publishAnalysis(Dir, Snapshot, std::move(A), Focus);
      Progress(0);
      Begun = true;
    }
  if (!(Cancelled && *Cancelled))
    analyseWhole(Dir, Snapshot, Cancelled);
  if (Begun)
    Progress(1);
}

void Server::analyseWhole(const std::string &Dir,
                          const std::map<std::string, OpenDocument> &Snapshot,
                          const std::atomic<bool> *Cancelled) {
  auto T0 = std::chrono::steady_clock::now();
  if (auto A = compute(Dir, Snapshot, Cancelled)) {
    auto Took = std::chrono::steady_clock::now() - T0;
    Debounce.analysed(Dir, Took);
    // Published first: the index's progress never comes before the
    // diagnostics it must not hold up.
    std::shared_ptr<const PackageAnalysis> Done = A;
    publishAnalysis(Dir, Snapshot, std::move(A));
    Headers.prepare(*Done, Env.fileSystem());
#if defined(__GLIBC__)
    // A slow analysis decoded megabytes of compile results on several
    // threads (one malloc arena each); what it freed goes back at once.
    if (Took > std::chrono::milliseconds(100))
      malloc_trim(0);
#endif
  }
}

void Server::publishAnalysis(
    const std::string &Dir, const std::map<std::string, OpenDocument> &Snapshot,
    std::shared_ptr<PackageAnalysis> A, const std::string &Only) {
  std::map<std::string, const SourceFile *> ByPath;
  for (const auto &F : A->Pkg.Files)
    ByPath[F->Path] = F.get();
  std::vector<Publication> Out;
  {
    std::lock_guard<std::mutex> L(M);
    // A package whose last open file closed meanwhile keeps nothing.
    if (!WS.anyOpenIn(Dir))
      return;
    WS.Latest[Dir] = A;
    for (const auto &[Path, Ds] : A->Result.ByFile) {
      if (!Only.empty() && Path != Only)
        continue;
      auto SnapIt = Snapshot.find(Path);
      std::optional<std::int64_t> Version;
      if (SnapIt != Snapshot.end()) {
        auto Cur = WS.Docs.find(Path);
        if (Cur == WS.Docs.end() ||
            Cur->second.Version != SnapIt->second.Version)
          continue; // closed or changed since: a newer analysis will publish
        Version = SnapIt->second.Version;
      }
      auto PubIt = WS.Published.find(Path);
      // Open documents always get a publication for the analysed version,
      // empty or not; other files only when there is something to say or to
      // clear.
      if (!Version && Ds.empty() && PubIt == WS.Published.end())
        continue;
      const SourceFile *SF = ByPath[Path];
      if (!SF)
        continue;
      auto Text = std::make_shared<const std::string>(SF->Text);
      Out.push_back({Path, Version, Text, Ds});
      if (Ds.empty())
        WS.Published.erase(Path);
      else
        WS.Published[Path] = {Version, Text, Ds};
    }
  }
  send(Out);
}

void Server::setClient(ClientInfo C) {
  std::lock_guard<std::mutex> L(M);
  Client = std::move(C);
}

ClientInfo Server::client() {
  std::lock_guard<std::mutex> L(M);
  return Client;
}

} // namespace cgols
