// Links that escape once installed, and setuid/setgid/sticky bits.
// Each hostile archive must be refused with nothing outside the target, no toolchain and no
// cache entry left; a correct install into the same RUSTUP_HOME and cache must then work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture } from '../helpers/fixture.js';
import { goodInstallAfter, listing } from '../helpers/hostile.js';
import { defaultComponents, type FakeComponent, type TarEntry } from '../helpers/dist-server.js';

function withExtra(pkg: string, extra: TarEntry[]): (host: string) => FakeComponent[] {
  return (host) =>
    defaultComponents(host).map((x) => (x.pkg === pkg ? { ...x, extra: [...(x.extra ?? []), ...extra] } : x));
}

async function refused(pkg: string, extra: (outside: string) => TarEntry[], reason: RegExp): Promise<void> {
  const outside = await mkdtemp(path.join(os.tmpdir(), 'ostoo-outside-'));
  await writeFile(path.join(outside, 'victim'), 'precious\n');
  const f = await fixture({ components: withExtra(pkg, extra(outside)) });
  // The fixture's root holds rustup/ and cache/: a link resolving to their parent reaches it.
  const rootBefore = readdirSync(f.root).sort();
  try {
    await assert.rejects(installToolchain(f.opts()), (err: Error) => {
      assert.match(err.message, reason);
      assert.ok(!err.message.includes('\n'), `one line: ${err.message}`);
      return true;
    });
    assert.ok(!existsSync(f.toolchainDir), 'no toolchain directory');
    assert.deepEqual(readdirSync(outside), ['victim'], 'nothing written outside');
    assert.equal(readFileSync(path.join(outside, 'victim'), 'utf8'), 'precious\n');
    assert.equal(statSync(path.join(outside, 'victim')).nlink, 1, 'no hardlink to a file outside');
    assert.deepEqual(
      readdirSync(f.root).sort(),
      [...new Set([...rootBefore, 'rustup', 'cache'])].sort(),
      'nothing new beside the cache and RUSTUP_HOME',
    );
    assert.deepEqual(listing(path.join(f.cacheDir, 'tmp')), [], 'no partial extraction kept');
    const trees = listing(path.join(f.cacheDir, 'trees'));
    assert.ok(
      trees.every((t) => !t.includes(pkg)),
      `no cache entry for ${pkg}: ${trees.join(', ')}`,
    );
    const tmp = path.join(f.rustupHome, 'tmp');
    assert.deepEqual(listing(tmp), [], 'no staging directory left');
    await goodInstallAfter(f);
  } finally {
    await f.cleanup();
    await rm(outside, { recursive: true, force: true });
  }
}

const hardlinkToOwnSymlink = /hardlink to .*not a regular file extracted earlier/;
const escapesWhenResolved = /resolves outside/;

test("a hardlink to one of the archive's own symlinks is refused (relative link re-rooted)", () =>
  refused(
    'cargo',
    () => [
      { path: 'TOP/cargo/a/b/c/', type: 'Directory' },
      // Inside where it stands (cargo/x), but a hardlink of it at cargo/h would mean ../../../x.
      { path: 'TOP/cargo/a/b/c/s', type: 'SymbolicLink', linkpath: '../../../x' },
      { path: 'TOP/cargo/h', type: 'Link', linkpath: 'TOP/cargo/a/b/c/s' },
    ],
    hardlinkToOwnSymlink,
  ));

test('a hardlink to a symlink pointing at a file inside is refused', () =>
  refused(
    'cargo',
    () => [
      { path: 'TOP/cargo/lib/real', content: 'data' },
      { path: 'TOP/cargo/lib/alias', type: 'SymbolicLink', linkpath: 'real' },
      { path: 'TOP/cargo/bin/h', type: 'Link', linkpath: 'TOP/cargo/lib/alias' },
    ],
    hardlinkToOwnSymlink,
  ));

test('a hardlink to a directory, or to a file not yet extracted, is refused', async () => {
  await refused(
    'cargo',
    () => [{ path: 'TOP/cargo/h', type: 'Link', linkpath: 'TOP/cargo/bin' }],
    hardlinkToOwnSymlink,
  );
  await refused(
    'cargo',
    () => [
      { path: 'TOP/cargo/h', type: 'Link', linkpath: 'TOP/cargo/later' },
      { path: 'TOP/cargo/later', content: 'x' },
    ],
    hardlinkToOwnSymlink,
  );
});

