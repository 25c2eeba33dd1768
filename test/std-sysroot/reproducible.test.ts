// Two builds of one key, from two workspaces in different directories into two caches, give
// byte-identical rlibs (same manifest: every path and sha256), also when one of them asks for
// LTO. A small key (core and compiler_builtins for the user-rs spec) keeps it quick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveToolchain } from '../../src/toolchain/resolve.js';
import { serializeSpec } from '../../src/target-spec/spec.js';
import { deriveSpecFor } from '../../src/workspace/user-rs.js';
import { ensureSysroot } from '../../src/std-sysroot/ensure.js';
import { sysrootKey } from '../../src/std-sysroot/request.js';
import { contextFor } from '../../src/std-sysroot/run.js';
import { tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

test(
  'one key built twice, in other directories and caches: the same bytes',
  { skip, timeout: 20 * 60_000 },
  async () => {
    const tc = await resolveToolchain({ path: toolchain!.root });
    const spec = serializeSpec(await deriveSpecFor(tc, 'ostoo'));
    const env: NodeJS.ProcessEnv = { ...process.env, RUSTC_BOOTSTRAP: '1', RUSTC: tc.rustc };
    for (const k of ['RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS']) delete env[k];
    const builds = [];
    // The second one also asks for LTO (as Kbuild's rust.mk does with --config): not part of
    // the key, and the builder keeps machine code next to the bitcode regardless.
    for (const [where, extra] of [
      ['a', []],
      ['somewhere-else/deeper', ['--config', 'profile.release.lto=true']],
    ] as const) {
      const dir = path.join(tempDir('repro'), where);
      mkdirSync(path.join(dir, 'src'), { recursive: true });
      writeFileSync(
        path.join(dir, 'Cargo.toml'),
        '[package]\nname = "tiny"\nversion = "0.1.0"\nedition = "2021"\n\n[profile.release]\nopt-level = "s"\npanic = "abort"\n',
      );
      writeFileSync(path.join(dir, 'src/lib.rs'), '#![no_std]\n');
      // std's dependencies from the toolchain's vendored copy (offline), as the workspaces do.
      if (tc.vendorDir) {
        mkdirSync(path.join(dir, '.cargo'));
        writeFileSync(
          path.join(dir, '.cargo/config.toml'),
          `[source.crates-io]\nreplace-with = "v"\n\n[source.v]\ndirectory = ${JSON.stringify(tc.vendorDir)}\n`,
        );
      }
      writeFileSync(path.join(dir, 'x86_64-ostoo-user.json'), spec);
      const argv = [
        tc.cargo,
        'build',
        '--release',
        '--target',
        'x86_64-ostoo-user.json',
        '-Zbuild-std=core,compiler_builtins',
        '-Zjson-target-spec',
        ...extra,
      ];
      const ctx = await contextFor(argv, dir, env);
      const got = await ensureSysroot(ctx, { cacheDir: tempDir('repro-cache'), info: () => {} });
      assert.equal(got.how, 'built');
      builds.push({ key: sysrootKey(ctx.request), files: got.sysroot.manifest.files });
      // Machine code (an ELF object), not LLVM bitcode alone, even when LTO was asked for.
      const core = got.sysroot.manifest.files.find((f) => /\/libcore-[0-9a-f]+\.rlib$/.test(f.path))!;
      assert.ok(readFileSync(path.join(got.sysroot.dir, core.path)).includes(Buffer.from('\x7fELF', 'latin1')));
    }
    const [a, b] = builds;
    assert.equal(a!.key, b!.key, 'the directory is not part of the key');
    assert.deepEqual(a!.files, b!.files);
  },
);
