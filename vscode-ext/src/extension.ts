// extension.ts: activation and commands. The language client lives in
// server.ts; settings are read in config.ts; the Workspace Health view in
// health.ts.
import * as vscode from 'vscode';
import { initSettings } from './config';
import { findingOf } from './health';
import { Server } from './server';

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  initSettings(context.extension.packageJSON);
  server = new Server(context);
  context.subscriptions.push(server);
  context.subscriptions.push(
    vscode.commands.registerCommand('cgols.restartServer', () => server?.restart()),
    vscode.commands.registerCommand('cgols.showOutput', () => server?.output.show()),
    // The lens on import "C" names it (docs/lsp-extensions.md, Code lenses):
    // VS Code's own command that reveals a view is <id>.focus.
    vscode.commands.registerCommand('cgols.showHealth', () =>
      vscode.commands.executeCommand('cgols.health.focus'),
    ),
    vscode.window.registerTreeDataProvider('cgols.health', server.health),
    vscode.commands.registerCommand('cgols.health.refresh', () => server?.refreshHealth()),
    vscode.commands.registerCommand('cgols.health.fix', (node: unknown) => {
      const f = findingOf(node);
      return f ? server?.applyHealthFix(f) : undefined;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server takes its settings through didChangeConfiguration; only
      // a different binary needs a restart (a cgols.path in workspace
      // settings, which VS Code ignores, changes nothing).
      if (e.affectsConfiguration('cgols.path') && server?.pathChanged()) {
        void server?.restart();
      } else if (e.affectsConfiguration('cgols')) {
        server?.settingsChanged();
      }
    }),
    // The server learns of trust at start: trusting the workspace restarts
    // it, and then it runs go, pkg-config and xcrun.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void server?.restart()),
  );
  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