test('a symlink chain lexically inside but resolving outside is refused', () =>
  refused(
    'cargo',
    () => [
      { path: 'TOP/cargo/a/', type: 'Directory' },
      { path: 'TOP/cargo/a/b', type: 'SymbolicLink', linkpath: '..' },
      // As text cargo/a/b/../.. is the package top; b is cargo, so really the parent of the package.
      { path: 'TOP/cargo/a/c', type: 'SymbolicLink', linkpath: 'b/../..' },
    ],
    escapesWhenResolved,
  ));

test('a symlink chain through two links resolving outside is refused', () =>
  refused(
    'rustc',
    () => [
      { path: 'TOP/rustc/x/y/', type: 'Directory' },
      { path: 'TOP/rustc/x/y/p', type: 'SymbolicLink', linkpath: '../..' },
      { path: 'TOP/rustc/q', type: 'SymbolicLink', linkpath: 'x/y/p/../../..' },
    ],
    escapesWhenResolved,
  ));

test('a symlink leaving its component (inside the package, outside the toolchain once installed) is refused', () =>
  refused(
    'cargo',
    () => [{ path: 'TOP/cargo/up', type: 'SymbolicLink', linkpath: '../components' }],
    escapesWhenResolved,
  ));

test('a symlink loop is refused', () =>
  refused(
    'cargo',
    () => [
      { path: 'TOP/cargo/l1', type: 'SymbolicLink', linkpath: 'l2' },
      { path: 'TOP/cargo/l2', type: 'SymbolicLink', linkpath: 'l1' },
    ],
    escapesWhenResolved,
  ));

test('a directory of one component through a symlink of another is refused', async () => {
  // cargo's lib/rustlib -> ../bin stays inside cargo, but rust-std installs lib/rustlib/HOST/...
  // and mkdir -p would follow it (whichever tree is ready first).
  const outside = await mkdtemp(path.join(os.tmpdir(), 'ostoo-outside-'));
  const f = await fixture({
    components: (host) =>
      defaultComponents(host).map((x) =>
        x.pkg === 'cargo'
          ? {
              ...x,
              manifest: ['file:bin/cargo', 'file:lib/rustlib'],
              extra: [
                { path: 'TOP/cargo/lib/', type: 'Directory' },
                { path: 'TOP/cargo/lib/rustlib', type: 'SymbolicLink', linkpath: '../bin' },
              ],
            }
          : x,
      ),
  });
  try {
    await assert.rejects(
      installToolchain(f.opts()),
      /through the symlink|symlink .* is a directory of another component/,
    );
    assert.ok(!existsSync(f.toolchainDir), 'no toolchain directory');
    assert.deepEqual(listing(path.join(f.rustupHome, 'tmp')), [], 'no staging directory left');
    await goodInstallAfter(f);
  } finally {
    await f.cleanup();
    await rm(outside, { recursive: true, force: true });
  }
});

test('setuid, setgid and sticky bits are stripped', async () => {
  const extra: TarEntry[] = [
    { path: 'TOP/cargo/bin/suid', content: '#!/bin/sh\n', mode: 0o4755 },
    { path: 'TOP/cargo/bin/sgid', content: '#!/bin/sh\n', mode: 0o2755 },
    { path: 'TOP/cargo/sticky/', type: 'Directory', mode: 0o1777 },
    { path: 'TOP/cargo/sticky/f', content: 'x', mode: 0o6644 },
  ];
  const f = await fixture({
    components: (host) =>
      defaultComponents(host).map((x) =>
        x.pkg === 'cargo'
          ? {
              ...x,
              extra,
              manifest: [
                ...Object.keys(x.files).map((k) => `file:${k}`),
                'file:bin/suid',
                'file:bin/sgid',
                'file:sticky/f',
              ],
            }
          : x,
      ),
  });
  try {
    await installToolchain(f.opts());
    const mode = (p: string) => lstatSync(path.join(f.toolchainDir, p)).mode & 0o7777;
    // Installed files share the cache's sealed (read-only) modes, so only the write bits may
    // differ from the archive's: no special bit survives, the permission bits do.
    for (const p of ['bin/suid', 'bin/sgid', 'sticky', 'sticky/f'])
      assert.equal(mode(p) & 0o7000, 0, `${p}: special bits`);
    assert.equal(mode('bin/suid') & 0o555, 0o555);
    assert.equal(mode('bin/sgid') & 0o555, 0o555);
    assert.equal(mode('sticky/f') & 0o555, 0o444);
  } finally {
    await f.cleanup();
  }
});
