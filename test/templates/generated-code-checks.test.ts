// Generated code passes the ecosystem's own checks, run for real on generated trees:
// rustfmt --check per crate edition, cargo fmt --check and cargo clippy (-D warnings) inside a
// user-rs workspace pinned with --toolchain-path, and shellcheck on every generated script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { which } from '../../src/util/which.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();

/** rustfmt, cargo-fmt and cargo-clippy beside the toolchain's rustc, and shellcheck on PATH. */
async function lintTools(): Promise<{ skip: string | false; shellcheck?: string }> {
  if (noToolchain) return { skip: noToolchain };
  const bin = path.join(toolchain!.root, 'bin');
  const missing = ['rustfmt', 'cargo-fmt', 'cargo-clippy'].filter((t) => !existsSync(path.join(bin, t)));
  const shellcheck = which('shellcheck');
  if (!shellcheck) missing.push('shellcheck');
  if (!missing.length) return { skip: false, shellcheck };
  if (process.env.OSTOO_REQUIRE_TOOLCHAIN === '1')
    throw new Error(
      `OSTOO_REQUIRE_TOOLCHAIN=1 but ${missing.join(', ')} not found (apt-get install rustfmt-web rust-web-clippy shellcheck)`,
    );
  return { skip: `missing ${missing.join(', ')} (apt-get install rustfmt-web rust-web-clippy shellcheck)` };
}
const tools = await lintTools();

const ostoo = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, all: true }).catch((err) =>
    assert.fail(`ostoo ${args.join(' ')} failed:\n${err.all ?? err.message}`),
  );

function filesUnder(dir: string, pred: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'target' || entry === 'sysroot') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, pred));
    else if (pred(full)) out.push(full);
  }
  return out;
}

/** The edition of the crate a source file belongs to (its nearest Cargo.toml with [package]). */
function editionOf(file: string): string {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'Cargo.toml');
    if (existsSync(manifest)) {
      const text = readFileSync(manifest, 'utf8');
      if (/^\[package\]/m.test(text)) return /^edition\s*=\s*"(\d+)"/m.exec(text)?.[1] ?? '2015';
    }
  }
  throw new Error(`no crate for ${file}`);
}

async function assertRustfmtClean(root: string): Promise<void> {
  const sources = filesUnder(root, (f) => f.endsWith('.rs'));
  assert.ok(sources.length > 0);
  const rustfmt = path.join(toolchain!.root, 'bin', 'rustfmt');
  for (const file of sources) {
    const res = await execa(rustfmt, ['--check', '--color', 'never', '--edition', editionOf(file), file], {
      reject: false,
      all: true,
    });
    assert.equal(res.exitCode, 0, `rustfmt --check ${path.relative(root, file)}:\n${res.all}`);
  }
}

async function assertShellcheckClean(root: string): Promise<void> {
  // Scripts by name, and executables without one (tools/rust/xargo) by their shebang.
  const scripts = filesUnder(
    root,
    (f) => f.endsWith('.sh') || readFileSync(f, 'latin1').startsWith('#!/usr/bin/env bash'),
  );
  assert.ok(scripts.length > 0);
  const res = await execa(tools.shellcheck!, scripts, { reject: false, all: true });
  assert.equal(res.exitCode, 0, `shellcheck:\n${res.all}`);
}

test(
  'user-rs: rustfmt, cargo fmt --check, cargo clippy -D warnings and shellcheck are clean',
  { skip: tools.skip, timeout: 15 * 60_000 },
  async () => {
    const dir = path.join(tempDir('lint'), 'kernel');
    await ostoo(['new', dir, '--yes', '--toolchain-path', toolchain!.root, '--skip-sysroot'], process.cwd());
    const ws = path.join(dir, 'user-rs');
    await ostoo(['program', 'tool-a'], ws);
    await ostoo(['program', 'tool-b', '--std'], ws);
    await assertRustfmtClean(ws);
    await assertShellcheckClean(dir);

    // cargo finds cargo-fmt and cargo-clippy on PATH; the toolchain's own bin comes first.
    const env = { PATH: `${path.join(toolchain!.root, 'bin')}:${process.env.PATH}`, RUSTC_BOOTSTRAP: '1' };
    const fmt = await execa(toolchain!.cargo, ['fmt', '--check'], { cwd: ws, env, reject: false, all: true });
    assert.equal(fmt.exitCode, 0, `cargo fmt --check:\n${fmt.all}`);
    const clippy = await execa(toolchain!.cargo, ['clippy', '--offline', '--', '-D', 'warnings'], {
      cwd: ws,
      env,
      reject: false,
      all: true,
    });
    assert.equal(clippy.exitCode, 0, `cargo clippy:\n${clippy.all}`);
    assert.doesNotMatch(clippy.all!, /^warning/m);
  },
);

test(
  'camkes: every generated .rs passes rustfmt --check and every script shellcheck, an added component included',
  { skip: tools.skip, timeout: 5 * 60_000 },
  async () => {
    const dir = path.join(tempDir('lint-camkes'), 'proj');
    await ostoo(['new', dir, '--flavor', 'camkes', '--yes', '--toolchain-path', toolchain!.root], process.cwd());
    await ostoo(['camkes-component', 'counter'], dir);
    assert.ok(existsSync(path.join(dir, 'apps', 'hellorust', 'components', 'counter')), 'the component was added');
    await assertRustfmtClean(dir);
    await assertShellcheckClean(dir);
    // tools/xargo is a host program (seL4_tools builds it with cargo): clippy-clean too.
    const clippy = await execa(toolchain!.cargo, ['clippy', '--offline', '--', '-D', 'warnings'], {
      cwd: path.join(dir, 'tools', 'xargo'),
      env: { PATH: `${path.join(toolchain!.root, 'bin')}:${process.env.PATH}` },
      reject: false,
      all: true,
    });
    assert.equal(clippy.exitCode, 0, `cargo clippy in tools/xargo:\n${clippy.all}`);
    assert.doesNotMatch(clippy.all!, /^warning/m);
  },
);
