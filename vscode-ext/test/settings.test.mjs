// Tests for src/settings.ts (bundled to out/settings.cjs by `npm test`): the
// seam between the extension and the server. Every setting the server reads
// is declared in package.json (Cli.ExtensionDeclaresTheServersSettings checks
// that from the other side), forwarded by the extension, and received by the
// server: given a wrong value for each, the server names each one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { collectServerSettings, serverSettingNames, CLIENT_ONLY, goSections, toolsEnv } = require('../out/settings.cjs');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const declared = pkg.contributes.configuration.properties;
const binary = process.env.CGOLS_BINARY;

test('every declared setting but the client\'s own goes to the server', () => {
  const names = serverSettingNames(declared);
  for (const name of Object.keys(declared)) {
    assert.equal(names.includes(name), !CLIENT_ONLY.has(name), name);
  }
  // The three that once never reached the server.
  for (const n of ['cgols.compileTimeoutSeconds', 'cgols.compileMemoryMB', 'cgols.cacheMB']) {
    assert.ok(names.includes(n), n);
  }
});

test('values are forwarded with ${workspaceFolder} and ${env:X} resolved', () => {
  const values = {
    sdkPath: '${workspaceFolder}/sdk',
    extraFlags: ['-I${workspaceFolder}/include', '-D${env:USER_FLAG}'],
    checks: { 'cgo-condition-typo': false },
    debounceMs: 50,
  };
  const out = collectServerSettings(
    ['cgols.sdkPath', 'cgols.extraFlags', 'cgols.checks', 'cgols.debounceMs', 'cgols.sysroot'],
    (k) => values[k],
    (s) => s.replace('${workspaceFolder}', '/w').replace('${env:USER_FLAG}', 'X=1'),
  );
  assert.deepEqual(out, {
    sdkPath: '/w/sdk',
    extraFlags: ['-I/w/include', '-DX=1'],
    checks: { 'cgo-condition-typo': false },
    debounceMs: 50,
  });
});

test('the Go tools\' environment: both sections, strings only, resolved', () => {
  const s = goSections(
    { value: { CGO_LDFLAGS_ALLOW: '-Wl,--foo', CC: '${workspaceFolder}/cc', CGO_ENABLED: 1 }, user: {} },
    { value: { 'build.env': { CGO_LDFLAGS_ALLOW: '-Wl,--bar', PKG_CONFIG_PATH: '/p' }, ui: true } },
    true,
    (x) => x.replace('${workspaceFolder}', '/w'),
  );
  assert.deepEqual(s.go.toolsEnvVars, { CGO_LDFLAGS_ALLOW: '-Wl,--foo', CC: '/w/cc' }); // 1 is not a string
  assert.deepEqual(s.gopls['build.env'], { CGO_LDFLAGS_ALLOW: '-Wl,--bar', PKG_CONFIG_PATH: '/p' });
  // gopls's build.env over go.toolsEnvVars, as gopls sees them.
  assert.deepEqual(toolsEnv(s), { CGO_LDFLAGS_ALLOW: '-Wl,--bar', CC: '/w/cc', PKG_CONFIG_PATH: '/p' });
  // gopls's older name of the same setting.
  const n = goSections({}, { value: { env: { CC: 'clang' } } }, true, (x) => x);
  assert.deepEqual(n.gopls['build.env'], { CC: 'clang' });
});

test('an untrusted workspace\'s own values are not the Go tools\' environment', () => {
  const s = goSections(
    { value: { CGO_CFLAGS_ALLOW: '.*' }, user: { CC: 'clang' } },
    { value: { 'build.env': { CGO_LDFLAGS_ALLOW: '.*' } }, user: undefined },
    false,
    (x) => x,
  );
  assert.deepEqual(toolsEnv(s), { CC: 'clang' });
});

test('the server reads exactly the settings the extension forwards', { skip: !binary && 'CGOLS_BINARY is not set' }, () => {
  const schema = JSON.parse(execFileSync(binary, ['settings-schema'], { encoding: 'utf8' }));
  const forwarded = serverSettingNames(declared).sort();
  const serverReads = Object.keys(schema).filter((k) => !CLIENT_ONLY.has(k)).sort();
  assert.deepEqual(forwarded, serverReads);
});

// A value of the wrong type for every forwarded setting: the server checks
// each setting it receives and names the ones it cannot use, so each name
// in its messages proves that the setting arrived.
function wrongValue(type) {
  return type === 'integer' ? 'not a number' : type === 'string' ? 12345 : 'not a ' + type;
}

function frame(message) {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

test('the server receives every forwarded setting', { skip: !binary && 'CGOLS_BINARY is not set', timeout: 30000 }, async () => {
  const names = serverSettingNames(declared);
  const settings = collectServerSettings(
    names,
    (key) => wrongValue(declared['cgols.' + key].type),
    (s) => s,
  );
  const child = spawn(binary, ['serve'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let text = '';
  const done = new Promise((resolve) => {
    child.stdout.on('data', (d) => {
      text += d.toString();
      if (text.includes('"id":2')) {
        resolve();
      }
    });
  });
  child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { processId: null, rootUri: null, capabilities: {}, initializationOptions: { cgols: settings } } }));
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
  child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
  await done;
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
  child.stdin.end();
  const complaints = [...text.matchAll(/"message":"cgols settings: (cgols\.[A-Za-z.]+) must/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(complaints)].sort(), [...names].sort());
});
