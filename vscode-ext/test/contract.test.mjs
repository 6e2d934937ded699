// The contract of docs/lsp-extensions.md, checked against both sides: the
// server's sources and its answers (when CGOLS_BINARY is set), and the
// extension's sources. A method, notification, command or initialization
// option renamed, added or dropped on one side only fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');
const doc = read('docs/lsp-extensions.md');
const pkg = JSON.parse(read('vscode-ext/package.json'));
const serverSrc = readdirSync(new URL('server/', root))
  .filter((f) => /\.(cpp|h)$/.test(f))
  .map((f) => read('server/' + f))
  .join('\n');
const extSrc = readdirSync(new URL('vscode-ext/src/', root))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => read('vscode-ext/src/' + f))
  .join('\n');
const binary = process.env.CGOLS_BINARY;

/** The first column (a `name`) of the first table after `marker`. */
function firstColumn(marker) {
  const at = doc.indexOf(marker);
  assert.ok(at >= 0, 'docs/lsp-extensions.md has no ' + marker);
  const lines = doc.slice(at).split('\n');
  const out = [];
  for (const line of lines.slice(lines.findIndex((l) => l.startsWith('|')))) {
    if (!line.startsWith('|')) {
      break;
    }
    const m = line.match(/^\| `([^`]+)`/);
    if (m) {
      out.push(m[1]);
    }
  }
  return out;
}

const options = firstColumn('## Initialization options');
const methods = firstColumn('## Requests and notifications');
const commands = firstColumn('## Commands');
const findingFields = firstColumn('`HealthFinding` fields');
const sections = firstColumn('## Configuration sections');
const lensCommands = firstColumn('## Code lenses and inlay hints');
const declaredHere = new Set([
  ...Object.keys(pkg.contributes.configuration.properties),
  ...pkg.contributes.commands.map((c) => c.command),
]);

test('the tables are there', () => {
  assert.deepEqual(options, ['cgols', 'workspaceTrusted', 'docsUri', 'healthNotifications', 'noticeNotifications', 'toolsEnv']);
  assert.deepEqual(sections, ['cgols', 'go', 'gopls']);
  assert.ok(methods.length >= 3 && commands.length >= 1 && findingFields.length >= 7);
});

test('both sides use every documented name', () => {
  for (const m of methods) {
    assert.ok(serverSrc.includes(`"${m}"`), `the server does not use ${m}`);
    assert.ok(extSrc.includes(`'${m}'`), `the extension does not use ${m}`);
  }
  for (const c of commands) {
    assert.ok(serverSrc.includes(`"${c}"`), `the server does not know ${c}`);
    assert.ok(extSrc.includes(`'${c}'`), `the extension does not use ${c}`);
  }
  for (const o of options.filter((o) => o !== 'cgols')) {
    assert.ok(serverSrc.includes(`"${o}"`), `the server does not read ${o}`);
    assert.match(extSrc, new RegExp(`\\b${o}:`), `the extension does not send ${o}`);
  }
});

test('the lenses name the documented commands, and the extension has its own', () => {
  assert.deepEqual(lensCommands, ['workbench.actions.view.problems', 'workbench.action.openSettings',
    'cgols.showHealth', 'workbench.trust.manage']);
  for (const c of lensCommands) {
    assert.ok(serverSrc.includes(`"${c}"`), `the server's lenses do not name ${c}`);
    if (c.startsWith('cgols.')) {
      assert.ok(extSrc.includes(`registerCommand('${c}'`), `the extension does not register ${c}`);
      assert.ok(declaredHere.has(c), `package.json does not declare ${c}`);
    }
  }
  assert.ok(serverSrc.includes('"workspace/codeLens/refresh"'), 'no lens refresh');
});

test('the server asks for the documented sections, and the extension answers each', () => {
  const m = serverSrc.match(/ConfigurationSections\[\] = \{([^}]*)\}/);
  assert.ok(m, 'server/Convert.h has no ConfigurationSections');
  assert.deepEqual([...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]), sections);
  for (const s of sections) {
    assert.match(extSrc, new RegExp(`item\\.section === '${s}'`), `the extension does not answer ${s}`);
  }
  // A change to the settings behind each section reaches the server.
  assert.match(extSrc, /configurationSection: \['cgols', 'go\.toolsEnvVars', 'gopls'\]/);
});

test('neither side uses a custom method or command the document does not list', () => {
  for (const [side, src, quote] of [['server', serverSrc, '"'], ['extension', extSrc, "'"]]) {
    for (const m of src.matchAll(new RegExp(`${quote}(cgols/[A-Za-z/]+)${quote}`, 'g'))) {
      assert.ok(methods.includes(m[1]), `${side} uses ${m[1]}, which docs/lsp-extensions.md does not list`);
    }
  }
  // Commands the server offers, or that the extension sends to it.
  for (const m of serverSrc.matchAll(/"(cgols\.[A-Za-z.]+)"/g)) {
    assert.ok(commands.includes(m[1]) || declaredHere.has(m[1]), `the server uses ${m[1]}`);
  }
  for (const m of extSrc.matchAll(/command: '(cgols\.[A-Za-z.]+)'/g)) {
    assert.ok(commands.includes(m[1]) || declaredHere.has(m[1]), `the extension sends ${m[1]}`);
  }
});

function frame(message) {
  const body = JSON.stringify(message);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Runs the server over stdio: sends `messages`, returns every message it sent until each request had its reply and `until` holds. */
async function session(messages, until = () => true) {
  const waiting = new Set(messages.filter((m) => m.id !== undefined).map((m) => m.id));
  const child = spawn(binary, ['serve'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let buf = Buffer.alloc(0);
  const got = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply to ' + [...waiting])), 60000);
    child.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) {
          return;
        }
        const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())[1]);
        if (buf.length < head + 4 + len) {
          return;
        }
        const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString());
        buf = buf.subarray(head + 4 + len);
        got.push(msg);
        if (!msg.method) {
          waiting.delete(msg.id);
        }
        if (waiting.size === 0 && until(got)) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    for (const m of messages) {
      child.stdin.write(frame(m));
    }
  });
  child.stdin.write(frame({ jsonrpc: '2.0', id: 'bye', method: 'shutdown' }));
  child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
  child.stdin.end();
  return got;
}

test('the server answers as the document says', { skip: !binary && 'CGOLS_BINARY is not set', timeout: 90000 }, async () => {
  const got = await session([
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {},
      initializationOptions: { cgols: {}, workspaceTrusted: true, docsUri: 'file:///docs/checks.md',
        healthNotifications: true, noticeNotifications: true } } },
    { jsonrpc: '2.0', method: 'initialized', params: {} },
    { jsonrpc: '2.0', id: 2, method: 'cgols/health', params: { refresh: true } },
  ], (got) => got.some((m) => m.method === 'cgols/healthChanged'));
  const init = got.find((m) => m.id === 1);
  assert.deepEqual(init.result.capabilities.executeCommandProvider.commands, commands);
  const health = got.find((m) => m.id === 2);
  assert.ok(Array.isArray(health.result.findings) && health.result.findings.length > 0);
  for (const f of health.result.findings) {
    for (const k of Object.keys(f)) {
      assert.ok(findingFields.includes(k), `a finding has ${k}, which the document does not list`);
    }
    for (const k of ['section', 'verdict', 'title', 'detail']) {
      assert.equal(typeof f[k], 'string', k);
    }
    assert.ok(['ok', 'warning', 'error'].includes(f.verdict));
  }
  assert.ok(got.some((m) => m.method === 'cgols/healthChanged' && Array.isArray(m.params.findings)),
    'no cgols/healthChanged after a refresh');
});
