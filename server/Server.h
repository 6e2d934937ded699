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
// A facade over services, each with its own state and lock: the documents
// and the latest analysis per package (Workspace, under M); the debounce
// policy (DebouncePolicy); the C-name features (CNameFeatures, with their
// own thread for requests that compile); the editor's settings files
// (SettingsFiles); machine health (HealthM); the background header index.
//
// Threads: the LSP dispatcher calls the document, settings, feature and
// code action methods; the Scheduler's one worker runs analyses and
// publishes them; the binder's request pool calls health(); background
// threads build the header index and schedule analyses when it is ready;
// `cgols check` calls analyzeNow() on its own thread. Publications are
// decided under M (a result for a version the editor has moved past is
// never sent) and sent after it is released; Go files are published only
// from the Scheduler's worker and settings files only from the dispatcher,
// so each file's publications keep their order.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "Analysis.h"
#include "CompileWorkers.h"
#include "Config.h"
#include "Convert.h"
#include "Debounce.h"
#include "Directives.h"
#include "Environment.h"
#include "Features.h"
#include "HeaderIndexService.h"
#include "Probes.h"
#include "Scheduler.h"
#include "SettingsFiles.h"
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
  /// file's text they refer to. Called outside the server's locks, in order
  /// per file.
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

  /// Settings, trust and the editor's Go environment (see
  /// setEditorEnvironment); starts the probes in the background and
  /// returns.
  void initialize(Config C, bool Trusted,
                  const std::map<std::string, std::string> &EditorEnv = {});
  /// The environment the editor gives the Go tools (VS Code's
  /// go.toolsEnvVars and gopls's build.env), applied over the server's own
  /// for the variables that change what cgo does: when it changed, the
  /// probes run again and every open package is analysed again. False
  /// when nothing changed.
  bool setEditorEnvironment(const std::map<std::string, std::string> &Vars);
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
  /// DebouncePolicy's answers under the current cgols.debounceMs.
  int debounceFor(const std::string &Dir);
  int waitFor(const std::string &Dir, bool Now);
  /// Overrides cgols.debounceMs (tests use 0).
  void setDebounceOverride(std::optional<int> Ms) { Debounce.setOverride(Ms); }
  /// What the client is (from initialize): positions, edits, docs.
  void setClient(ClientInfo C);
  ClientInfo client();

  /// Opens a document (a directory is not one: it is ignored, as its text
  /// in the overlay would hide the package's files).
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

  /// The latest analysis of Path's package, with the file as analysed and
  /// its current text.
  std::optional<FileView> fileView(const std::string &Path);
  /// Hover, definition, completion, signature help, document symbols.
  CNameFeatures &features() { return Features; }
  /// The code lenses on a Go file's import "C": each analysed target's
  /// state (checked with the file's error and warning counts, or not
  /// checked and why), each with the client command that shows more (the
  /// Problems view, the setting to set, the health view); one more in a
  /// workspace that is not trusted. Empty before the first analysis.
  std::vector<protocol::CodeLens> importCLenses(const std::string &Path,
                                                PositionEncoding Enc);
  /// Completion and hover inside #cgo lines.
  DirectiveFeatures &directives() { return Directives; }
  /// What #cgo-line completion and hover read for a file's package: the
  /// analysis options, each analysed target's libraries and frameworks (its
  /// link index) with how many of the package's symbols each defines,
  /// pkg-config's packages (trusted workspaces), the preamble's functions.
  CgoLineSources cgoLineSources(const FileView &V);
  /// The quick fixes of the diagnostics last published for Path that touch
  /// R (the client's positions), with the settings fixes built here.
  std::vector<protocol::CodeAction> codeActions(const std::string &Path,
                                                protocol::Range R);
  /// Diagnostics of a file as the client gets them (positions in the
  /// client's encoding, related information in headers, docs links).
  std::vector<protocol::Diagnostic> toClient(const std::string &Text,
                                             const std::vector<Diagnostic> &Ds);
  /// The machine's health as cgols/health answers it: each finding with its
  /// docs link and its fix (a command, or the settings edit).
  std::vector<protocol::HealthFinding> healthReport(bool Refresh);

  /// Analyses the package in Dir now, on the calling thread, and returns it
  /// (the CLI). Notices go to the callback, once each.
  std::shared_ptr<const PackageAnalysis> analyzeNow(const std::string &Dir);

  /// Waits until no analysis is pending or running.
  void waitIdle() { Sched.waitIdle(); }
  /// Shutdown: pending analyses are dropped, a running one stops at its
  /// next check, background work stops; then returns when the worker is
  /// idle.
  void stopAnalyses() {
    Sched.cancelAll();
    if (Workers)
      Workers->killAll();
    Headers.stop();
    Sched.waitIdle();
  }

  /// The language server's mode: the header index is built in the
  /// background (in the compile workers, with progress) after a package's
  /// first analysis, never on the path of an analysis; when it is ready,
  /// the open packages are analysed again. Needs the compile workers.
  void indexInBackground();
  /// The compile workers, if compiles run in them (tests).
  const CompileWorkers *workers() const { return Workers.get(); }
  /// Waits for background work (the header index) to end (benchmarks).
  void waitBackground() { Headers.join(); }

  /// The machine's health (the doctor's findings), probed once in the
  /// calling thread and kept; Refresh probes again. Nothing runs in an
  /// untrusted workspace.
  std::vector<doctor::Finding> health(bool Refresh);
  /// The workspace folders and their settings files.
  SettingsFiles &settingsFiles() { return Settings; }
  void setFolders(std::vector<std::string> Folders) {
    Settings.setFolders(std::move(Folders));
  }
  /// Whether the folder holds Go files that import "C" (open documents, then
  /// a bounded walk of the folder).
  bool folderHasCgo(const std::string &Folder);

