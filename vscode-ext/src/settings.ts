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
