// extension.ts: activation and commands. The language client lives in
// server.ts; settings are read in config.ts. A later issue adds the
// workspace health panel as a feature of its own here.
import * as vscode from 'vscode';
import { Server } from './server';

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  server = new Server(context);
  context.subscriptions.push(server);
  context.subscriptions.push(
    vscode.commands.registerCommand('cgols.restartServer', () => server?.restart()),
    vscode.commands.registerCommand('cgols.showOutput', () => server?.output.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server takes its settings through didChangeConfiguration; only
      // a different binary needs a restart.
      if (e.affectsConfiguration('cgols.path')) {
        void server?.restart();
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
