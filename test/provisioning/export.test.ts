// `ostoo toolchain export OUT NAME`: an installed toolchain becomes a dist tree that ostoo and
// the real rustup install from, end to end, with a runnable rustc. The tree is honest: the
// manifest is marked as repacked and lists the sha256 of the archives it holds, and the lock
// written beside it pins those hashes, not upstream's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { installToolchain } from '../../src/provisioning/install.js';
import { verifyToolchain } from '../../src/provisioning/status.js';
import { hashFile } from '../../src/provisioning/mirror-tree.js';
import { readLock } from '../../src/lock/file.js';
import { detectHost } from '../../src/lock/toolchain-names.js';
import { COMPRESSIONS } from '../../src/lock/schema.js';
import { EXPORT_MARKER, REPACKED_NOTE } from '../../src/provisioning/export.js';
import { fixture } from '../helpers/fixture.js';
import { errorLine, ostoo } from '../helpers/cli.js';
import { DATE, NAME, RUSTC_VERSION } from '../helpers/dist-server.js';

const run = promisify(execFile);
const cargoBin = process.env.CARGO_HOME
  ? path.join(process.env.CARGO_HOME, 'bin')
  : path.join(os.homedir(), '.cargo', 'bin');
const rustup = path.join(cargoBin, 'rustup');
const required = process.env.OSTOO_REQUIRE_TOOLCHAIN === '1';
function need(ok: boolean, why: string): string | false {
  if (ok) return false;
  if (required) throw new Error(`OSTOO_REQUIRE_TOOLCHAIN=1 but ${why}`);
  return why;
}
const noRustup = need(existsSync(rustup), `no rustup at ${rustup}`);
const realHome = process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup');
const realNightly = path.join(realHome, 'toolchains', `nightly-${detectHost()}`);
const noNightly = need(existsSync(path.join(realNightly, 'bin', 'rustc')), `no rustup nightly at ${realNightly}`);

