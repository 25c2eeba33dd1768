// The check for lines printed at once by several seL4 threads (see interleaved.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdsInterleaved } from './interleaved.js';

const lines = ['comp1 read hello world', 'comp2 read hello world'];

test('whole lines, one after the other, in either order', () => {
  assert.ok(holdsInterleaved('-----\ncomp1 read hello world\ncomp2 read hello world\n', lines));
  assert.ok(holdsInterleaved('comp2 read hello world\ncomp1 read hello world\n', lines));
});

test('lines interleaved character by character, as a loaded seL4 console printed them', () => {
  assert.ok(holdsInterleaved('Starting...\ncompcomp1 read hello world\n2 read hello world\n', lines));
  // One character from each in turn.
  const [a, b] = lines.map((l) => `${l}\n`);
  const alternating = [...a!].map((ch, i) => ch + b![i]).join('');
  assert.ok(holdsInterleaved(`Booting all finished\n${alternating}`, lines));
});

test('a line missing, cut short, out of order inside, or with a stray character is not enough', () => {
  assert.ok(!holdsInterleaved('comp1 read hello world\n', lines));
  assert.ok(!holdsInterleaved('compcomp1 read hello world\n2 read hello\n', lines));
  assert.ok(!holdsInterleaved('comp1 read hello world\ncomp2 read world hello\n', lines));
  assert.ok(!holdsInterleaved('compXcomp1 read hello world\n2 read hello world\n', lines));
});
