// settings.ts: which `cgols` settings go to the server, and how. Pure (no
// vscode import), so that node's test runner checks it against package.json
// and the server binary (test/settings.test.mjs).

/**
 * The settings only the extension reads: the binary it starts and the
 * trace of the messages it exchanges. Everything else package.json declares
 * under `cgols.` goes to the server, so a new server setting needs no edit
 * here (three once never reached it: they were listed by hand).
 */
export const CLIENT_ONLY: ReadonlySet<string> = new Set([
  'cgols.path',
  'cgols.trace.server',
]);

/** The server's settings among package.json's `contributes.configuration.properties`. */
export function serverSettingNames(properties: Record<string, unknown>): string[] {
  return Object.keys(properties).filter(
    (k) => k.startsWith('cgols.') && !CLIENT_ONLY.has(k),
  );
}

/** Strings, and strings in arrays and objects, with `substitute` applied. */
function substituteIn(value: unknown, substitute: (s: string) => string): unknown {
  if (typeof value === 'string') {
    return substitute(value);
  }
  if (Array.isArray(value)) {
    return value.map((v) => substituteIn(v, substitute));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = substituteIn(v, substitute);
    }
    return out;
  }
  return value;
}

/**
 * The `cgols` section the server gets (initializationOptions and every
 * workspace/configuration answer): each name's value as `get` reads it
 * (by the name after `cgols.`), with ${workspaceFolder} and ${env:X}
 * resolved by `substitute`. Names `get` has no value for are left out, so
 * the server keeps its default.
 */
export function collectServerSettings(
  names: string[],
  get: (key: string) => unknown,
  substitute: (s: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const key = name.slice('cgols.'.length);
    const value = get(key);
    if (value !== undefined) {
      out[key] = substituteIn(value, substitute);
    }
  }
  return out;
}

/** What `WorkspaceConfiguration.inspect` gives, and `get`'s value. */
export interface ScopedValue {
  /** The value as VS Code resolves it (user, workspace and folder). */
  value?: unknown;
  /** The user's own value (globalValue). */
  user?: unknown;
}

/** An object's string members, with `substitute` applied. */
function stringMembers(v: unknown, substitute: (s: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string') {
        out[k] = substitute(x);
      }
    }
  }
  return out;
}

/**
 * The environment the editor gives the Go tools, as the two sections the
 * server asks for (`go` and `gopls`, docs/lsp-extensions.md): `go.toolsEnvVars`
 * and gopls's `build.env`, strings only, with ${workspaceFolder} and
 * ${env:X} resolved. In an untrusted workspace only the user's own values
 * count, as vscode-go reads `go.toolsEnvVars` there: a repository must not
 * allow its own flags.
 */
export function goSections(
  toolsEnvVars: ScopedValue,
  gopls: ScopedValue,
  trusted: boolean,
  substitute: (s: string) => string,
): { go: { toolsEnvVars: Record<string, string> }; gopls: { 'build.env': Record<string, string> } } {
  const pick = (s: ScopedValue) => (trusted ? s.value : s.user);
  const g = pick(gopls);
  const buildEnv =
    g !== null && typeof g === 'object'
      ? ((g as Record<string, unknown>)['build.env'] ?? (g as Record<string, unknown>).env)
      : undefined;
  return {
    go: { toolsEnvVars: stringMembers(pick(toolsEnvVars), substitute) },
    gopls: { 'build.env': stringMembers(buildEnv, substitute) },
  };
}

/** The two sections as one environment, gopls's build.env over go.toolsEnvVars (as gopls sees it): initializationOptions.toolsEnv. */
export function toolsEnv(s: ReturnType<typeof goSections>): Record<string, string> {
  return { ...s.go.toolsEnvVars, ...s.gopls['build.env'] };
}