/** What an export's manifest and lock say, checked against the files in the tree. */
async function checkHonest(out: string, name: string, upstreamHashes: Set<string>): Promise<void> {
  const date = name.replace(/^[a-z]+-/, '');
  const text = await readFile(path.join(out, `dist/${date}/channel-rust-nightly.toml`), 'utf8');
  assert.match(text, /^# .*\n# REPACKED: /);
  const m = parseToml(text) as {
    pkg: Record<string, { target: Record<string, { url?: string; hash?: string }> }>;
    [EXPORT_MARKER]: { repacked: boolean };
  };
  assert.equal(m[EXPORT_MARKER].repacked, true);
  const listed = new Map<string, string>();
  for (const p of Object.values(m.pkg))
    for (const t of Object.values(p.target)) if (t.url && t.hash) listed.set(t.url, t.hash);
  assert.ok(listed.size >= 3, 'rustc, cargo and rust-std at least');
  for (const [url, hash] of listed) {
    const file = path.join(out, new URL(url).pathname);
    assert.equal(await hashFile(file), hash, `${url}: the manifest lists the archive's own sha256`);
    assert.ok(!upstreamHashes.has(hash), `${url}: not upstream's hash`);
  }
  const undated = await readFile(path.join(out, 'dist/channel-rust-nightly.toml'), 'utf8');
  assert.equal(undated, text);
  const sum = await readFile(path.join(out, `dist/${date}/channel-rust-nightly.toml.sha256`), 'utf8');
  assert.match(sum, /^[0-9a-f]{64} {2}channel-rust-nightly\.toml\n$/);

  const lock = await readLock(path.join(out, 'toolchains.lock'));
  const entry = lock.toolchains[name];
  assert.ok(entry, `the export's lock pins ${name}`);
  const hosts = Object.values(entry.hosts);
  assert.equal(hosts.length, 1);
  assert.deepEqual(hosts[0]?.notes, [REPACKED_NOTE]);
  const pinned = hosts[0]!.artifacts.flatMap((a) =>
    COMPRESSIONS.flatMap((c) => (a[c] ? [[a[c].url, a[c].sha256]] : [])),
  );
  assert.deepEqual(new Map(pinned as [string, string][]), listed, 'the lock pins exactly the exported archives');
}

async function rustupInstall(out: string, name: string, home: string): Promise<string> {
  await mkdir(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RUSTUP_HOME: home,
    RUSTUP_DIST_SERVER: new URL(`file://${out}`).href,
    RUSTUP_UPDATE_ROOT: 'http://127.0.0.1:9/rustup',
  };
  delete env.RUSTUP_TOOLCHAIN;
  await run(rustup, ['toolchain', 'install', name, '--profile', 'minimal', '--no-self-update'], { env });
  return (await run(rustup, ['run', name, 'rustc', '--version'], { env })).stdout.trim();
}

test('an ostoo-installed toolchain exports to an honest tree that ostoo installs from', async () => {
  const f = await fixture();
  try {
    await installToolchain(f.opts());
    const upstream = await readLock(f.lockfile);
    const upstreamHashes = new Set(
      Object.values(upstream.toolchains[NAME]!.hosts).flatMap((h) =>
        h.artifacts.flatMap((a) => COMPRESSIONS.flatMap((c) => (a[c] ? [a[c].sha256] : []))),
      ),
    );
    const out = path.join(f.root, 'export');
    const r = await ostoo(['toolchain', 'export', out, NAME], { env: { RUSTUP_HOME: f.rustupHome } });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^exported ${NAME} \\(6 components for ${f.host}, repacked from `, 'm'));
    await checkHonest(out, NAME, upstreamHashes);

    // ostoo, from the tree on disk, with the export's lock.
    const home = path.join(f.root, 'home-ostoo');
    const opts = { name: NAME, lockfile: path.join(out, 'toolchains.lock'), distServer: out, rustupHome: home };
    const res = await installToolchain({ ...opts, cacheDir: path.join(f.root, 'cache2'), quiet: true });
    assert.equal(res.components.length, 6);
    const v = await run(path.join(res.toolchainDir, 'bin/rustc'), ['--version']);
    assert.equal(v.stdout.trim(), `rustc ${RUSTC_VERSION}`);
    assert.deepEqual(
      (await verifyToolchain({ ...opts, cacheDir: path.join(f.root, 'cache2'), quiet: true })).problems,
      [],
    );
    // The upstream lock does not accept the repacked archives.
    await assert.rejects(
      installToolchain({ ...opts, lockfile: f.lockfile, rustupHome: path.join(f.root, 'h3'), quiet: true }),
      /sha256|hash/i,
    );
  } finally {
    await f.cleanup();
  }
});

test('rustup installs the export of an ostoo-installed toolchain', { skip: noRustup }, async () => {
  const f = await fixture();
  try {
    await installToolchain(f.opts());
    const out = path.join(f.root, 'export');
    const r = await ostoo(['toolchain', 'export', out, NAME], { env: { RUSTUP_HOME: f.rustupHome } });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(await rustupInstall(out, NAME, path.join(f.root, 'home-rustup')), `rustc ${RUSTC_VERSION}`);
  } finally {
    await f.cleanup();
  }
});

test(
  "the machine's rustup nightly exports, and installs with ostoo and with rustup",
  { skip: noNightly || noRustup },
  async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ostoo-export-'));
    try {
      const want = (await run(path.join(realNightly, 'bin/rustc'), ['--version'])).stdout.trim();
      const out = path.join(root, 'export');
      const r = await ostoo(
        ['toolchain', 'export', out, 'nightly', '--components', 'rustc,cargo,rust-std', '--quiet'],
        { env: { RUSTUP_HOME: realHome }, timeoutMs: 600_000 },
      );
      assert.equal(r.exitCode, 0, r.stderr);
      const name = /^exported (\S+) \(3 components/m.exec(r.stdout)?.[1];
      assert.ok(name && /^nightly-\d{4}-\d{2}-\d{2}$/.test(name), r.stdout);
      await checkHonest(out, name, new Set());

      const lockfile = path.join(out, 'toolchains.lock');
      const i = await ostoo(
        ['toolchain', 'install', name, '--lockfile', lockfile, '--dist-server', `file://${out}`, '--quiet'],
        {
          env: { RUSTUP_HOME: path.join(root, 'home-ostoo'), OSTOO_CACHE_DIR: path.join(root, 'cache') },
          timeoutMs: 600_000,
        },
      );
      assert.equal(i.exitCode, 0, i.stderr);
      const dir = path.join(root, 'home-ostoo', 'toolchains', `${name}-${detectHost()}`);
      assert.equal((await run(path.join(dir, 'bin/rustc'), ['--version'])).stdout.trim(), want);

      assert.equal(await rustupInstall(out, name, path.join(root, 'home-rustup')), want);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);

test('a toolchain that is not installed is refused in one line, and OUT is not created', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ostoo-export-'));
  try {
    const out = path.join(root, 'out');
    const r = await ostoo(['toolchain', 'export', out, `nightly-${DATE}`], { env: { RUSTUP_HOME: root } });
    assert.equal(r.exitCode, 1);
    assert.match(errorLine(r), /^ostoo: no installed toolchain nightly-2026-05-20 in .* — run `ostoo toolchain list`/);
    assert.ok(!existsSync(out));
    const bad = await ostoo(['toolchain', 'export', out, '--from', root], { env: { RUSTUP_HOME: root } });
    assert.match(errorLine(bad), /is not an installed toolchain \(no lib\/rustlib\/components\) — /);
    assert.ok(!existsSync(out));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
