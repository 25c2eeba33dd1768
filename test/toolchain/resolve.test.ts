import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { requireRustSrc, resolveToolchain } from '../../src/toolchain/resolve.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { tempDir } from '../helpers/paths.js';

const { toolchain, skip } = toolchainOrSkip();

test('a distro toolchain directory: needs RUSTC_BOOTSTRAP, has rust-src and its vendor dir', { skip }, async () => {
  const tc = await resolveToolchain({ path: toolchain!.root });
  assert.equal(tc.kind, 'path');
  assert.match(tc.versionLine, /^rustc \d+\.\d+\.\d+/);
  assert.equal(tc.host, 'x86_64-unknown-linux-gnu');
  if (tc.channel !== 'nightly') assert.equal(tc.needsBootstrap, true);
  assert.equal(tc.rustSrc, path.join(toolchain!.root, 'lib/rustlib/src/rust'));
  assert.equal(requireRustSrc(tc), tc.rustSrc);
});

test('a directory without rustc is refused with the path it looked at', async () => {
  const dir = tempDir('notc');
  await assert.rejects(resolveToolchain({ path: dir }), new RegExp(`no rustc \\(looked for ${dir}/bin/rustc\\)`));
});

test('a toolchain without rust-src is refused with the command that fixes it', async () => {
  // A real-looking toolchain: rustc and cargo are scripts printing a nightly's -vV.
  const root = tempDir('nosrc');
  mkdirSync(path.join(root, 'bin'));
  const rustc = path.join(root, 'bin', 'rustc');
  writeFileSync(
    rustc,
    '#!/bin/sh\nprintf "rustc 1.97.0-nightly (e50aa6fba 2026-05-19)\\nbinary: rustc\\nhost: x86_64-unknown-linux-gnu\\nrelease: 1.97.0-nightly\\n"\n',
  );
  writeFileSync(path.join(root, 'bin', 'cargo'), '#!/bin/sh\n');
  chmodSync(rustc, 0o755);
  const tc = await resolveToolchain({ path: root });
  assert.equal(tc.channel, 'nightly');
  assert.equal(tc.needsBootstrap, false);
  assert.equal(tc.rustSrc, undefined);
  assert.throws(() => requireRustSrc(tc), /has no rust-src, which -Z build-std needs — install rust-src/);
});

test('an unknown rustup toolchain is a clear error', async (t) => {
  try {
    await resolveToolchain({ name: 'nightly-1999-01-01' });
    assert.fail('expected an error');
  } catch (err) {
    const msg = (err as Error).message;
    if (/ENOENT/.test(msg)) return t.skip('rustup is not installed');
    assert.match(msg, /rustup toolchain 'nightly-1999-01-01' is not usable/);
  }
});
