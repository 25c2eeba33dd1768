// The sysroot store: a published sysroot is found and sealed; one flipped byte (even with its
// mtime put back), a missing or an extra file, or a manifest naming a path outside rustc's
// target library directory is refused, and a refused one is removed from the writable cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { Cache } from '../../src/provisioning/cache.js';
import { sysrootKey, type SysrootRequest } from '../../src/std-sysroot/request.js';
import {
  checkSysroot,
  contentDigest,
  findSysroot,
  parseManifest,
  publishSysroot,
} from '../../src/std-sysroot/store.js';
import { tempDir } from '../helpers/paths.js';

const request: SysrootRequest = {
  recipe: 1,
  toolchain: { rustc: 'rustc test', cargo: 'cargo test', rustSrc: '0'.repeat(64) },
  target: { name: 'x86_64-test-user', spec: '1'.repeat(64) },
  crates: ['core'],
  features: null,
  profile: { name: 'release', tables: { release: {} } },
  rustflags: [],
};
const key = sysrootKey(request);

async function published(): Promise<{ cache: Cache; dir: string }> {
  const cache = new Cache(tempDir('sysroot-store'));
  const staged = path.join(await cache.tempDir('t'), 'root');
  const lib = path.join(staged, 'lib/rustlib/x86_64-test-user/lib');
  mkdirSync(lib, { recursive: true });
  writeFileSync(path.join(lib, 'libcore-0123.rlib'), Buffer.alloc(4096, 7));
  writeFileSync(path.join(lib, 'liballoc-4567.rlib'), 'alloc');
  const s = await publishSysroot(cache, staged, request, key, 'rustc test');
  return { cache, dir: s.dir };
}

test('a published sysroot is sealed, found, and its content digest covers key and files', async () => {
  const { cache, dir } = await published();
  const core = path.join(dir, 'lib/rustlib/x86_64-test-user/lib/libcore-0123.rlib');
  assert.equal(statSync(core).mode & 0o222, 0, 'read-only');
  assert.ok(!existsSync(path.join(dir, 'lib/rustlib/x86_64-unknown-linux-gnu')), 'no host directory to hide rust-lld');
  const found = await findSysroot(cache, key);
  assert.equal(found?.dir, dir);
  assert.deepEqual(found.manifest.files.map((f) => f.path).sort(), [
    'lib/rustlib/x86_64-test-user/lib/liballoc-4567.rlib',
    'lib/rustlib/x86_64-test-user/lib/libcore-0123.rlib',
  ]);
  assert.match(contentDigest(found.manifest), /^[0-9a-f]{64}$/);
  assert.notEqual(contentDigest(found.manifest), contentDigest({ ...found.manifest, key: '2'.repeat(64) }));
});

test('one flipped byte is refused even with its mtime put back, and the damaged sysroot is removed', async () => {
  const { cache, dir } = await published();
  const core = path.join(dir, 'lib/rustlib/x86_64-test-user/lib/libcore-0123.rlib');
  const before = statSync(core);
  chmodSync(core, 0o644);
  const fd = openSync(core, 'r+');
  writeSync(fd, Buffer.from([8]), 0, 1, 100);
  closeSync(fd);
  chmodSync(core, before.mode & 0o7777);
  utimesSync(core, before.atimeMs / 1000, before.mtimeMs / 1000);
  assert.equal(Math.trunc(statSync(core).mtimeMs), Math.trunc(before.mtimeMs), 'same mtime, size and mode');
  const refused: string[] = [];
  assert.equal(await findSysroot(cache, key, (_d, why) => refused.push(why)), undefined);
  assert.deepEqual(refused, ['lib/rustlib/x86_64-test-user/lib/libcore-0123.rlib does not match its sha256']);
  assert.ok(!existsSync(dir), 'removed, so the next use builds or fetches it again');
});

test('a missing or an extra file is refused; a read-only layer is left alone', async () => {
  const { dir } = await published();
  writeFileSync(path.join(dir, 'lib/rustlib/x86_64-test-user/lib/libextra.rlib'), 'x');
  assert.deepEqual(await checkSysroot(dir, key), {
    ok: false,
    why: 'lib/rustlib/x86_64-test-user/lib/libextra.rlib is not in its manifest',
  });
  const other = await published();
  const layered = new Cache(tempDir('sysroot-own'), [other.cache.dir]);
  assert.equal((await findSysroot(layered, key))?.dir, other.dir, 'found in the read-only layer');
  chmodSync(path.join(other.dir, 'lib/rustlib/x86_64-test-user/lib/liballoc-4567.rlib'), 0o644);
  const { rmSync } = await import('node:fs');
  rmSync(path.join(other.dir, 'lib/rustlib/x86_64-test-user/lib/liballoc-4567.rlib'));
  assert.equal(await findSysroot(layered, key), undefined);
  assert.ok(existsSync(other.dir), 'a read-only layer is never written');
  assert.deepEqual(await checkSysroot(other.dir, key), {
    ok: false,
    why: 'lib/rustlib/x86_64-test-user/lib/liballoc-4567.rlib is missing',
  });
});

test('a manifest may only name rlibs in its own target library directory', () => {
  const m = (files: { path: string }[]): string =>
    JSON.stringify({
      format: 1,
      key,
      target: 'x86_64-test-user',
      toolchain: 't',
      request: {},
      files: files.map((f) => ({ ...f, size: 1, sha256: 'a'.repeat(64) })),
    });
  assert.ok(parseManifest(m([{ path: 'lib/rustlib/x86_64-test-user/lib/libcore-1.rlib' }]), 'm'));
  for (const bad of [
    'lib/rustlib/x86_64-test-user/lib/../../../../etc/x.rlib',
    '/etc/libx.rlib',
    'lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld',
    'lib/rustlib/other-target/lib/libcore-1.rlib',
    'lib/rustlib/x86_64-test-user/lib/libcore-1.so',
  ])
    assert.throws(() => parseManifest(m([{ path: bad }]), 'm'), /not a sysroot manifest|outside/, bad);
  assert.throws(
    () =>
      parseManifest(
        m([{ path: 'lib/rustlib/x86_64-test-user/lib/a.rlib' }, { path: 'lib/rustlib/x86_64-test-user/lib/a.rlib' }]),
        'm',
      ),
    /twice/,
  );
});
