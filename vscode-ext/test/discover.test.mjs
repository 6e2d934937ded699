// Tests for src/discover.ts (bundled to out/discover.cjs by `npm test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { discoverServer } = createRequire(import.meta.url)('../out/discover.cjs');

function input(executables, extra = {}) {
  let shellAsked = 0;
  const i = {
    extensionDir: '/ext',
    hostPath: '/usr/bin:.:relative/bin',
    loginShellPath: () => { shellAsked++; return '/usr/bin:/home/u/.local/bin'; },
    home: '/home/u',
    isExecutable: (p) => executables.includes(p),
    ...extra,
  };
  return { i, asked: () => shellAsked };
}

test('cgols.path wins and nothing else is tried', () => {
  const { i } = input(['/opt/cgols', '/ext/server/cgols'], { configured: '/opt/cgols' });
  assert.deepEqual(discoverServer(i), { path: '/opt/cgols', tried: ['cgols.path (/opt/cgols)'], bundled: false });
});

test('the bundled binary comes before PATH', () => {
  const { i, asked } = input(['/ext/server/cgols', '/usr/bin/cgols']);
  const d = discoverServer(i);
  assert.equal(d.path, '/ext/server/cgols');
  assert.equal(d.bundled, true);
  assert.equal(asked(), 0);
});

test('relative PATH entries are never searched', () => {
  const { i } = input(['relative/bin/cgols', './cgols']);
  assert.equal(discoverServer(i).path, undefined);
});

test("the login shell's PATH, then the usual install places, in order", () => {
  const { i, asked } = input(['/home/u/.local/bin/cgols']);
  assert.equal(discoverServer(i).path, '/home/u/.local/bin/cgols');
  assert.equal(asked(), 1);
  const none = discoverServer(input([]).i);
  assert.equal(none.path, undefined);
  assert.deepEqual(none.tried, [
    'the binary in the extension (/ext/server/cgols)',
    'PATH (/usr/bin:.:relative/bin)',
    "the login shell's PATH (/usr/bin:/home/u/.local/bin)",
    '/home/u/go/bin/cgols',
    '/opt/homebrew/bin/cgols',
    '/usr/local/bin/cgols',
  ]);
  assert.equal(discoverServer(input(['/opt/homebrew/bin/cgols']).i).path, '/opt/homebrew/bin/cgols');
});
