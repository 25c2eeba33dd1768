// `ostoo toolchain list` inside a user-rs workspace shows the workspace's own
// pin (a --toolchain-path directory is in no lock), not only the lock's toolchains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ostoo } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';

function workspace(pin: string): string {
  const root = tempDir('list-pin');
  const ws = path.join(root, 'user-rs');
  mkdirSync(ws);
  writeFileSync(path.join(ws, 'Cargo.toml'), '[workspace]\nmembers = []\n');
  writeFileSync(path.join(ws, 'x86_64-ostoo-user.json'), '{ "llvm-target": "x86_64-unknown-linux-musl" }\n');
  writeFileSync(path.join(ws, 'rust-toolchain.toml'), `[toolchain]\n${pin}\n`);
  return root;
}

test('toolchain list in a workspace pinned to a directory shows that directory first', async () => {
  const tc = tempDir('list-pin-tc');
  mkdirSync(path.join(tc, 'bin'));
  writeFileSync(path.join(tc, 'bin', 'rustc'), '');
  const root = workspace(`path = ${JSON.stringify(tc)}`);
  const inWs = await ostoo(['toolchain', 'list'], { cwd: path.join(root, 'user-rs') });
  assert.equal(inWs.exitCode, 0, inWs.stderr);
  assert.equal(inWs.stdout.split('\n')[0], `${tc}\tpinned by rust-toolchain.toml\tinstalled (a directory)`);
  const atRoot = await ostoo(['toolchain', 'list'], { cwd: root });
  assert.equal(atRoot.stdout.split('\n')[0], `${tc}\tpinned by user-rs/rust-toolchain.toml\tinstalled (a directory)`);

  const gone = workspace('path = "/nonexistent/toolchain"');
  const missing = await ostoo(['toolchain', 'list'], { cwd: gone });
  assert.equal(
    missing.stdout.split('\n')[0],
    '/nonexistent/toolchain\tpinned by user-rs/rust-toolchain.toml\tnot installed (no bin/rustc)',
  );
});

test('toolchain list in a workspace pinned to a channel names it and its state; outside one, no such line', async () => {
  const root = workspace('channel = "nightly-2031-01-01"');
  const res = await ostoo(['toolchain', 'list'], { cwd: root, env: { RUSTUP_HOME: tempDir('list-pin-home') } });
  assert.equal(res.stdout.split('\n')[0], 'nightly-2031-01-01\tpinned by user-rs/rust-toolchain.toml\tnot installed');
  const outside = await ostoo(['toolchain', 'list'], { cwd: tempDir('list-pin-none') });
  assert.doesNotMatch(outside.stdout, /pinned by/);
});
