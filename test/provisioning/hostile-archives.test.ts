import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { installToolchain } from '../../src/provisioning/install.js';
import { unsafeEntry } from '../../src/provisioning/archive-entry-safety.js';
import { fixture } from '../helpers/fixture.js';
import { defaultComponents, type TarEntry } from '../helpers/dist-server.js';

const cases: { name: string; extra: (outside: string) => TarEntry[]; outside: (outside: string) => string[] }[] = [
  {
    name: "a '..' path",
    extra: () => [{ path: 'TOP/cargo/../../../../escape-dotdot', content: 'x' }],
    outside: (o) => [path.join(o, 'escape-dotdot')],
  },
  {
    name: 'an absolute path',
    extra: (o) => [{ path: path.join(o, 'escape-absolute'), content: 'x' }],
    outside: (o) => [path.join(o, 'escape-absolute')],
  },
  {
    name: 'a symlink pointing outside, then a file through it',
    extra: (o) => [
      { path: 'TOP/cargo/evil', type: 'SymbolicLink', linkpath: o },
      { path: 'TOP/cargo/evil/escape-symlink', content: 'x' },
    ],
    outside: (o) => [path.join(o, 'escape-symlink')],
  },
  {
    name: 'a file written through a symlink that stays inside',
    extra: () => [
      { path: 'TOP/cargo/d/', type: 'Directory' },
      { path: 'TOP/cargo/d/s', type: 'SymbolicLink', linkpath: '..' },
      { path: 'TOP/cargo/d/s/t', type: 'SymbolicLink', linkpath: '../..' },
      { path: 'TOP/cargo/d/s/t/escape-chain', content: 'x' },
    ],
    outside: (o) => [path.join(o, 'escape-chain')],
  },
  {
    name: 'a relative symlink climbing out',
    extra: () => [{ path: 'TOP/cargo/bin/up', type: 'SymbolicLink', linkpath: '../../../../../../../../..' }],
    outside: () => [],
  },
  {
    name: 'a hardlink to a file outside',
    extra: (o) => [{ path: 'TOP/cargo/hard', type: 'Link', linkpath: path.join(o, 'victim') }],
    outside: () => [],
  },
  {
    name: 'a hardlink climbing out',
    extra: () => [{ path: 'TOP/cargo/hard2', type: 'Link', linkpath: 'TOP/../../victim' }],
    outside: () => [],
  },
  {
    name: 'a device node',
    extra: () => [{ path: 'TOP/cargo/dev', type: 'CharacterDevice' }],
    outside: () => [],
  },
];

for (const c of cases) {
  test(`hostile tarball refused: ${c.name}`, async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'ostoo-outside-'));
    await writeFile(path.join(outside, 'victim'), 'precious\n');
    const components = (host: string) =>
      defaultComponents(host).map((x) => (x.pkg === 'cargo' ? { ...x, extra: c.extra(outside) } : x));
    const f = await fixture({ components });
    try {
      await assert.rejects(installToolchain(f.opts()), /refusing .*cargo.*: entry ".*" /);
      assert.ok(!existsSync(f.toolchainDir), 'nothing installed');
      assert.deepEqual(await readdir(outside), ['victim'], 'nothing written outside');
      assert.equal(await readFile(path.join(outside, 'victim'), 'utf8'), 'precious\n');
      for (const p of c.outside(outside)) assert.ok(!existsSync(p));
      assert.deepEqual(await readdir(path.join(f.cacheDir, 'tmp')), [], 'no partial extraction kept');
      assert.ok(
        !existsSync(path.join(f.cacheDir, 'trees/sha256')) ||
          (await readdir(path.join(f.cacheDir, 'trees/sha256'))).every((t) => !t.includes('cargo')),
      );
    } finally {
      await f.cleanup();
      await rm(outside, { recursive: true, force: true });
    }
  });
}

test('unsafeEntry accepts ordinary entries and links that stay inside', () => {
  assert.equal(unsafeEntry('File', 'top/rustc/bin/rustc', undefined), undefined);
  assert.equal(unsafeEntry('SymbolicLink', 'top/rustc/lib/libfoo.so', 'libfoo.so.1'), undefined);
  assert.equal(unsafeEntry('SymbolicLink', 'top/rustc/lib/a/b', '../c'), undefined);
  assert.equal(unsafeEntry('Link', 'top/rustc/lib/b', 'top/rustc/lib/a'), undefined);
  assert.match(unsafeEntry('SymbolicLink', 'top/x', '/etc/passwd') ?? '', /absolute/);
  assert.match(unsafeEntry('Link', 'top/x', 'other/y') ?? '', /outside/);
});
