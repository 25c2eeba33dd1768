// The key of a real workspace's build command, read through real cargo (no std is built):
// every flag, spec byte and profile setting that reaches std changes it, link-only settings
// do not, and whatever cannot be read exactly is refused rather than guessed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveToolchain, type Toolchain } from '../../src/toolchain/resolve.js';
import { NotPrebuildable } from '../../src/std-sysroot/context.js';
import { sysrootKey } from '../../src/std-sysroot/request.js';
import { contextFor } from '../../src/std-sysroot/run.js';
import { tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { scriptCargo, writeUserRs } from '../helpers/user-rs-files.js';

const { toolchain, skip } = toolchainOrSkip();

async function setup(): Promise<{ dir: string; tc: Toolchain; env: NodeJS.ProcessEnv; key: () => Promise<string> }> {
  const tc = await resolveToolchain({ path: toolchain!.root });
  const dir = tempDir('sysroot-key');
  await writeUserRs(dir, tc);
  const env: NodeJS.ProcessEnv = { ...process.env, RUSTC_BOOTSTRAP: '1', RUSTC: tc.rustc };
  for (const k of ['RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'OSTOO_CACHE_DIR']) delete env[k];
  const key = async (): Promise<string> => sysrootKey((await contextFor(scriptCargo(dir, tc.cargo), dir, env)).request);
  return { dir, tc, env, key };
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${from} in ${file}`);
  writeFileSync(file, next);
}

test(
  'a changed flag, spec byte, feature or profile setting gives a new key; link-only ones do not',
  { skip },
  async () => {
    const { dir, key } = await setup();
    const common = path.join(dir, 'user-rs/.cargo/common.toml');
    const manifest = path.join(dir, 'user-rs/Cargo.toml');
    const spec = path.join(dir, 'user-rs/x86_64-ostoo-user.json');
    const seen = new Map<string, string>();
    const expectNew = async (what: string): Promise<void> => {
      const k = await key();
      assert.ok(
        ![...seen.values()].includes(k),
        `${what}: a new key (got the one of ${[...seen].find(([, v]) => v === k)?.[0]})`,
      );
      seen.set(what, k);
    };
    const expectSame = async (what: string, as: string): Promise<void> => assert.equal(await key(), seen.get(as), what);

    await expectNew('generated');
    edit(common, '"-Clink-arg=-Wl,--build-id=none", #', '"-Clink-arg=-Wl,--build-id=sha1", #');
    edit(common, '"-L", "native=', '"-L", "native=../elsewhere/../');
    await expectSame('a link argument and a search path', 'generated');
    edit(manifest, 'lto = true', 'lto = false');
    edit(manifest, 'strip = true', 'strip = false');
    await expectSame('lto and strip', 'generated');

    edit(common, '"-Zlocation-detail=none", #', '"-Zlocation-detail=file", #');
    await expectNew('location-detail');
    edit(common, 'build-std-features = ["optimize_for_size"]', 'build-std-features = []');
    await expectNew('optimize_for_size off');
    edit(manifest, 'opt-level = "s"', 'opt-level = "z"');
    await expectNew('opt-level');
    edit(common, /rustflags = \[/, 'rustflags = [\n    "-Ctarget-cpu=x86-64-v2",');
    await expectNew('target-cpu');
    edit(spec, /\n}\s*$/, ',\n  "metadata": {"description": "changed"}\n}\n');
    await expectNew('one more key in the spec');
    const bytes = readFileSync(spec);
    writeFileSync(spec, Buffer.concat([bytes, Buffer.from('\n')]));
    await expectNew('a spec byte (a trailing newline)');
  },
);

test('RUSTFLAGS replaces the config rustflags, as cargo does', { skip }, async () => {
  const { dir, tc, env, key } = await setup();
  const before = await key();
  const ctx = await contextFor(scriptCargo(dir, tc.cargo), dir, {
    ...env,
    RUSTFLAGS: '-Zlocation-detail=none -Clink-arg=-s',
  });
  assert.deepEqual(ctx.rustflags, ['-Zlocation-detail=none', '-Clink-arg=-s']);
  assert.deepEqual(ctx.request.rustflags, ['-Zlocation-detail=none']);
  assert.notEqual(sysrootKey(ctx.request), before);
});

test('what cannot be read exactly is refused, not guessed', { skip }, async () => {
  const { dir, tc, env } = await setup();
  const refused = async (argv: string[], cwd: string, e: NodeJS.ProcessEnv, why: RegExp): Promise<void> => {
    await assert.rejects(contextFor(argv, cwd, e), (err: unknown) => {
      assert.ok(err instanceof NotPrebuildable, String(err));
      assert.match(err.message, why);
      return true;
    });
  };
  // In user-rs/ cargo reads config.toml, whose build-std no command line can switch off.
  await refused(scriptCargo(dir, tc.cargo), path.join(dir, 'user-rs'), env, /sets unstable\.build-std/);
  await refused(
    scriptCargo(dir, tc.cargo),
    dir,
    { ...env, CARGO_PROFILE_RELEASE_OPT_LEVEL: '3' },
    /CARGO_PROFILE_RELEASE_OPT_LEVEL set in the environment/,
  );
  await refused(scriptCargo(dir, tc.cargo).slice(0, -1), dir, env, /no -Z build-std/);
  appendFileSync(
    path.join(dir, 'user-rs/.cargo/common.toml'),
    '\n[target.\'cfg(target_os = "linux")\']\nrustflags = ["-Copt-level=1"]\n',
  );
  await refused(scriptCargo(dir, tc.cargo), dir, env, /cfg-keyed rustflags/);
});

test(
  'a spec that is not a regular file is refused at once, not read (a FIFO would block)',
  { skip, timeout: 60_000 },
  async () => {
    const { dir, tc, env } = await setup();
    const spec = path.join(dir, 'user-rs', 'x86_64-ostoo-user.json');
    rmSync(spec);
    execFileSync('mkfifo', [spec]);
    await assert.rejects(contextFor(scriptCargo(dir, tc.cargo), dir, env), (err: unknown) => {
      assert.ok(err instanceof NotPrebuildable, String(err));
      assert.match(err.message, /cannot read .*x86_64-ostoo-user\.json: .*not a regular file/);
      return true;
    });
  },
);
