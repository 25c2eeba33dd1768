// which(): the first executable of that name on PATH, never one in the working directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { which } from '../../src/util/which.js';

test('which finds the first executable on the given PATH, and skips what is not one', (t) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ostoo-which-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const [a, b, c] = ['a', 'b', 'c'].map((d) => path.join(root, d)) as [string, string, string];
  for (const d of [a, b, c]) mkdirSync(d);
  writeFileSync(path.join(a, 'tool'), 'not executable');
  mkdirSync(path.join(b, 'tool')); // a directory is not an executable
  writeFileSync(path.join(c, 'tool'), '#!/bin/sh\n');
  chmodSync(path.join(c, 'tool'), 0o755);
  assert.equal(which('tool', [a, b, c].join(path.delimiter)), path.join(c, 'tool'));
  assert.equal(which('tool', [a, b].join(path.delimiter)), undefined);
  assert.equal(which('absent', c), undefined);
});

test('empty PATH entries do not mean the working directory', (t) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ostoo-which-cwd-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(path.join(root, 'here'), '#!/bin/sh\n');
  chmodSync(path.join(root, 'here'), 0o755);
  const cwd = process.cwd();
  process.chdir(root);
  try {
    assert.equal(which('here', ''), undefined);
    assert.equal(which('here', `${path.delimiter}${path.delimiter}`), undefined);
  } finally {
    process.chdir(cwd);
  }
});
