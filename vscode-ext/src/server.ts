// server.ts: owns the language client: finding the binary, starting it,
// restarting it after a crash (a few times, then stopping and saying so),
// and the status bar item.
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ErrorHandler,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { configuredPath, editorGoSections, serverSettings } from './config';
import { dedupe } from './dedupe';
import { Discovered, discoverServer } from './discover';
import { HealthFinding, HealthView } from './health';
import { toolsEnv } from './settings';

/** VS Code keeps an applyEdit'ed settings file unsaved; the editor reads
 * settings from disk, so cgols's settings edits are saved at once. */
async function saveSettingsDocuments(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    const p = doc.uri.path;
    if (doc.isDirty && (p.endsWith('/.vscode/settings.json') || p.endsWith('.code-workspace'))) {
      await doc.save();
    }
  }
}

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** PATH as the user's login shell sets it (VS Code started from the Dock
 * does not inherit the terminal's); undefined if the shell does not answer
 * within two seconds. */
function loginShellPath(): string | undefined {
  const shell = process.env.SHELL;
  if (!shell || !path.isAbsolute(shell) || process.platform === 'win32') {
    return undefined;
  }
  try {
    const out = childProcess.execFileSync(shell, ['-l', '-c', 'printf %s "$PATH"'], {
      timeout: 2000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      cwd: os.homedir(), // never the workspace
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens the settings where cgols.path can be set. It is machine-scoped:
 * where the editor is remote (code-server, SSH, WSL, a container) only the
 * Remote tab has it, and the User tab's search finds nothing.
 */
async function openPathSetting(): Promise<void> {
  if (vscode.env.remoteName) {
    await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query: 'cgols.path' });
  } else {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'cgols.path');
  }
}

/** The server binary: see discover.ts for the order. */
export function findServer(extensionDir: string): Discovered {
  return discoverServer({
    configured: configuredPath(),
    extensionDir,
    hostPath: process.env.PATH ?? '',
    loginShellPath,
    home: os.homedir(),
    isExecutable,
  });
}

export class Server implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly status: vscode.StatusBarItem;
  readonly output: vscode.OutputChannel;
  private crashes: number[] = [];
  /** What the server last published per document, before deduplication. */
  private readonly published = new Map<string, vscode.Diagnostic[]>();

  private readonly extensionUri: vscode.Uri;
  readonly health = new HealthView();
  private healthWorst: HealthFinding['verdict'] = 'ok';
  private healthProblems = 0;

  private readonly globalState: vscode.Memento;

  constructor(context: vscode.ExtensionContext) {
    this.extensionUri = context.extensionUri;
    this.globalState = context.globalState;
    this.output = vscode.window.createOutputChannel('cgols');
    this.status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
    this.status.command = 'cgols.showOutput';
    this.setStatus('starting');
    this.status.show();
    this.health.onWorst = (worst, problems) => {
      this.healthWorst = worst;
      this.healthProblems = problems;
      this.setStatus(this.lastState);
    };
    // One listener for the extension's lifetime, not one per (re)start.
    context.subscriptions.push(vscode.languages.onDidChangeDiagnostics((e) => this.refilter(e)));
  }

  private lastState: 'starting' | 'analysing' | 'ready' | 'failed' | 'stopped' = 'starting';

  /** Go files whose diagnostics are awaited. */
  private readonly pending = new Set<string>();

  private expect(uri: vscode.Uri): void {
    if (uri.path.endsWith('.go')) {
      this.pending.add(uri.toString());
      this.setStatus('analysing');
    }
  }

  private settle(uri: vscode.Uri): void {
    if (this.pending.delete(uri.toString()) && this.pending.size === 0) {
      this.setStatus('ready');
    }
  }

  private setStatus(state: 'starting' | 'analysing' | 'ready' | 'failed' | 'stopped'): void {
    this.lastState = state;
    if (!vscode.workspace.isTrusted && (state === 'ready' || state === 'analysing')) {
      // Restricted Mode: say so where the state shows (once, not a toast).
      this.status.text = `$(shield) cgols: restricted`;
      this.status.tooltip =
        'cgols: the workspace is not trusted, so cgols runs no program for it ' +
        '(go, pkg-config, xcrun). Trust the workspace to check everything.';
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      return;
    }
    const icon = {
      starting: '$(sync~spin)',
      analysing: '$(sync~spin)',
      ready: '$(check)',
      failed: '$(error)',
      stopped: '$(circle-slash)',
    }[state];
    this.status.text = `${icon} cgols: ${state}`;
    this.status.tooltip = 'cgols: click to show its output';
    this.status.command = 'cgols.showOutput';
    this.status.backgroundColor =
      state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (state !== 'failed' && state !== 'stopped' && this.settingProblem) {
      // A setting cgols cannot use (a target typo) hides diagnostics: say so.
      this.status.text = '$(error) cgols: bad setting';
      this.status.tooltip = this.settingProblem;
      this.status.command = { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['cgols'] };
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      return;
    }
    if (state !== 'failed' && state !== 'stopped' && this.sdkNote) {
      this.status.text += ' $(info)';
      this.status.tooltip = `${this.sdkNote}\n\n${this.status.tooltip}`;
    }
    if (state !== 'failed' && state !== 'stopped' && this.healthWorst !== 'ok') {
      // The machine has problems for cgo: the item turns yellow or red and
      // opens the Workspace Health view.
      const n = this.healthProblems;
      this.status.text += ` $(${this.healthWorst}) ${n}`;
      this.status.tooltip = `cgols: ${n} workspace health ${n === 1 ? 'problem' : 'problems'}; click to see them`;
      this.status.command = 'cgols.health.focus';
      this.status.backgroundColor = new vscode.ThemeColor(
        this.healthWorst === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    }
  }

  /** cgols's diagnostics minus those another source (gopls) already shows. */
  private withoutDuplicates(uri: vscode.Uri, ours: vscode.Diagnostic[]): vscode.Diagnostic[] {
    const others = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.source !== 'cgols')
      .map((d) => ({ line: d.range.start.line, message: d.message, source: d.source }));
    const keep = dedupe(
      ours.map((d, i) => ({ line: d.range.start.line, message: d.message, i })),
      others,
    );
    return keep.map((k) => ours[k.i]);
  }

  /** When another source's diagnostics change, show cgols's again, filtered. */
  private refilter(e: vscode.DiagnosticChangeEvent): void {
    const collection = this.client?.diagnostics;
    if (!collection) {
      return;
    }
    for (const uri of e.uris) {
      const ours = this.published.get(uri.toString());
      if (!ours) {
        continue;
      }
      const shown = collection.get(uri) ?? [];
      const wanted = this.withoutDuplicates(uri, ours);
      if (wanted.length !== shown.length) {
        collection.set(uri, wanted); // changes only when the count does: no loop
      }
    }
  }

  /** cgols.path as it was when the server last started. */
  private startedWithPath: string | undefined;

  /** Whether cgols.path now differs from what the server started with (a
   * value in workspace settings is ignored by VS Code: no change). */
  pathChanged(): boolean {
    return configuredPath() !== this.startedWithPath;
  }

  async start(): Promise<void> {
    this.startedWithPath = configuredPath();
    const server = findServer(this.extensionUri.fsPath);
    if (!server.path) {
      this.setStatus('failed');
      this.output.appendLine('No cgols binary found. Tried, in order:');
      for (const t of server.tried) {
        this.output.appendLine(`  ${t}`);
      }
      const choice = await vscode.window.showErrorMessage(
        'cgols: the cgols server binary was not found (tried ' +
          server.tried.join(', ') +
          '). Install the .vsix for your platform (it carries the server), ' +
          'put cgols on PATH, or set cgols.path.',
        'Open Settings',
        'Install Instructions',
        'Show Output',
      );
      if (choice === 'Open Settings') {
        await openPathSetting();
      } else if (choice === 'Install Instructions') {
        await vscode.env.openExternal(vscode.Uri.joinPath(this.extensionUri, 'README.md'));
      } else if (choice === 'Show Output') {
        this.output.show();
      }
      return;
    }
    this.output.appendLine(`Starting ${server.path} serve`);
    const serverOptions: ServerOptions = {
      command: server.path,
      args: ['serve'],
      transport: TransportKind.stdio,
    };
    const errorHandler: ErrorHandler = {
      error: (_e: Error, _m: Message | undefined, count: number | undefined) => ({
        action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
      }),
      closed: () => {
        if (this.client !== client) {
          // Stopped on purpose (restart, trust granted): not a crash.
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        const now = Date.now();
        this.crashes = this.crashes.filter((t) => now - t < RESTART_WINDOW_MS);
        this.crashes.push(now);
        if (this.crashes.length <= MAX_RESTARTS) {
          this.output.appendLine(
            `cgols stopped unexpectedly; restarting (${this.crashes.length} of ${MAX_RESTARTS}).`,
          );
          this.setStatus('starting');
          return { action: CloseAction.Restart };
        }
        this.setStatus('failed');
        void vscode.window
          .showErrorMessage(
            `cgols stopped ${this.crashes.length} times in a few minutes and will not be restarted. ` +
              'See its output for why.',
            'Show Output',
            'Restart',
          )
          .then((c) => {
            if (c === 'Show Output') {
              this.output.show();
            } else if (c === 'Restart') {
              void vscode.commands.executeCommand('cgols.restartServer');
            }
          });
        return { action: CloseAction.DoNotRestart };
      },
    };
    const clientOptions: LanguageClientOptions = {
      // Go files, and the settings that decide whether cgo works in the
      // editor (checked by the server, fixed through workspace/applyEdit).
      documentSelector: [
        { scheme: 'file', language: 'go' },
        { scheme: 'file', pattern: '**/.vscode/settings.json' },
        { scheme: 'file', pattern: '**/*.code-workspace' },
        // C headers and sources: their unsaved text is what the preambles
        // that include them see (the server publishes nothing on them).
        { scheme: 'file', pattern: '**/*.{h,c,m}' },
      ],
      outputChannel: this.clientOutput(),
      // Trust comes from VS Code itself, beside the settings, never from them.
      initializationOptions: {
        cgols: serverSettings(),
        workspaceTrusted: vscode.workspace.isTrusted,
        // The environment the Go extension gives the go command and gopls:
        // a flag allowed there (CGO_LDFLAGS_ALLOW) is allowed here too.
        toolsEnv: toolsEnv(editorGoSections()),
        // docs/checks.md ships in the .vsix: each diagnostic's code links to
        // its section, and it opens offline.
        docsUri: vscode.Uri.joinPath(this.extensionUri, 'docs', 'checks.md').toString(),
        // The machine's health, sent when the server has probed it.
        healthNotifications: true,
        // Notices with their key (cgols/notice), shown here once per
        // workspace instead of at every server start.
        noticeNotifications: true,
      },
      synchronize: {
        // A change to any of these makes the server ask for its sections.
        configurationSection: ['cgols', 'go.toolsEnvVars', 'gopls'],
        // Files changed on disk (a header saved by another program, a git
        // checkout): the packages that read them are analysed again.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{h,c,m,go}'),
      },
      errorHandler,
      middleware: {
        workspace: {
          // The server asks for its sections after each change: answer
          // with the same substitution (and trust) as at start.
          configuration: async (params, token, next) => {
            const raw = await next(params, token);
            if (!Array.isArray(raw)) {
              return raw;
            }
            const go = editorGoSections();
            return params.items.map((item, i) =>
              item.section === 'cgols'
                ? serverSettings()
                : item.section === 'go'
                  ? go.go
                  : item.section === 'gopls'
                    ? go.gopls
                    : raw[i],
            );
          },
        },
        // A settings edit applied through workspace/applyEdit stays unsaved
        // in VS Code, and the editor reads settings from disk: save it.
        executeCommand: async (command, args, next) => {
          const result = await next(command, args);
          if (command === 'cgols.applyWorkspaceEdit') {
            await saveSettingsDocuments();
          }
          return result;
        },
        // "analysing" from a Go file's didOpen or didChange until its
        // diagnostics arrive (the server publishes for every open Go file it
        // analyses, empty or not); headers change no state of their own.
        didOpen: async (document, next) => {
          this.expect(document.uri);
          await next(document);
        },
        didChange: async (event, next) => {
          this.expect(event.document.uri);
          await next(event);
        },
        didClose: async (document, next) => {
          this.settle(document.uri);
          await next(document);
        },
        handleDiagnostics: (uri, diagnostics, next) => {
          this.settle(uri);
          this.published.set(uri.toString(), diagnostics);
          next(uri, this.withoutDuplicates(uri, diagnostics));
        },
      },
    };
    const client = new LanguageClient('cgols', 'cgols', serverOptions, clientOptions);
    this.client = client;
    this.client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        this.setStatus(this.pending.size > 0 ? 'analysing' : 'ready');
      } else if (e.newState === State.Stopped && this.status.text.indexOf('failed') < 0) {
        this.setStatus('stopped');
      }
    });
    this.client.onNotification('cgols/notice', (p: { type: number; key: string; message: string }) =>
      this.onNotice(p));
    this.client.onNotification('cgols/healthChanged', (p: { findings: HealthFinding[] }) =>
      this.health.update(p.findings ?? []));
    try {
      await this.client.start();
    } catch (e) {
      this.setStatus('failed');
      this.output.appendLine(`cgols failed to start: ${String(e)}`);
      void vscode.window.showErrorMessage(`cgols failed to start: ${String(e)}`, 'Open Settings')
        .then((c) => {
          if (c === 'Open Settings') {
            void openPathSetting();
          }
        });
    }
  }

  /** A bad setting: the state the status bar shows until it is fixed. */
  private settingProblem: string | undefined;

  /**
   * A notice from the server: always in the output channel; a bad target is
   * an error state of the status bar; "no macOS SDK" off a Mac is a status
   * bar note; other information stays in the output; a warning or error is
   * a toast once per machine (each start finds the same again).
   */
  private onNotice(p: { type: number; key: string; message: string }): void {
    this.output.appendLine(p.message);
    if (p.key.startsWith('setting:')) {
      this.settingProblem = p.message;
      this.setStatus(this.lastState);
    }
    if (p.key.startsWith('headers-missing:darwin') && process.platform !== 'darwin') {
      this.sdkNote = p.message;
      this.setStatus(this.lastState);
      return;
    }
    if (p.type >= 3) {
      return;
    }
    const shown = this.globalState.get<string[]>('cgols.shownNotices', []);
    if (shown.includes(p.key)) {
      return;
    }
    void this.globalState.update('cgols.shownNotices', [...shown, p.key].slice(-256));
    if (p.type <= 1) {
      void vscode.window.showErrorMessage(p.message);
    } else {
      void vscode.window.showWarningMessage(p.message);
    }
  }

  private sdkNote: string | undefined;

  /** cgols settings changed: the server says again what is still wrong. */
  settingsChanged(): void {
    this.settingProblem = undefined;
    this.setStatus(this.lastState);
  }

  /** Asks the server for the machine's health again (it probes anew). */
  async refreshHealth(): Promise<void> {
    const r = await this.client?.sendRequest<{ findings: HealthFinding[] }>('cgols/health', { refresh: true });
    if (r) {
      this.health.update(r.findings ?? []);
    }
  }

  /** A settings fix goes through the server (workspace/applyEdit) and is
   * saved; a machine fix is typed into a terminal for the user to run. */
  async applyHealthFix(f: HealthFinding): Promise<void> {
    if (f.fix?.edit && this.client) {
      await this.client.sendRequest('workspace/executeCommand', {
        command: 'cgols.applyWorkspaceEdit',
        arguments: [f.fix.edit],
      });
      await saveSettingsDocuments();
      void vscode.window.showInformationMessage(
        `cgols: ${f.fix.title}: done. The Go extension reads it when it restarts its tools.`);
    } else if (f.fix?.command) {
      const t = vscode.window.createTerminal('cgols fix');
      t.show();
      t.sendText(f.fix.command, false); // typed, not run: the user presses Enter
    }
  }

  async restart(): Promise<void> {
    this.settingProblem = undefined;
    this.sdkNote = undefined;
    this.crashes = [];
    await this.stop();
    this.setStatus('starting');
    await this.start();
  }

  /**
   * The channel the language client logs to: the server's output, less the
   * client's noise about an exit we asked for ("Server process exited with
   * code 0" after a stop) and the bare "true" it prints after a restart.
   */
  private clientOutput(): vscode.OutputChannel {
    const out = this.output;
    const quiet = (v: string) =>
      v.trim() === 'true' || (this.stopping && /Server process exited with code 0\./.test(v));
    return {
      name: out.name,
      append: (v: string) => (quiet(v) ? undefined : out.append(v)),
      appendLine: (v: string) => (quiet(v) ? undefined : out.appendLine(v)),
      replace: (v: string) => out.replace(v),
      clear: () => out.clear(),
      show: (preserveFocus?: boolean) => out.show(preserveFocus),
      hide: () => out.hide(),
      dispose: () => undefined, // the extension's channel outlives a client
    } as vscode.OutputChannel;
  }

  private stopping = false;

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) {
      this.stopping = true;
      try {
        await c.stop();
      } catch {
        // A client that never started has nothing to stop.
      } finally {
        // The exit is logged a moment after stop() returns.
        setTimeout(() => (this.stopping = false), 2000);
      }
    }
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
    this.output.dispose();
  }
}
