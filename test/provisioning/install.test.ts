import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, lstat, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { installToolchain } from '../../src/provisioning/install.js';
import { verifyToolchain } from '../../src/provisioning/status.js';
import { readLock } from '../../src/lock/file.js';
import { cachedFile, fixture } from '../helpers/fixture.js';
import { DATE, defaultComponents, NAME, RUSTC_VERSION } from '../helpers/dist-server.js';

async function listAll(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

test('install lays out the toolchain as rustup does', async () => {
  const f = await fixture();
  try {
    const res = await installToolchain(f.opts({ keepArchives: true }));
    assert.equal(res.alreadyInstalled, false);
    assert.equal(res.toolchainDir, f.toolchainDir);
    const rl = path.join(f.toolchainDir, 'lib/rustlib');
    assert.equal(await readFile(path.join(rl, 'rust-installer-version'), 'utf8'), '3');
    const components = (await readFile(path.join(rl, 'components'), 'utf8')).trim().split('\n');
    assert.deepEqual(components, [
      `rustc-${f.host}`,
      `cargo-${f.host}`,
      `rust-std-${f.host}`,
      'rust-src',
      `llvm-tools-preview-${f.host}`,
      'rust-std-x86_64-unknown-linux-musl',
    ]);
    assert.equal(await readFile(path.join(rl, 'manifest-rust-src'), 'utf8'), 'dir:lib/rustlib/src/rust\n');
    assert.equal(await readFile(path.join(rl, `manifest-cargo-${f.host}`), 'utf8'), 'file:bin/cargo\n');
    const cfg = await readFile(path.join(rl, 'multirust-config.toml'), 'utf8');
    assert.match(cfg, /pkg = "rust-src"\ntarget = "\*"/);
    // The lock knew the manifest's sha256, so the real manifest is installed.
    const lock = await readLock(f.lockfile);
    assert.ok(lock.toolchains[NAME]?.manifest_sha256);
    assert.equal(
      await readFile(path.join(rl, 'multirust-channel-manifest.toml'), 'utf8'),
      f.server.files.get(`/dist/${DATE}/channel-rust-nightly.toml`)?.toString(),
    );
    assert.ok(existsSync(path.join(f.toolchainDir, 'lib/rustlib/src/rust/library/core/src/lib.rs')));
    assert.ok(existsSync(path.join(f.toolchainDir, `lib/rustlib/${f.host}/bin/llvm-objdump`)));
    assert.ok(!existsSync(path.join(f.toolchainDir, 'manifest.in')));
    // No staging directory or lock left behind.
    assert.deepEqual(
      (await readdir(path.join(f.rustupHome, 'tmp'))).filter((n) => n.startsWith('.ostoo')),
      [],
    );
    // Second run: a no-op that touches no network.
    const before = f.server.log.length;
    const again = await installToolchain(f.opts());
    assert.equal(again.alreadyInstalled, true);
    assert.equal(f.server.log.length, before);
    // verify re-hashes every file against the lock.
    const v = await verifyToolchain({ ...f.opts(), offline: true });
    assert.deepEqual(v.problems, []);
    await appendFile(path.join(f.toolchainDir, 'bin/rustc'), '# tampered\n');
    const bad = await verifyToolchain({ ...f.opts(), offline: true });
    assert.equal(bad.problems.length, 1);
    assert.equal(bad.problems[0]?.path, 'bin/rustc');
  } finally {
    await f.cleanup();
  }
});

test('verify before install says the toolchain is not installed, and the command that installs it', async () => {
  const f = await fixture();
  try {
    await assert.rejects(
      verifyToolchain({ ...f.opts(), offline: true }),
      new RegExp(`${NAME} is not installed \\(no .*\\) — install it with \`ostoo toolchain install ${NAME}\`$`),
    );
  } finally {
    await f.cleanup();
  }
});

test('a lock without the manifest sha256 installs a synthesized manifest that lists the pinned components', async () => {
  const f = await fixture();
  try {
    const text = await readFile(f.lockfile, 'utf8');
    await writeFile(f.lockfile, text.replace(/^manifest_sha256 = .*$/m, ''));
    const before = f.server.log.length;
    await installToolchain(f.opts());
    assert.ok(!f.server.log.slice(before).some((l) => l.includes('channel-rust')), 'the manifest is not fetched');
    const m = await readFile(path.join(f.toolchainDir, 'lib/rustlib/multirust-channel-manifest.toml'), 'utf8');
    assert.match(m, /\[pkg\.rust\.target\.[^\]]+\]/);
    assert.match(m, /\[renames\.llvm-tools\]\nto = "llvm-tools-preview"/);
    assert.ok(m.includes(RUSTC_VERSION));
  } finally {
    await f.cleanup();
  }
});

