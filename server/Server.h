//===- Server.h - The language server's core, without JSON ----------------===//
//
// What cgols does for a workspace, as calls: documents opened, changed and
// closed; settings; analyses scheduled per package (debounced, cancelled
// when stale) and their diagnostics handed to a publisher; the latest result
// of each package kept for feature requests. The LSP binding (LSPServer)
// turns JSON into these calls and the results into JSON; `cgols check` calls
// analyzeNow(). Server owns the Workspace, the Scheduler, the preamble
// cache, the header index and the Probes: nothing of it is process-wide.
//
// Threads: calls come from one thread (the LSP dispatcher, or the CLI);
// analyses run on the Scheduler's worker. The lock M guards the Workspace
// and the settings; publications happen under it, so that a result for a
// version the editor has moved past is never sent.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Analysis.h"
#include "CompileWorkers.h"
#include "Config.h"
#include "Environment.h"
#include "Probes.h"
#include "Scheduler.h"
#include "Workspace.h"
#include "cunit/HeaderIndex.h"
#include "doctor/Doctor.h"
#include "features/CNames.h"
#include "link/LinkIndex.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace cgols {

struct ServerCallbacks {
  /// Diagnostics for a file: Version is set for open documents; Text is the
  /// file's text they refer to. Called under the server's lock, in order.
  std::function<void(
      const std::string &Path, std::optional<std::int64_t> Version,
      const std::string &Text, const std::vector<Diagnostic> &Diags)>
      Publish;
  /// A message for the user, once per key (a missing SDK, a bad setting).
  /// Key is stable for the kind of notice ("headers-missing:darwin/arm64",
  /// "setting:unknown target 'x'"): clients may remember what they showed.
  std::function<void(Severity, const std::string &Key,
                     const std::string &Message)>
      Notice;
  std::function<void(const std::string &)> Log;
  /// Work in the background: Done of Total steps of Title, under a key
  /// stable for that work ("headers:linux/amd64"); Done == 0 first,
  /// Done == Total last.
  std::function<void(const std::string &Key, const std::string &Title,
                     unsigned Done, unsigned Total)>
      Progress;
};

class Server {
public:
  Server(Environment &Env, ServerCallbacks CB);
  ~Server();

  /// Settings and trust; starts the probes in the background and returns.
  void initialize(Config C, bool Trusted);
  /// New settings: every open package is analysed again.
  void setConfig(Config C);
  Config config();
  /// Whether analyses keep what C names are, for feature requests (on by
  /// default; `cgols check` turns it off).
  void setFeatureRequests(bool On) { FeatureRequests = On; }
  /// Overrides cgols.cacheMB: `cgols check` visits each package once and
  /// keeps nothing (0).
  void setCacheOverride(std::optional<std::size_t> Bytes) {
    CacheOverride = Bytes;
    if (Bytes)
      Cache.setMaxBytes(*Bytes);
  }
  /// The compiled-preamble cache (tests, benchmarks).
  PreambleCache &cache() { return Cache; }
  /// How long an edit of the package in Dir within a burst of edits waits
  /// before its analysis: as long as the last analysis of it (at least 50 ms),
  /// at most cgols.debounceMs (the setting alone before the first analysis).
  int debounceFor(const std::string &Dir);
  /// How long an edit of Dir's package made now waits before its analysis:
  /// none when Now (it compiles nothing) or when it is the first edit after
  /// a pause of debounceFor(Dir); else debounceFor(Dir).
  int waitFor(const std::string &Dir, bool Now);
  /// Overrides cgols.debounceMs (tests use 0).
  void setDebounceOverride(std::optional<int> Ms) { DebounceOverride = Ms; }

