// Non-canonical archive paths ("a//b", "a/./b") must not slip past the symlink checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { installToolchain } from '../src/dist/install.js';
import { fixture } from './helpers/fixture.js';
import { defaultComponents, type TarEntry } from './helpers/dist-server.js';

const cases: { name: string; extra: () => TarEntry[] }[] = [
  {
    name: 'a file written through a symlink by a path with an empty component',
    extra: () => [
      { path: 'TOP/cargo/d/', type: 'Directory' },
      { path: 'TOP/cargo/d/s', type: 'SymbolicLink', linkpath: '..' },
      { path: 'TOP/cargo/d//s/t', type: 'SymbolicLink', linkpath: '../..' },
      { path: 'TOP/cargo/d//s/t/escape', content: 'x' },
    ],
  },
  {
    name: "a file written through a symlink by a path with a '.' component",
    extra: () => [
      { path: 'TOP/cargo/d/', type: 'Directory' },
      { path: 'TOP/cargo/d/s', type: 'SymbolicLink', linkpath: '..' },
      { path: 'TOP/cargo/d/./s/t', type: 'SymbolicLink', linkpath: '../..' },
      { path: 'TOP/cargo/d/./s/t/escape', content: 'x' },
    ],
  },
];

for (const c of cases) {
  test(`hostile tarball refused: ${c.name}`, async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'ostoo-outside-'));
    await writeFile(path.join(outside, 'victim'), 'precious\n');
    const components = (host: string) => defaultComponents(host).map((x) => (x.pkg === 'cargo' ? { ...x, extra: c.extra() } : x));
    const f = await fixture({ components });
    try {
      await assert.rejects(installToolchain(f.opts()), /refusing .*cargo.*: entry ".*" would be written through the symlink/);
      assert.ok(!existsSync(f.toolchainDir), 'nothing installed');
      assert.deepEqual(await readdir(outside), ['victim'], 'nothing written outside');
      assert.deepEqual(await readdir(path.join(f.cacheDir, 'tmp')), [], 'no partial extraction kept');
      assert.ok(!existsSync(path.join(f.cacheDir, 'escape')) && !existsSync(path.join(f.cacheDir, 'tmp', 'escape')));
    } finally {
      await f.cleanup();
      await rm(outside, { recursive: true, force: true });
    }
  });
}