test('one flipped byte: the error names URL, expected and actual hash; nothing is installed or kept', async () => {
  const f = await fixture();
  try {
    const p = [...f.server.files.keys()].find((k) => k.endsWith(`cargo-nightly-${f.host}.tar.gz`)) as string;
    const good = f.server.files.get(p) as Buffer;
    const bad = Buffer.from(good);
    bad[100] = (bad[100] as number) ^ 0x10;
    f.server.files.set(p, bad);
    await assert.rejects(installToolchain(f.opts()), (err: Error) => {
      assert.match(err.message, new RegExp(`sha256 mismatch for ${f.server.url}${p.replace(/\./g, '\\.')}`));
      assert.match(err.message, new RegExp(`expected ${sha(good)}, got ${sha(bad)}`));
      return true;
    });
    assert.ok(!existsSync(f.toolchainDir));
    assert.ok(!existsSync(path.join(f.cacheDir, 'blobs/sha256', sha(good))));
    assert.ok(!existsSync(path.join(f.cacheDir, 'blobs/sha256', sha(bad))));
    assert.ok(!existsSync(path.join(f.cacheDir, 'trees/sha256', sha(good))));
    assert.deepEqual(await listAll(path.join(f.cacheDir, 'tmp')), []);
    // Once the server is fixed, the same command succeeds.
    f.server.files.set(p, good);
    assert.equal((await installToolchain(f.opts())).alreadyInstalled, false);
  } finally {
    await f.cleanup();
  }
});

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

test('a connection cut mid-body resumes with Range and gives the identical result', async () => {
  const f = await fixture();
  const g = await fixture();
  try {
    const p = [...f.server.files.keys()].find((k) => k.endsWith(`rustc-nightly-${f.host}.tar.gz`)) as string;
    f.server.faults.set(p, 'cut');
    await installToolchain(f.opts());
    const gets = f.server.log.filter((l) => l.startsWith(`GET ${p}`));
    assert.equal(gets.length, 2);
    assert.match(gets[1] as string, /bytes=\d+-$/);
    await installToolchain(g.opts());
    const files = await listAll(f.toolchainDir);
    assert.deepEqual(files, await listAll(g.toolchainDir));
    for (const rel of files) {
      const a = path.join(f.toolchainDir, rel);
      if ((await lstat(a)).isFile())
        assert.deepEqual(await readFile(a), await readFile(path.join(g.toolchainDir, rel)), rel);
    }
  } finally {
    await f.cleanup();
    await g.cleanup();
  }
});

test('offline: works from a full cache, fails clearly when an artifact is missing', async () => {
  const f = await fixture();
  try {
    await installToolchain(f.opts());
    await rm(f.toolchainDir, { recursive: true });
    await f.server.close();
    const res = await installToolchain(f.opts({ offline: true, distServer: 'http://127.0.0.1:9' }));
    assert.equal(res.alreadyInstalled, false);
    assert.ok(existsSync(path.join(f.toolchainDir, 'bin/cargo')));
    await rm(f.toolchainDir, { recursive: true });
    const cargo = (await readLock(f.lockfile)).toolchains[NAME]?.hosts[f.host]?.artifacts[1]?.gz?.sha256 as string;
    await rm(path.join(f.cacheDir, 'trees/sha256', cargo), { recursive: true });
    await assert.rejects(
      installToolchain(f.opts({ offline: true })),
      new RegExp(`--offline: cargo-${f.host} \\(sha256 ${cargo}\\) is not in the cache`),
    );
    assert.ok(!existsSync(f.toolchainDir));
  } finally {
    await f.cleanup();
  }
});