private:
  Environment &Env;
  ServerCallbacks CB;
  DebouncePolicy Debounce;
  std::optional<std::size_t> CacheOverride;
  /// Applies cgols.cacheMB unless overridden.
  void applyCacheSetting(const Config &C);
  bool FeatureRequests = true;
  Probes Probe;
  HeaderIndexService Headers;
  LinkIndexes Links;
  PreambleCache Cache;
  /// The precompiled #include blocks of in-process compiles (test
  /// environments; workers keep their own).
  PrecompiledStore InProcessPCH;
  /// Where compiles run when the Environment names a worker binary.
  std::unique_ptr<CompileWorkers> Workers;
  /// Where an analysis of the snapshot compiles: in the workers, with the
  /// snapshot's documents, under the settings' limits; or in this process
  /// over FS (test environments name no worker binary).
  std::unique_ptr<Compiler>
  compilerFor(const std::map<std::string, OpenDocument> &Snapshot,
              const Config &C,
              llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS);
  /// Compiles Req now with the open documents of Dir's package (a feature
  /// request's one more compile).
  CompileResult compileNow(const CompileRequest &Req, const std::string &Dir);
  /// The link index of T under O (the host's through its C compiler
  /// driver's directories too), as the analysis uses it.
  std::shared_ptr<const LinkIndex> linkIndexFor(const Target &T,
                                                const AnalysisOptions &O,
                                                llvm::vfs::FileSystem &FS);
  SettingsFiles Settings;
  CNameFeatures Features;
  DirectiveFeatures Directives;

  std::mutex M;
  Config Cfg;
  Workspace WS;

  Scheduler Sched; // last: its worker stops before the state it uses goes

  /// A publication decided under M, sent after it is released.
  struct Publication {
    std::string Path;
    std::optional<std::int64_t> Version;
    std::shared_ptr<const std::string> Text;
    std::vector<Diagnostic> Diags;
  };
  void send(const std::vector<Publication> &Ps);
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
  /// The file of each package the user opened first (its focus).
  std::map<std::string, std::string> FirstOpened; ///< guarded by M
  /// compute(), then publish what is still current and keep the result.
  void analyse(const std::string &Dir, const std::atomic<bool> *Cancelled);
  /// The whole package (after the opened file's first look, if any).
  void analyseWhole(const std::string &Dir,
                    const std::map<std::string, OpenDocument> &Snapshot,
                    const std::atomic<bool> *Cancelled);
  void clearPackage(const std::string &Dir);
  /// With M held: forgets Dir's results; what to clear is added to Out.
  void clearPackageLocked(const std::string &Dir,
                          std::vector<Publication> &Out);
  /// Checks an open settings file and publishes (synchronous: no compile).
  void checkSettings(const std::string &Path);
  ClientInfo Client; ///< guarded by M
  std::mutex HealthM;
  std::optional<std::vector<doctor::Finding>> Health;
  void notice(Severity S, const std::string &Key, const std::string &Msg);
  void log(const std::string &Msg) {
    if (CB.Log)
      CB.Log(Msg);
  }
};

} // namespace cgols
