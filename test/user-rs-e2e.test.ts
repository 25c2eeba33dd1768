// End to end with a real toolchain: generate, run the generated build script (one cargo
// build of both tiers with -Z build-std), run the programs, verify the ELF files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from './helpers/paths.js';
import { toolchainOrSkip } from './helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

test('ostoo new + scripts/user-rs-build.sh: both programs build, run and verify', { skip, timeout: 15 * 60_000 }, async () => {
  const dir = path.join(tempDir('e2e'), 'kernel');
  const gen = await execa(process.execPath, [ostooBin, 'new', dir, '--yes', '--toolchain-path', toolchain!.root]);
  assert.match(gen.stdout, /musl sysroot ready/);

  // Put `ostoo` on PATH so the build script verifies what it deploys.
  const binDir = tempDir('bin');
  symlinkSync(ostooBin, path.join(binDir, 'ostoo'));
  mkdirSync(path.join(dir, 'user'), { recursive: true });
  const build = await execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')], {
    env: { PATH: `${binDir}:${process.env.PATH}` },
    all: true,
  }).catch((err) => assert.fail(`build failed:\n${err.all ?? err.message}`));
  assert.match(build.stdout, /^hello-rs\s+\d+ bytes/m);
  assert.match(build.stdout, /^hello-std\s+\d+ bytes/m);
  assert.doesNotMatch(build.stdout, /FAIL/);
  assert.match(build.stdout, /ok\s+entry: /);

  const helloRs = await execa(path.join(dir, 'user/hello-rs'));
  assert.equal(helloRs.stdout, 'Hello from Rust on ostoo!\nHeap works: 42');
  const helloStd = await execa(path.join(dir, 'user/hello-std'));
  assert.equal(helloStd.stdout, 'Hello from Rust std on ostoo!\nHashMap works: {"key": 42}');

  const verify = await execa(process.execPath, [ostooBin, 'verify', path.join(dir, 'user/hello-rs'), path.join(dir, 'user/hello-std')]);
  assert.doesNotMatch(verify.stdout, /FAIL/);
  for (const prog of ['hello-rs', 'hello-std']) {
    const { stdout } = await execa('file', [path.join(dir, 'user', prog)]);
    assert.match(stdout, /ELF 64-bit LSB executable, x86-64.*statically linked/);
    assert.doesNotMatch(stdout, /interpreter/);
  }
  // Generous bounds; the size goals are checked by bench/sizes.
  assert.ok(statSync(path.join(dir, 'user/hello-rs')).size < 64 * 1024);
  assert.ok(statSync(path.join(dir, 'user/hello-std')).size < 1024 * 1024);

  // The sysroot script is idempotent.
  const again = await execa('bash', [path.join(dir, 'scripts/extract-musl-sysroot.sh')]);
  assert.match(again.stdout, /musl sysroot present/);
});
