// locateToolchain: the one resolution of name -> entry -> host -> directory that install,
// verify and list share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { locateToolchain, rustupToolchainDir } from '../../src/provisioning/locate.js';
import { serializeLock, type Lock, type ToolchainEntry } from '../../src/lock/schema.js';

const HOST = 'x86_64-unknown-linux-gnu';
function entry(date: string): ToolchainEntry {
  const f = { url: `https://static.rust-lang.org/dist/${date}/rustc-nightly-${HOST}.tar.gz`, sha256: 'a'.repeat(64) };
  return {
    channel: 'nightly',
    date,
    rustc: '1.99.0-nightly',
    cargo: '1.99.0-nightly',
    manifest_url: `https://static.rust-lang.org/dist/${date}/channel-rust-nightly.toml`,
    manifest_sha256: null,
    required: ['rustc'],
    optional: [],
    hosts: { [HOST]: { artifacts: [{ component: 'rustc', target: HOST, required: true, gz: f }], notes: [] } },
  };
}
const one: Lock = { version: 1, toolchains: { 'nightly-2026-05-20': entry('2026-05-20') } };
const two: Lock = { version: 1, toolchains: { ...one.toolchains, 'nightly-2026-06-01': entry('2026-06-01') } };

test("a lock's only toolchain is the default, in rustup's layout", async () => {
  const l = await locateToolchain({ lock: one, host: HOST, rustupHome: '/r' });
  assert.equal(l.name, 'nightly-2026-05-20');
  assert.equal(l.source, 'the lock');
  assert.equal(l.dir, path.join('/r', 'toolchains', `nightly-2026-05-20-${HOST}`));
  assert.equal(l.dir, rustupToolchainDir('/r', l.name, HOST));
  assert.deepEqual(
    l.artifacts.map((a) => a.component),
    ['rustc'],
  );
});

test('--prefix replaces the rustup directory', async () => {
  const l = await locateToolchain({ lock: one, host: HOST, rustupHome: '/r', prefix: 'rel/dir' });
  assert.equal(l.dir, path.resolve('rel/dir'));
});

test('several toolchains need a name; an unknown name or host is an error', async () => {
  await assert.rejects(
    locateToolchain({ lock: two, host: HOST }),
    /the lock pins several toolchains \(nightly-2026-05-20, nightly-2026-06-01\) — name one/,
  );
  assert.equal(
    (await locateToolchain({ lock: two, name: 'nightly-2026-06-01', host: HOST, rustupHome: '/r' })).entry.date,
    '2026-06-01',
  );
  await assert.rejects(
    locateToolchain({ lock: two, name: 'nightly-2026-07-01', host: HOST }),
    /pins no toolchain "nightly-2026-07-01"/,
  );
  await assert.rejects(
    locateToolchain({ lock: one, host: 'aarch64-apple-darwin' }),
    /has no artifacts of nightly-2026-05-20 for aarch64-apple-darwin \(it covers x86_64-unknown-linux-gnu\) — add this host to its entry \(`ostoo toolchain lock nightly-2026-05-20 --hosts x86_64-unknown-linux-gnu,aarch64-apple-darwin`\), or pass another --host/,
  );
});

test('a lockfile is read, and errors name it', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-locate-'));
  try {
    const file = path.join(dir, 'toolchains.lock');
    await writeFile(file, serializeLock(two));
    const l = await locateToolchain({ lockfile: file, name: 'nightly-2026-05-20', host: HOST, rustupHome: '/r' });
    assert.equal(l.source, file);
    assert.equal(l.entry.date, '2026-05-20');
    await assert.rejects(locateToolchain({ lockfile: file, host: HOST }), (e: Error) =>
      e.message.startsWith(`${file} pins several toolchains`),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