  void openDocument(const std::string &Path, std::string Text,
                    std::int64_t Version);
  /// The text of an open document, if open.
  std::optional<std::string> documentText(const std::string &Path);
  void updateDocument(const std::string &Path, std::string Text,
                      std::int64_t Version);
  void closeDocument(const std::string &Path);
  /// A file was saved (a header or .c file changes its package's results).
  void fileSaved(const std::string &Path);
  /// A file changed on disk (saved, created, deleted, or changed by another
  /// program): its own package, if open, and every open package whose last
  /// analysis read it (a local header) or missed a header is analysed again.
  void fileChanged(const std::string &Path);
  /// The same for many files at once (a git checkout), each unit's inputs
  /// looked at once.
  void filesChanged(const std::vector<std::string> &Paths);

  /// What was last published for Path (for code actions), if anything.
  std::optional<PublishedFile> published(const std::string &Path);
  /// The latest analysis of the package in Dir, if there is one.
  std::shared_ptr<const PackageAnalysis> latest(const std::string &Dir);

  /// What a feature request on an open Go file works with: the latest
  /// analysis of its package (kept alive here), the file as analysed, and
  /// the document's current text (the editor's positions refer to it).
  struct FileView {
    std::shared_ptr<const PackageAnalysis> Analysis;
    const SourceFile *File = nullptr;
    std::string Text;
  };
  std::optional<FileView> fileView(const std::string &Path);
  /// What Name is, per target, for a name the analysis knows only by name
  /// (declared in a header the preamble includes through another): the
  /// file's preamble is compiled once more, recording just that name.
  /// Answers are kept for the units they came from.
  std::vector<SymbolOnTargets> describe(const FileView &V,
                                        const std::string &Name);
  /// Whether describe() has anything to look at: some unit of V's file
  /// declares Name.
  bool canDescribe(const FileView &V, const std::string &Name) const;

  /// Analyses the package in Dir now, on the calling thread, and returns it
  /// (the CLI). Notices go to the callback, once each.
  std::shared_ptr<const PackageAnalysis> analyzeNow(const std::string &Dir);

  /// Waits until no analysis is pending or running.
  void waitIdle() { Sched.waitIdle(); }
  /// Shutdown: pending analyses are dropped, a running one stops at its
  /// next check, background work stops; then returns when the worker is
  /// idle.
  void stopAnalyses() {
    StopBackground = true;
    Sched.cancelAll();
    if (Workers)
      Workers->killAll();
    if (BackgroundWorkers)
      BackgroundWorkers->killAll();
    Sched.waitIdle();
    joinBackground();
  }

  /// The language server's mode: the header index is built in the
  /// background (in the compile workers, with progress) after a package's
  /// first analysis, never on the path of an analysis; when it is ready,
  /// the open packages are analysed again. Needs the compile workers.
  void indexInBackground();
  /// The compile workers, if compiles run in them (tests).
  const CompileWorkers *workers() const { return Workers.get(); }
  /// Waits for background work (the header index) to end (benchmarks).
  void waitBackground() { joinBackground(); }

  /// The machine's health (the doctor's findings), probed once in the
  /// calling thread and kept; Refresh probes again. Nothing runs in an
  /// untrusted workspace.
  std::vector<doctor::Finding> health(bool Refresh);
  /// The first workspace folder's .vscode/settings.json, if any folder.
  std::optional<std::string> workspaceSettingsFile();

