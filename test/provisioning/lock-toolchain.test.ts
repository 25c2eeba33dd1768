import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseLock, serializeLock, entryLock } from '../../src/lock/schema.js';
import { lockToolchain } from '../../src/provisioning/lock-toolchain.js';
import { parseChannelManifest, resolveComponent } from '../../src/provisioning/channel-manifest.js';
import { InvalidDataError } from '../../src/util/zod-path.js';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture } from '../helpers/fixture.js';
import { DATE, NAME } from '../helpers/dist-server.js';
import { repoRoot } from '../helpers/paths.js';

const repo = repoRoot;
const rustupToolchains = path.join(os.homedir(), '.rustup', 'toolchains');
const nightlyManifest = path.join(
  rustupToolchains,
  'nightly-x86_64-unknown-linux-gnu/lib/rustlib/multirust-channel-manifest.toml',
);
const stableManifest = path.join(
  rustupToolchains,
  'stable-x86_64-unknown-linux-gnu/lib/rustlib/multirust-channel-manifest.toml',
);
const skipNightly = existsSync(nightlyManifest) ? false : `no rustup nightly manifest at ${nightlyManifest}`;
const skipStable = existsSync(stableManifest) ? false : `no rustup stable manifest at ${stableManifest}`;

test(
  'the shipped toolchains.lock is exactly what `lock` regenerates from the real nightly manifest',
  { skip: skipNightly },
  async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-lock-'));
    try {
      const lockfile = path.join(dir, 'toolchains.lock');
      const res = await lockToolchain({ name: 'nightly-2026-05-20', lockfile, manifestFile: nightlyManifest });
      assert.deepEqual(res.notes, []);
      assert.equal(await readFile(lockfile, 'utf8'), await readFile(path.join(repo, 'toolchains.lock'), 'utf8'));
      const e = res.entry;
      assert.equal(e.manifest_sha256, null);
      assert.equal(e.rustc, '1.97.0-nightly (e50aa6fba 2026-05-19)');
      assert.deepEqual(Object.keys(e.hosts).sort(), [
        'aarch64-apple-darwin',
        'aarch64-unknown-linux-gnu',
        'x86_64-apple-darwin',
        'x86_64-unknown-linux-gnu',
      ]);
      for (const h of Object.values(e.hosts)) {
        assert.deepEqual(h.artifacts.map((a) => `${a.component}@${a.target}${a.required ? '' : '?'}`).slice(3), [
          'rust-src@*',
          `llvm-tools-preview@${h.artifacts[0]?.target}?`,
          'rust-std@x86_64-unknown-linux-musl?',
        ]);
        for (const a of h.artifacts)
          assert.ok(a.gz && a.xz && a.gz.url.startsWith('https://static.rust-lang.org/dist/2026-05-20/'));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test('relocking from the same manifest is byte-identical, and entries keep a stable order', async () => {
  const f = await fixture();
  try {
    const first = await readFile(f.lockfile, 'utf8');
    await lockToolchain({ name: NAME, lockfile: f.lockfile, distServer: f.server.url });
    assert.equal(await readFile(f.lockfile, 'utf8'), first);
    const lock = parseLock(first);
    assert.equal(serializeLock(lock), first);
    assert.match(first, /size = \d+/, 'sizes come from HEAD requests');
    assert.deepEqual(Object.keys(entryLock(lock, NAME).toolchains), [NAME]);
  } finally {
    await f.cleanup();
  }
});

test('lock checks the manifest against its .sha256', async () => {
  const f = await fixture({ lock: false });
  try {
    const p = `/dist/${DATE}/channel-rust-nightly.toml`;
    f.server.files.set(p, Buffer.concat([f.server.files.get(p) as Buffer, Buffer.from('\n# tampered\n')]));
    await assert.rejects(
      lockToolchain({ name: NAME, lockfile: f.lockfile, distServer: f.server.url }),
      /sha256 mismatch for .*channel-rust-nightly\.toml: expected [0-9a-f]{64} \(from its \.sha256\), got [0-9a-f]{64}/,
    );
    assert.ok(!existsSync(f.lockfile));
  } finally {
    await f.cleanup();
  }
});

function rejectsField(fn: () => unknown, field: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidDataError, String(err));
    if (typeof field === 'string') assert.equal(err.field, field);
    else assert.match(err.field, field);
    if (err.field !== '(syntax)') assert.ok(err.message.includes(err.field), err.message);
    return true;
  });
}

