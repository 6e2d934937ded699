// discover.ts: where the cgols server binary is looked for, in order, and
// what was tried (for the message when none is found). No vscode import:
// node's test runner checks it directly.
import * as path from 'path';

export interface DiscoverInput {
  /** cgols.path (user settings only; machine scope). */
  configured?: string;
  /** The extension's own folder (a platform .vsix carries server/cgols). */
  extensionDir: string;
  /** PATH of the extension host. */
  hostPath: string;
  /** PATH of the user's login shell, asked only if needed (may be slow). */
  loginShellPath: () => string | undefined;
  home: string;
  isExecutable: (p: string) => boolean;
}

export interface Discovered {
  path?: string;
  /** Each place, in order, as the message shows it. */
  tried: string[];
  /** Whether the binary came with the extension. */
  bundled: boolean;
}

function onPath(name: string, pathVar: string, exec: (p: string) => boolean): string | undefined {
  for (const dir of pathVar.split(path.delimiter)) {
    // Relative entries ("." or empty) would find a workspace's own binary.
    if (!path.isAbsolute(dir)) {
      continue;
    }
    const p = path.join(dir, name);
    if (exec(p)) {
      return p;
    }
  }
  return undefined;
}

/**
 * cgols.path, the bundled binary, the extension host's PATH, the login
 * shell's PATH (an editor started from the Dock does not inherit the
 * terminal's), then ~/go/bin, /opt/homebrew/bin and /usr/local/bin. Never a
 * binary from the workspace: opening a repository must not run its programs.
 */
export function discoverServer(i: DiscoverInput): Discovered {
  const tried: string[] = [];
  if (i.configured) {
    tried.push(`cgols.path (${i.configured})`);
    return { path: i.isExecutable(i.configured) ? i.configured : undefined, tried, bundled: false };
  }
  const bundled = path.join(i.extensionDir, 'server', 'cgols');
  tried.push(`the binary in the extension (${bundled})`);
  if (i.isExecutable(bundled)) {
    return { path: bundled, tried, bundled: true };
  }
  tried.push(`PATH (${i.hostPath})`);
  let found = onPath('cgols', i.hostPath, i.isExecutable);
  if (found) {
    return { path: found, tried, bundled: false };
  }
  const shellPath = i.loginShellPath();
  if (shellPath !== undefined && shellPath !== i.hostPath) {
    tried.push(`the login shell's PATH (${shellPath})`);
    found = onPath('cgols', shellPath, i.isExecutable);
    if (found) {
      return { path: found, tried, bundled: false };
    }
  }
  for (const dir of [path.join(i.home, 'go', 'bin'), '/opt/homebrew/bin', '/usr/local/bin']) {
    const p = path.join(dir, 'cgols');
    tried.push(p);
    if (i.isExecutable(p)) {
      return { path: p, tried, bundled: false };
    }
  }
  return { tried, bundled: false };
}
