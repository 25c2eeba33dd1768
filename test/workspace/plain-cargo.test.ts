// A plain `cargo build` / `cargo run` inside user-rs/, as a user (or
// rust-analyzer) runs it, with a toolchain that is not a nightly (CI: Debian's rustc-web at
// /usr) and no RUSTC_BOOTSTRAP in the environment, also after a failed first run has left
// cargo's cached probe of rustc in target/.rustc_info.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();

/** The user's shell: the pinned toolchain first on PATH, no RUSTC_BOOTSTRAP, RUSTC or CARGO. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['RUSTC_BOOTSTRAP', 'RUSTC', 'CARGO', 'RUSTUP_TOOLCHAIN', 'CARGO_TARGET_DIR', 'RUSTFLAGS'])
    delete env[k];
  env.PATH = `${path.join(toolchain!.root, 'bin')}${path.delimiter}${env.PATH ?? ''}`;
  return { ...env, ...extra };
}

test(
  'plain cargo build and cargo run in user-rs/ work with a non-nightly toolchain, also after a failed first run',
  { skip, timeout: 20 * 60_000 },
  async () => {
    const dir = path.join(tempDir('plain-cargo'), 'demo');
    await execa(process.execPath, [ostooBin, 'new', dir, '--yes', '--toolchain-path', toolchain!.root]);
    const ws = path.join(dir, 'user-rs');
    await execa(process.execPath, [ostooBin, 'program', 'std-args', '--std'], { cwd: ws });
    copyFileSync(
      path.join(repoRoot, 'test', 'fixtures', 'user-rs', 'std-args.rs'),
      path.join(ws, 'std-args', 'src', 'main.rs'),
    );

    // The conventional file for a cargo that checks RUSTC_BOOTSTRAP itself (direnv).
    assert.match(readFileSync(path.join(ws, '.envrc'), 'utf8'), /^export RUSTC_BOOTSTRAP=1$/m);

    // A failed first run with a target/ in place: cargo caches rustc's refusal of -Z.
    mkdirSync(path.join(ws, 'target'));
    const failed = await execa(toolchain!.cargo, ['build'], {
      cwd: ws,
      env: userEnv({ RUSTC_BOOTSTRAP: '0' }),
      extendEnv: false,
      reject: false,
      all: true,
    });
    assert.notEqual(failed.exitCode, 0, 'RUSTC_BOOTSTRAP=0 makes the first run fail');
    assert.ok(existsSync(path.join(ws, 'target', '.rustc_info.json')), 'the failed probe is cached');

    // Then the plain commands, with nothing in the environment.
    const build = await execa(toolchain!.cargo, ['build'], {
      cwd: ws,
      env: userEnv(),
      extendEnv: false,
      all: true,
    }).catch((err) => assert.fail(`cargo build failed:\n${err.all ?? err.message}`));
    assert.match(build.all!, /Finished `dev` profile/);
    const run = await execa(toolchain!.cargo, ['run', '-q', '-p', 'std-args', '--', 'one', 'two'], {
      cwd: ws,
      env: userEnv({ OSTOO_GREETING: 'hi' }),
      extendEnv: false,
      all: true,
    }).catch((err) => assert.fail(`cargo run failed:\n${err.all ?? err.message}`));
    assert.match(run.stdout, /^args: \[".*std-args", "one", "two"\]$/m);
    assert.match(run.stdout, /^OSTOO_GREETING=hi$/m);
    const noStd = await execa(toolchain!.cargo, ['run', '-q', '-p', 'hello-rs'], {
      cwd: ws,
      env: userEnv(),
      extendEnv: false,
      all: true,
    }).catch((err) => assert.fail(`cargo run -p hello-rs failed:\n${err.all ?? err.message}`));
    assert.match(noStd.stdout, /Hello from Rust on ostoo!/);
  },
);
