// Tests for src/dedupe.ts (bundled to out/dedupe.cjs by `npm test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { dedupe } = createRequire(import.meta.url)('../out/dedupe.cjs');

const undeclared = { line: 8, source: 'cgols',
  message: 'Add #include <stdlib.h>: C.free is not declared by this file\'s preamble, so cgo will stop with "could not determine kind of name for C.free"' };
const strlen = { line: 4, source: 'cgols',
  message: "call to undeclared function 'strlen'; ISO C99 and later do not support implicit function declarations [-Wimplicit-function-declaration]. clang 16 and Apple clang reject this" };

test('hides a C name gopls already reports on the same line', () => {
  const gopls = { line: 8, source: 'go list', message: 'could not determine kind of name for C.free' };
  assert.deepEqual(dedupe([undeclared], [gopls]), []);
});

test('keeps it when gopls is silent, or speaks of another line or name', () => {
  assert.deepEqual(dedupe([undeclared], []), [undeclared]);
  assert.deepEqual(dedupe([undeclared], [{ line: 9, message: 'could not determine kind of name for C.free' }]), [undeclared]);
  assert.deepEqual(dedupe([undeclared], [{ line: 8, message: 'could not determine kind of name for C.malloc' }]), [undeclared]);
});

test('hides a compiler error that go list passed through', () => {
  const passed = { line: 4, source: 'go list',
    message: "clang-16 errors for preamble: call to undeclared function 'strlen'; ISO C99 and later do not support implicit function declarations" };
  assert.deepEqual(dedupe([strlen], [passed]), []);
});

test('never hides against its own diagnostics', () => {
  assert.deepEqual(dedupe([strlen], [{ ...strlen }]), [strlen]);
});

test('hides a compiler message gopls passes through when ours leads with the fix', () => {
  const ours = { line: 9, source: 'cgols',
    message: "Add #include <string.h>: call to undeclared function 'strlen'; ISO C99 and later do not support implicit function declarations [-Wimplicit-function-declaration]" };
  const gopls = { line: 9, source: 'compiler',
    message: "call to undeclared function 'strlen'; ISO C99 and later do not support implicit function declarations" };
  assert.deepEqual(dedupe([ours], [gopls]), []);
});
