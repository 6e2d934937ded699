// config.ts: every setting the extension reads, in one place.
import * as vscode from 'vscode';
import { collectServerSettings, goSections, serverSettingNames } from './settings';

/** The server's settings: every `cgols.` setting package.json declares but the client's own. */
let serverNames: string[] = [];

/** Reads the declared settings from the extension's package.json (at activation). */
export function initSettings(packageJSON: {
  contributes?: { configuration?: { properties?: Record<string, unknown> } };
}): void {
  serverNames = serverSettingNames(packageJSON.contributes?.configuration?.properties ?? {});
}

function substitute(value: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return value
    .replace(/\$\{workspaceFolder\}/g, folder)
    .replace(/\$\{env:([^}]+)\}/g, (_, name: string) => process.env[name] ?? '');
}

/**
 * The server's settings with ${workspaceFolder} and ${env:X} resolved: sent
 * in initializationOptions, and as the answer to the server's
 * workspace/configuration requests after every change.
 */
export function serverSettings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('cgols');
  return collectServerSettings(serverNames, (key) => c.get(key), substitute);
}

/** cgols.path as the user wrote it, with ${workspaceFolder} and ${env:X}. */
export function configuredPath(): string {
  return substitute(vscode.workspace.getConfiguration('cgols').get<string>('path', ''));
}

/**
 * The `go` and `gopls` sections the server asks for: the environment the
 * Go extension gives the go command and gopls (go.toolsEnvVars, gopls's
 * build.env), the user's own only in an untrusted workspace.
 */
export function editorGoSections(): ReturnType<typeof goSections> {
  const go = vscode.workspace.getConfiguration('go');
  const all = vscode.workspace.getConfiguration();
  return goSections(
    { value: go.get('toolsEnvVars'), user: go.inspect('toolsEnvVars')?.globalValue },
    { value: all.get('gopls'), user: all.inspect('gopls')?.globalValue },
    vscode.workspace.isTrusted,
    substitute,
  );
}
