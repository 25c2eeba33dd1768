// What `ostoo new` says about musl: a choice the user made is acknowledged, not reported as
// something missing; a musl that is really missing says how to get std programs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ostoo, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const all = (r: CliResult) => r.stdout + r.stderr;

test('--musl none: one note that it was asked for, no "no musl" warning', { skip }, async () => {
  const dir = path.join(tempDir('musl-none'), 'ws');
  const r = await ostoo(['new', dir, '--yes', '--toolchain-path', toolchain!.root, '--musl', 'none', '--skip-sysroot']);
  assert.equal(r.exitCode, 0, all(r));
  assert.equal(all(r).split('--musl none: no libc, so only the no_std tier (hello-rs) is generated').length, 2, all(r));
  assert.doesNotMatch(all(r), /no musl for|musl.*(missing|not found)/i);
});

test('riscv64 with no musl found: the note names --musl-path', { skip }, async () => {
  const dir = path.join(tempDir('musl-auto'), 'ws');
  const r = await ostoo([
    'new',
    dir,
    '--yes',
    '--toolchain-path',
    toolchain!.root,
    '--arch',
    'riscv64',
    '--skip-sysroot',
  ]);
  assert.equal(r.exitCode, 0, all(r));
  assert.match(
    all(r),
    /no musl for riscv64: only the no_std tier \(hello-rs\) is generated; for std programs pass --musl-path DIR/,
  );
});