test('a tampered cache is re-verified: a bad blob is fetched again, a bad tree rebuilt', async () => {
  const f = await fixture();
  try {
    await installToolchain(f.opts({ keepArchives: true }));
    const lock = await readLock(f.lockfile);
    const rustc = lock.toolchains[NAME]?.hosts[f.host]?.artifacts[0]?.gz?.sha256 as string;
    // A tree whose file changed is not used (the installed toolchain shares its inodes, so remove that first).
    await rm(f.toolchainDir, { recursive: true });
    await writeFile(
      cachedFile(path.join(f.cacheDir, 'trees/sha256', rustc), 'rustc/bin/rustc'),
      '#!/bin/sh\necho evil\n',
    );
    await installToolchain(f.opts({ keepArchives: true }));
    assert.match(await readFile(path.join(f.toolchainDir, 'bin/rustc'), 'utf8'), /rustc 1\.97/);
    // A blob whose bytes changed is re-downloaded.
    await rm(f.toolchainDir, { recursive: true });
    await rm(path.join(f.cacheDir, 'trees'), { recursive: true });
    const blob = path.join(f.cacheDir, 'blobs/sha256', rustc);
    const data = await readFile(blob);
    data[50] = (data[50] as number) ^ 1;
    await writeFile(blob, data);
    const before = f.server.log.length;
    await installToolchain(f.opts({ keepArchives: true }));
    assert.ok(f.server.log.slice(before).some((l) => l.includes(`rustc-nightly-${f.host}.tar.gz`)));
    assert.equal(sha(await readFile(blob)), rustc);
    assert.match(await readFile(path.join(f.toolchainDir, 'bin/rustc'), 'utf8'), /rustc 1\.97/);
  } finally {
    await f.cleanup();
  }
});

test('--prefix installs a plain toolchain directory', async () => {
  const f = await fixture();
  try {
    const prefix = path.join(f.root, 'plain');
    const res = await installToolchain(f.opts({ prefix }));
    assert.equal(res.toolchainDir, prefix);
    assert.ok(existsSync(path.join(prefix, 'bin/rustc')));
    assert.ok(!existsSync(path.join(f.rustupHome, 'toolchains')));
    assert.equal((await installToolchain(f.opts({ prefix }))).alreadyInstalled, true);
  } finally {
    await f.cleanup();
  }
});

test('two concurrent installs of the same toolchain: one installs, the other finds it done', async () => {
  const f = await fixture();
  try {
    const [a, b] = await Promise.all([installToolchain(f.opts()), installToolchain(f.opts())]);
    assert.deepEqual([a.alreadyInstalled, b.alreadyInstalled].sort(), [false, true]);
    const v = await verifyToolchain(f.opts());
    assert.deepEqual(v.problems, []);
    assert.equal(
      (await readFile(path.join(f.toolchainDir, 'lib/rustlib/components'), 'utf8')).trim().split('\n').length,
      6,
    );
  } finally {
    await f.cleanup();
  }
});

test('a missing optional component is skipped with a note, a missing required one fails the lock', async () => {
  const f = await fixture({
    lock: false,
    components: (host) => {
      return defaultComponents(host).map((c) => (c.pkg === 'llvm-tools-preview' ? { ...c, unavailable: true } : c));
    },
  });
  try {
    const { lockToolchain } = await import('../../src/provisioning/lock-toolchain.js');
    const res = await lockToolchain({ name: NAME, lockfile: f.lockfile, distServer: f.server.url, hosts: [f.host] });
    assert.deepEqual(res.notes, [
      `${f.host}: skipped optional llvm-tools: llvm-tools is not available for ${f.host} on ${DATE}`,
    ]);
    assert.equal(res.entry.hosts[f.host]?.artifacts.length, 5);
    await assert.rejects(
      lockToolchain({
        name: NAME,
        lockfile: f.lockfile,
        distServer: f.server.url,
        hosts: [f.host],
        add: ['rust-analyzer'],
      }),
      /cannot lock nightly-2026-05-20 for .*: rust-analyzer is not in the 2026-05-20 manifest/,
    );
    const res2 = await installToolchain(f.opts());
    assert.equal(res2.components.length, 5);
  } finally {
    await f.cleanup();
  }
});