  /// The workspace folders (absolute paths), from initialize.
  void setFolders(std::vector<std::string> Folders);
  /// The .vscode/settings.json of the workspace folder that holds Path.
  std::optional<std::string> settingsFileFor(const std::string &Path);
  /// Whether the folder holds Go files that import "C" (open documents, then
  /// a bounded walk of the folder).
  bool folderHasCgo(const std::string &Folder);

private:
  Environment &Env;
  ServerCallbacks CB;
  std::optional<int> DebounceOverride;
  std::optional<std::size_t> CacheOverride;
  /// Applies cgols.cacheMB unless overridden.
  void applyCacheSetting(const Config &C);
  bool FeatureRequests = true;
  Probes Probe;
  HeaderIndex Headers;
  LinkIndexes Links;
  PreambleCache Cache;
  /// The precompiled #include blocks of in-process compiles (test
  /// environments; workers keep their own).
  PrecompiledStore InProcessPCH;
  /// Where compiles run when the Environment names a worker binary.
  std::unique_ptr<CompileWorkers> Workers;
  /// Background work (the header index), stopped at shutdown, compiled in
  /// workers of its own at a lower priority, stopped when it is done.
  std::unique_ptr<CompileWorkers> BackgroundWorkers;
  /// A header index compile in W, under the settings' limits.
  CompileFunction indexCompile(CompileWorkers &W);
  std::atomic<bool> StopBackground{false};
  std::mutex BackgroundM;
  std::vector<std::thread> Background;
  void joinBackground();
  /// Starts the header index of each target the analysis compiled for.
  void prepareHeaderIndex(const PackageAnalysis &A);
  /// A compile as AnalysisServices::Compile runs it: in a worker, with the
  /// snapshot's documents, under the settings' limits.
  CompileFunction
  workerCompile(const std::map<std::string, OpenDocument> &Snapshot,
                const Config &C);
  std::mutex DescribeM;
  /// Described symbols per (unit, name). The unit is held weakly, so that
  /// the cache keeps no compile result alive; bounded: cleared past 256.
  struct DescribedSymbol {
    std::weak_ptr<const CompileResult> Unit;
    std::optional<CSymbol> Symbol;
  };
  std::map<std::pair<const CompileResult *, std::string>, DescribedSymbol>
      Described;

  std::mutex M;
  Config Cfg;
  Workspace WS;

  Scheduler Sched; // last: its worker stops before the state it uses goes

  /// Analyses Dir after the debounce (cgols.debounceMs), or at once.
  void schedule(const std::string &Dir, bool Now = false);
  /// The open documents an analysis of Dir reads (its own and headers).
  std::map<std::string, OpenDocument> snapshot(const std::string &Dir);
  /// The Environment's file system with the snapshot's documents over it.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
  overlay(const std::map<std::string, OpenDocument> &Snapshot);
  /// Analyses Dir over the snapshot; null when cancelled. With Focus (a
  /// file of the package), compiles only that file's preamble, and returns
  /// null when the package has fewer than two preambles to compile.
  std::shared_ptr<PackageAnalysis>
  compute(const std::string &Dir,
          const std::map<std::string, OpenDocument> &Snapshot,
          const std::atomic<bool> *Cancelled, const std::string &Focus = "");
  /// Publishes what is still current of A (only Only's diagnostics when
  /// set) and keeps A as the package's latest.
  void publishAnalysis(const std::string &Dir,
                       const std::map<std::string, OpenDocument> &Snapshot,
                       std::shared_ptr<PackageAnalysis> A,
                       const std::string &Only = "");
  /// How long the last analysis of each package took: the debounce waits
  /// as long (guarded by M).
  std::map<std::string, std::chrono::steady_clock::duration> LastDuration;
  /// When each package was last edited (guarded by M).
  std::map<std::string, std::chrono::steady_clock::time_point> LastEdit;
  /// The file of each package the user opened first (its focus).
  std::map<std::string, std::string> FirstOpened; ///< guarded by M
  /// compute(), then publish what is still current and keep the result.
  void analyse(const std::string &Dir, const std::atomic<bool> *Cancelled);
  /// The whole package (after the opened file's first look, if any).
  void analyseWhole(const std::string &Dir,
                    const std::map<std::string, OpenDocument> &Snapshot,
                    const std::atomic<bool> *Cancelled);
  void clearPackage(const std::string &Dir);
  void clearPackageLocked(const std::string &Dir); ///< with M held
  /// Checks an open settings file and publishes (synchronous: no compile).
  void checkSettings(const std::string &Path);
  std::vector<std::string> Folders; ///< guarded by M
  std::mutex HealthM;
  std::optional<std::vector<doctor::Finding>> Health;
  void notice(Severity S, const std::string &Key, const std::string &Msg);
};

} // namespace cgols
