// config.ts: every setting the extension reads, in one place.
import * as vscode from 'vscode';

/** The settings the server reads (see `cgols settings-schema`). */
export interface ServerSettings {
  targets: string[];
  sdkPath: string;
  sysroot: string;
  extraFlags: string[];
  debounceMs: number;
  checks: Record<string, boolean>;
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
export function serverSettings(): ServerSettings {
  const c = vscode.workspace.getConfiguration('cgols');
  return {
    targets: c.get<string[]>('targets', []),
    sdkPath: substitute(c.get<string>('sdkPath', '')),
    sysroot: substitute(c.get<string>('sysroot', '')),
    extraFlags: c.get<string[]>('extraFlags', []),
    debounceMs: c.get<number>('debounceMs', 200),
    checks: c.get<Record<string, boolean>>('checks', {}),
  };
}

/** cgols.path as the user wrote it, with ${workspaceFolder} and ${env:X}. */
export function configuredPath(): string {
  return substitute(vscode.workspace.getConfiguration('cgols').get<string>('path', ''));
}
