import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';
import { generatorPath, tempDir } from '../helpers/paths.js';
import { assertGeneratorRefuses } from '../helpers/tree.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const app = generatorPath('app');
const base = (): Record<string, unknown> => ({ yes: true, 'toolchain-path': toolchain!.root, 'skip-sysroot': true });
// yeoman-test types options as the base generator's; ours come from the command table.
const opts = (o: Record<string, unknown>) => o as Record<string, never>;
const assertRefused = (options: Record<string, unknown>, message: RegExp, prepare?: (dir: string) => void) =>
  assertGeneratorRefuses(app, { ...base(), ...options }, message, prepare);

test('writes the seed layout, pins the toolchain and stores its answers', { skip }, async () => {
  const result = await helpers.run(app).withOptions(opts(base()));
  const cwd = result.cwd;
  for (const f of [
    'user-rs/Cargo.toml',
    'user-rs/.cargo/config.toml',
    'user-rs/rust-toolchain.toml',
    'user-rs/x86_64-ostoo-user.json',
    'user-rs/rt/src/lib.rs',
    'user-rs/rt/src/alloc_impl.rs',
    'user-rs/rt-std/src/lib.rs',
    'user-rs/sys/src/syscall.rs',
    'user-rs/sys/src/io.rs',
    'user-rs/hello-rs/src/main.rs',
    'user-rs/hello-std/src/main.rs',
    'scripts/user-rs-build.sh',
    'scripts/extract-musl-sysroot.sh',
    'kernel-syscalls.txt',
    '.gitignore',
  ]) {
    assert.ok(existsSync(path.join(cwd, f)), `${f} written`);
  }
  for (const s of ['scripts/user-rs-build.sh', 'scripts/extract-musl-sysroot.sh']) {
    assert.equal(statSync(path.join(cwd, s)).mode & 0o111, 0o111, `${s} is executable`);
  }
  const cargo = readFileSync(path.join(cwd, 'user-rs/Cargo.toml'), 'utf8');
  for (const line of ['opt-level = "s"', 'lto = true', 'panic = "abort"', 'strip = true'])
    assert.ok(cargo.includes(line), line);
  // config.toml (a plain cargo build: build-std) includes common.toml (what the build script reads too).
  const config = readFileSync(path.join(cwd, 'user-rs/.cargo/config.toml'), 'utf8');
  const common = readFileSync(path.join(cwd, 'user-rs/.cargo/common.toml'), 'utf8');
  assert.match(config, /^include = \["common\.toml"\]$/m);
  assert.match(config, /build-std = \["std", "panic_abort"\]/);
  assert.match(common, /json-target-spec = true/);
  assert.match(common, /native=\.\.\/sysroot\/x86_64-ostoo-user\/lib/);
  assert.match(
    readFileSync(path.join(cwd, 'user-rs/rust-toolchain.toml'), 'utf8'),
    new RegExp(`path = "${toolchain!.root}"`),
  );
  assert.match(readFileSync(path.join(cwd, 'scripts/user-rs-build.sh'), 'utf8'), /export RUSTC_BOOTSTRAP=1/);
  assert.match(readFileSync(path.join(cwd, '.gitignore'), 'utf8'), /^\/sysroot\/$/m);
  const rc = JSON.parse(readFileSync(path.join(cwd, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
  assert.equal(rc.flavor, 'user-rs');
  assert.equal(rc.target, 'x86_64-ostoo-user');
  assert.deepEqual(
    rc.programs.map((p: { name: string }) => p.name),
    ['hello-rs', 'hello-std'],
  );
  assert.equal(rc.toolchain.kind, 'path');
});

test('--os names the target, the runtime crates and the greeting', { skip }, async () => {
  const result = await helpers.run(app).withOptions(opts({ ...base(), os: 'toyos', 'deploy-dir': 'out/bin' }));
  const cwd = result.cwd;
  const spec = JSON.parse(readFileSync(path.join(cwd, 'user-rs/x86_64-toyos-user.json'), 'utf8'));
  assert.equal(spec.vendor, 'toyos');
  assert.match(readFileSync(path.join(cwd, 'user-rs/rt/Cargo.toml'), 'utf8'), /^name = "toyos-rt"$/m);
  const hello = readFileSync(path.join(cwd, 'user-rs/hello-rs/src/main.rs'), 'utf8');
  assert.match(hello, /extern crate toyos_rt;/);
  assert.match(hello, /Hello from Rust on toyos!/);
  const buildScript = readFileSync(path.join(cwd, 'scripts/user-rs-build.sh'), 'utf8');
  assert.match(buildScript, /^deploy_default=out\/bin$/m);
  assert.match(buildScript, /^deploy="\$\{DEPLOY_DIR:-\$root\/\$deploy_default\}"$/m);
  // Only ostoo's syscall set is known; for another kernel the user writes kernel-syscalls.txt.
  assert.equal(existsSync(path.join(cwd, 'kernel-syscalls.txt')), false);
});

test(
  '--arch aarch64 / riscv64: target, spec, sysroot dir, verify --arch, stored answers; riscv64 without musl has no std program',
  { skip },
  async () => {
    for (const arch of ['aarch64', 'riscv64']) {
      const result = await helpers
        .run(app)
        .withOptions(opts({ ...base(), arch, ...(arch === 'riscv64' ? { musl: 'auto' } : {}) }));
      const cwd = result.cwd;
      const spec = JSON.parse(readFileSync(path.join(cwd, `user-rs/${arch}-ostoo-user.json`), 'utf8'));
      assert.equal(spec.arch, arch);
      assert.equal(existsSync(path.join(cwd, 'user-rs/x86_64-ostoo-user.json')), false);
      assert.match(
        readFileSync(path.join(cwd, 'user-rs/.cargo/common.toml'), 'utf8'),
        new RegExp(`native=\\.\\./sysroot/${arch}-ostoo-user/lib`),
      );
      assert.match(
        readFileSync(path.join(cwd, 'scripts/user-rs-build.sh'), 'utf8'),
        new RegExp(`verify --arch ${arch} `),
      );
      const rc = JSON.parse(readFileSync(path.join(cwd, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
      assert.equal(rc.arch, arch);
      assert.equal(rc.target, `${arch}-ostoo-user`);
      const programs = rc.programs.map((p: { name: string }) => p.name);
      if (arch === 'riscv64' && !existsSync('/usr/lib/riscv64-linux-musl/libc.a')) {
        assert.deepEqual(programs, ['hello-rs']);
        assert.equal(existsSync(path.join(cwd, 'user-rs/hello-std')), false);
        assert.match(readFileSync(path.join(cwd, 'scripts/extract-musl-sysroot.sh'), 'utf8'), /^default_kind=none$/m);
      } else {
        assert.deepEqual(programs, ['hello-rs', 'hello-std']);
      }
    }
  },
);

test('--arch riscv64 --musl-path DIR: both tiers are generated, the sysroot copies from DIR', { skip }, async () => {
  const musl = tempDir('rv-musl');
  writeFileSync(path.join(musl, 'libc.a'), '!<arch>\n');
  const result = await helpers.run(app).withOptions(opts({ ...base(), arch: 'riscv64', 'musl-path': musl }));
  const rc = JSON.parse(readFileSync(path.join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-ostoo'];
  assert.deepEqual(
    rc.programs.map((p: { name: string }) => p.name),
    ['hello-rs', 'hello-std'],
  );
  assert.equal(rc.muslKind, 'system');
  assert.ok(existsSync(path.join(result.cwd, 'user-rs/hello-std/src/main.rs')));
  assert.match(
    readFileSync(path.join(result.cwd, 'scripts/extract-musl-sysroot.sh'), 'utf8'),
    new RegExp(`^default_lib=${musl.replace(/[.]/g, '\\.')}$`, 'm'),
  );
});

test(
  'refuses an unknown --arch for user-rs, and --musl system for riscv64 (no Debian package) names the alternatives',
  { skip },
  async () => {
    await assertRefused({ arch: 'ia32' }, /--arch must be one of x86_64, aarch64, riscv64 \(got 'ia32'\)/);
    await assertRefused(
      { arch: 'riscv64', musl: 'system' },
      /no system musl found for riscv64 — Debian packages none: use --musl-path DIR, --musl rust-std or --musl none/,
    );
  },
);

test('refuses invalid OS names and leaves nothing behind', { skip }, async () => {
  await assertRefused({ os: 'My OS' }, /OS name 'My OS' contains white space/);
  await assertRefused({ os: '9os' }, /starts with a digit/);
  await assertRefused({ os: 'ToyOS' }, /uppercase/);
  await assertRefused({ os: 'crate' }, /Rust keyword/);
  await assertRefused({ 'deploy-dir': '../outside' }, /deploy directory '\.\.\/outside' must be a relative path/);
});

test('refuses a non-empty destination; --into-existing never overwrites', { skip }, async () => {
  await assertRefused({}, /is not empty \(kernel\.c\).*--into-existing/, (d) =>
    writeFileSync(path.join(d, 'kernel.c'), 'int main;\n'),
  );
  await assertRefused({ 'into-existing': true }, /refusing to overwrite existing user-rs/, (d) => {
    mkdirSync(path.join(d, 'user-rs'));
    writeFileSync(path.join(d, 'user-rs', 'Cargo.toml'), '# mine\n');
  });
  // A kernel tree without clashes is fine, and its own .gitignore is kept and extended.
  const result = await helpers
    .run(app)
    .inTmpDir((d) => {
      writeFileSync(path.join(d, 'kernel.c'), 'int main;\n');
      writeFileSync(path.join(d, '.gitignore'), '/build/\n');
    })
    .withOptions(opts({ ...base(), 'into-existing': true }));
  assert.equal(readFileSync(path.join(result.cwd, 'kernel.c'), 'utf8'), 'int main;\n');
  assert.match(readFileSync(path.join(result.cwd, '.gitignore'), 'utf8'), /^\/build\/\n[^]*\/sysroot\//);
});

test('refuses a toolchain without rust-src, naming the fix', { skip }, async () => {
  const root = tempDir('nosrc-tc');
  mkdirSync(path.join(root, 'bin'));
  writeFileSync(
    path.join(root, 'bin', 'rustc'),
    '#!/bin/sh\nprintf "rustc 1.97.0-nightly (x 2026-05-19)\\nhost: x86_64-unknown-linux-gnu\\nrelease: 1.97.0-nightly\\n"\n',
  );
  writeFileSync(path.join(root, 'bin', 'cargo'), '#!/bin/sh\n');
  chmodSync(path.join(root, 'bin', 'rustc'), 0o755);
  await assertRefused({ 'toolchain-path': root }, /has no rust-src, which -Z build-std needs/);
  await assertRefused({ 'toolchain-path': path.join(root, 'missing') }, /has no rustc/);
  await assertRefused({ toolchain: 'nightly', 'toolchain-path': root }, /either --toolchain or --toolchain-path/);
  await assertRefused(
    { flavor: 'zephyr' },
    /--flavor must be one of user-rs, camkes, camkes-cmake, microkit \(got 'zephyr'\)/,
  );
  // Pinned in the shipped lock but not installed, and installing is off: a clear error, nothing written.
  await assertRefused(
    { 'toolchain-path': undefined, toolchain: 'nightly-2026-05-20', 'skip-install': true, 'rustup-home': undefined },
    /nightly-2026-05-20/,
  );
});
