// rustup acceptance: after `ostoo toolchain install`, the real rustup sees the toolchain as
// installed, with the locked components, and downloads nothing (its dist server is a dead port).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fixture, type Fixture } from '../helpers/fixture.js';
import { CARGO_VERSION, NAME, RUSTC_VERSION } from '../helpers/dist-server.js';
import { ostooBin } from '../helpers/paths.js';

const run = promisify(execFile);
const bin = ostooBin;
const cargoBin = process.env.CARGO_HOME
  ? path.join(process.env.CARGO_HOME, 'bin')
  : path.join(os.homedir(), '.cargo', 'bin');
const rustup = path.join(cargoBin, 'rustup');
const skip = existsSync(rustup) ? false : `no rustup at ${rustup}`;

function rustupEnv(f: Fixture): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RUSTUP_HOME: f.rustupHome,
    RUSTUP_DIST_SERVER: 'http://127.0.0.1:9',
    RUSTUP_UPDATE_ROOT: 'http://127.0.0.1:9/rustup',
    RUSTUP_TOOLCHAIN: '',
  };
}

async function acceptance(f: Fixture): Promise<void> {
  await mkdir(f.rustupHome, { recursive: true });
  await writeFile(path.join(f.rustupHome, 'settings.toml'), 'version = "12"\nprofile = "minimal"\n');
  const env = { ...process.env, RUSTUP_HOME: f.rustupHome };
  await run(
    process.execPath,
    [
      bin,
      'toolchain',
      'install',
      NAME,
      '--lockfile',
      f.lockfile,
      '--dist-server',
      f.server.url,
      '--cache',
      f.cacheDir,
      '--quiet',
    ],
    { env },
  );
  const served = f.server.log.length;

  const renv = rustupEnv(f);
  delete renv.RUSTUP_TOOLCHAIN;
  const version = await run(rustup, ['run', NAME, 'rustc', '--version'], { env: renv });
  assert.equal(version.stdout.trim(), `rustc ${RUSTC_VERSION}`);

  const list = await run(rustup, ['component', 'list', '--installed', '--toolchain', NAME], { env: renv });
  const installed = list.stdout.trim().split('\n').sort();
  assert.deepEqual(
    installed,
    [
      `cargo-${f.host}`,
      `llvm-tools-${f.host}`,
      'rust-src',
      `rust-std-${f.host}`,
      'rust-std-x86_64-unknown-linux-musl',
      `rustc-${f.host}`,
    ].sort(),
  );

  const cargo = await run(path.join(cargoBin, 'cargo'), [`+${NAME}`, '--version'], { env: renv });
  assert.equal(cargo.stdout.trim(), `cargo ${CARGO_VERSION}`);

  const ws = path.join(f.root, 'ws');
  await mkdir(ws, { recursive: true });
  await writeFile(
    path.join(ws, 'rust-toolchain.toml'),
    `[toolchain]\nchannel = "${NAME}"\ncomponents = ["rust-src", "llvm-tools"]\ntargets = ["x86_64-unknown-linux-musl"]\n`,
  );
  const viaFile = await run(path.join(cargoBin, 'rustc'), ['--version'], { env: renv, cwd: ws });
  assert.equal(viaFile.stdout.trim(), `rustc ${RUSTC_VERSION}`);
  const active = await run(rustup, ['show', 'active-toolchain'], { env: renv, cwd: ws });
  assert.match(active.stdout, new RegExp(`^${NAME}-${f.host}`));

  assert.equal(f.server.log.length, served, 'ostoo fetched nothing more');
  assert.ok(
    !existsSync(path.join(f.rustupHome, 'downloads')) ||
      (await import('node:fs/promises')).readdir(path.join(f.rustupHome, 'downloads')).then((l) => l.length === 0),
  );
}

test(
  'rustup sees an ostoo-installed toolchain (with the real channel manifest) and downloads nothing',
  { skip },
  async () => {
    const f = await fixture();
    try {
      await acceptance(f);
    } finally {
      await f.cleanup();
    }
  },
);

test('rustup sees an ostoo-installed toolchain (with the manifest synthesized from the lock)', { skip }, async () => {
  const f = await fixture();
  try {
    const text = await readFile(f.lockfile, 'utf8');
    await writeFile(f.lockfile, text.replace(/^manifest_sha256 = .*$/m, ''));
    await acceptance(f);
  } finally {
    await f.cleanup();
  }
});
