// The questions as a user at a terminal meets them (a real pseudo-terminal, test/helpers/pty.ts):
// what can be checked before the first question is, each typed answer is checked as it is typed
// (and asked again), and a missing NAME is asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../../helpers/paths.js';
import { spawnPty } from '../../helpers/pty.js';
import { snapshotTree } from '../../helpers/tree.js';
import { toolchainOrSkip } from '../../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const ostooPty = (args: string[], cwd: string) =>
  spawnPty([process.execPath, ostooBin, ...args], cwd, { RUSTUP_HOME: tempDir('no-rustup') });

/** A generated workspace to add programs to (no sysroot: nothing here builds). */
async function workspace(): Promise<string> {
  const dir = path.join(tempDir('prompt-ws'), 'k');
  const res = await execa(
    process.execPath,
    [ostooBin, 'new', dir, '--yes', '--toolchain-path', toolchain!.root, '--skip-sysroot'],
    { reject: false },
  );
  assert.equal(res.exitCode, 0, res.stderr);
  return dir;
}

test('ostoo new refuses a non-empty destination before the first question', async () => {
  const dir = tempDir('prompt-nonempty');
  writeFileSync(path.join(dir, 'keep.txt'), 'mine\n');
  const pty = ostooPty(['new', dir], tempDir('prompt-cwd'));
  assert.equal(await pty.exit(), 1);
  assert.match(pty.output(), /ostoo: destination .* is not empty \(keep\.txt\) — choose an empty directory/);
  assert.doesNotMatch(pty.output(), /Project flavor/);
  assert.deepEqual(readdirSync(dir), ['keep.txt']);
});

test('ostoo new refuses a bad option value before the first question', async () => {
  const cwd = tempDir('prompt-badopt');
  const pty = ostooPty(['new', 'k', '--musl', 'glibc'], cwd);
  assert.equal(await pty.exit(), 1);
  assert.match(pty.output(), /ostoo: --musl must be one of auto, system, rust-std, docker, none \(got 'glibc'\) — /);
  assert.doesNotMatch(pty.output(), /Project flavor|Using toolchain/);
  assert.deepEqual(readdirSync(cwd), []);
});

test('a typed toolchain that cannot be used is said at once and asked again', { skip }, async () => {
  const cwd = tempDir('prompt-tc');
  const pty = ostooPty(['new', 'k', '--skip-sysroot'], cwd);
  await pty.expect(/Project flavor/);
  pty.type('\r'); // user-rs
  await pty.expect(/Kernel \(OS\) name/);
  pty.type('\r'); // ostoo
  await pty.expect(/Architecture/);
  pty.type('\r'); // x86_64
  await pty.expect(/rustup toolchain \(empty: auto-detect\)/);
  pty.type('nightly-2099-01-01\r');
  // Shown under the question (rustup is absent or lacks it); the question stays.
  await pty.expect(/rustup toolchain 'nightly-2099-01-01' is not usable/);
  assert.doesNotMatch(pty.output(), /Deploy directory/);
  // Clear the typed name, then accept auto-detection.
  pty.type('\x7f'.repeat('nightly-2099-01-01'.length) + '\r');
  await pty.expect(/Using toolchain /);
  await pty.expect(/Deploy directory/);
  pty.type('\x03'); // Ctrl-C
  assert.equal(await pty.exit(), 1);
  assert.match(pty.output(), /ostoo: cancelled at a question \(Ctrl-C\); nothing was written — run the command again/);
  assert.deepEqual(readdirSync(cwd), []);
});

test('ostoo program outside a workspace says so before asking anything', async () => {
  const cwd = tempDir('prompt-nows');
  mkdirSync(path.join(cwd, 'src'));
  const pty = ostooPty(['program', 'tool'], cwd);
  assert.equal(await pty.exit(), 1);
  assert.match(pty.output(), /ostoo: .* is not inside a user-rs workspace .* — run this inside one/);
  assert.doesNotMatch(pty.output(), /Use std\?/);
});

test('ostoo program without NAME asks for it, checks it as typed, then asks the rest', { skip }, async () => {
  const dir = await workspace();
  const before = snapshotTree(dir);
  const pty = ostooPty(['program'], path.join(dir, 'user-rs'));
  await pty.expect(/package name of the new program/);
  assert.doesNotMatch(pty.output(), /Use std\?/);
  pty.type('my prog\r');
  await pty.expect(/program name 'my prog' contains white space/);
  pty.type('\x7f'.repeat('my prog'.length) + 'hello-rs\r');
  await pty.expect(/program 'hello-rs' already exists/);
  pty.type('\x7f'.repeat('hello-rs'.length) + 'tool\r');
  await pty.expect(/Use std\?/);
  pty.type('\r'); // no
  assert.equal(await pty.exit(), 0, pty.output());
  assert.match(pty.output(), /Added no_std program tool/);
  const after = snapshotTree(dir);
  assert.ok(after['user-rs/tool/src/main.rs'] && !before['user-rs/tool/src/main.rs']);
});

test('ostoo program without NAME and without a terminal names the usage', { skip }, async () => {
  const dir = await workspace();
  const res = await execa(process.execPath, [ostooBin, 'program'], { cwd: path.join(dir, 'user-rs'), reject: false });
  assert.equal(res.exitCode, 1);
  assert.match(res.stderr, /^ostoo: program needs a NAME — usage: ostoo program NAME \[options\]$/);
});