test('a malformed lock gives an error that names the field', async () => {
  const good = await readFile(path.join(repo, 'toolchains.lock'), 'utf8');
  rejectsField(() => parseLock(good.replace('version = 1', 'version = 7')), 'version');
  rejectsField(
    () => parseLock(good.replace(/sha256 = "362a5c95[0-9a-f]+"/, 'sha256 = "nothex"')),
    'toolchains.nightly-2026-05-20.hosts.aarch64-apple-darwin.artifacts[0].gz.sha256',
  );
  rejectsField(
    () => parseLock(good.replace('date = "2026-05-20"', 'date = "May 20"')),
    'toolchains.nightly-2026-05-20.date',
  );
  rejectsField(() => parseLock(good.replace('required = true', 'required = "yes"')), /artifacts\[0\]\.required$/);
  rejectsField(
    () => parseLock(good.replace('channel = "nightly"', 'channel = "beta"')),
    'toolchains.nightly-2026-05-20',
  );
  rejectsField(
    () => parseLock(good.replace('component = "rustc"', 'component = "rustc"\ncolour = "red"')),
    /artifacts\[0\]$/,
  );
  rejectsField(() => parseLock('version = \n'), '(syntax)');
});

test('a malformed channel manifest gives an error that names the field', () => {
  const base =
    '[pkg.rustc]\nversion = "1"\n[pkg.rustc.target.x86_64-unknown-linux-gnu]\navailable = true\nurl = "https://x/y.tar.gz"\nhash = "' +
    'a'.repeat(64) +
    '"\n';
  assert.ok(parseChannelManifest(`manifest-version = "2"\ndate = "2026-05-20"\n${base}`));
  rejectsField(() => parseChannelManifest(`manifest-version = "1"\ndate = "2026-05-20"\n${base}`), 'manifest-version');
  rejectsField(
    () =>
      parseChannelManifest(
        `manifest-version = "2"\ndate = "2026-05-20"\n${base.replace('available = true', 'available = "yes"')}`,
      ),
    'pkg.rustc.target.x86_64-unknown-linux-gnu.available',
  );
  const m = parseChannelManifest(
    `manifest-version = "2"\ndate = "2026-05-20"\n${base.replace(/hash = .*/, 'hash = "zz"')}`,
  );
  rejectsField(
    () => resolveComponent(m, { name: 'rustc' }, 'x86_64-unknown-linux-gnu'),
    'pkg.rustc.target.x86_64-unknown-linux-gnu.hash',
  );
});

test('a malformed lock file stops install with the field named', async () => {
  const f = await fixture();
  try {
    const text = await readFile(f.lockfile, 'utf8');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(f.lockfile, text.replace(/^rustc = .*$/m, 'rustc = 5'));
    await assert.rejects(installToolchain(f.opts()), /toolchains\.nightly-2026-05-20\.rustc: /);
  } finally {
    await f.cleanup();
  }
});

for (const [label, file, skip] of [
  ['nightly', nightlyManifest, skipNightly],
  ['stable', stableManifest, skipStable],
] as const) {
  test(`parses the real ${label} channel manifest on this machine`, { skip }, async () => {
    const m = parseChannelManifest(await readFile(file, 'utf8'), file);
    assert.match(m.date, /^\d{4}-\d{2}-\d{2}$/);
    const host = 'x86_64-unknown-linux-gnu';
    for (const name of ['rustc', 'cargo', 'rust-std', 'rust-src']) {
      const r = resolveComponent(m, { name }, host);
      assert.ok(r.ok, `${name}: ${r.ok ? '' : r.reason}`);
    }
    const llvm = resolveComponent(m, { name: 'llvm-tools' }, host);
    assert.ok(
      llvm.ok && llvm.artifact.component === 'llvm-tools-preview' && llvm.artifact.requested_as === 'llvm-tools',
    );
    const src = resolveComponent(m, { name: 'rust-src' }, host);
    assert.ok(src.ok && src.artifact.target === '*');
  });
}

test('dist server: --dist-server, then OSTOO_DIST_SERVER, then RUSTUP_DIST_SERVER; URLs are swapped as rustup does', async () => {
  const { resolveDistServer, onServer, canonical } = await import('../../src/provisioning/mirror.js');
  assert.equal(resolveDistServer(undefined, {}), 'https://static.rust-lang.org');
  assert.equal(resolveDistServer(undefined, { RUSTUP_DIST_SERVER: 'http://m/' }), 'http://m');
  assert.equal(
    resolveDistServer(undefined, { RUSTUP_DIST_SERVER: 'http://m', OSTOO_DIST_SERVER: 'http://o' }),
    'http://o',
  );
  assert.equal(resolveDistServer('http://cli', { OSTOO_DIST_SERVER: 'http://o' }), 'http://cli');
  assert.throws(() => resolveDistServer('ftp://x', {}), /not an http/);
  const u = 'https://static.rust-lang.org/dist/2026-05-20/rustc-nightly-x86_64-unknown-linux-gnu.tar.gz';
  assert.equal(onServer(u, 'http://m'), 'http://m/dist/2026-05-20/rustc-nightly-x86_64-unknown-linux-gnu.tar.gz');
  assert.equal(canonical(onServer(u, 'http://m'), 'http://m'), u);
});
