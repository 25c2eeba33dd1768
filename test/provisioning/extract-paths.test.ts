// Non-canonical archive paths ("a//b", "a/./b") must not slip past the symlink checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture } from '../helpers/fixture.js';
import { defaultComponents, type TarEntry } from '../helpers/dist-server.js';

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
    const components = (host: string) =>
      defaultComponents(host).map((x) => (x.pkg === 'cargo' ? { ...x, extra: c.extra() } : x));
    const f = await fixture({ components });
    try {
      await assert.rejects(
        installToolchain(f.opts()),
        /refusing .*cargo.*: entry ".*" would be written through the symlink/,
      );
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

test('large files (written on the thread pool) and small ones come out byte-identical, with their mode and mtime', async () => {
  const { startExtraction } = await import('../../src/provisioning/extract.js');
  const { tarball } = await import('../helpers/dist-server.js');
  const { gzipSync } = await import('node:zlib');
  const { randomBytes } = await import('node:crypto');
  const { readFile, stat, mkdir } = await import('node:fs/promises');
  const big = randomBytes(5 * 1024 * 1024 + 123);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-extract-'));
  try {
    const gz = gzipSync(
      tarball([
        { path: 'top/', type: 'Directory' },
        { path: 'top/a/big.so', content: big, mode: 0o755 },
        { path: 'top/a/small.txt', content: 'hello\n' },
        { path: 'top/a/empty', content: '' },
      ]),
    );
    await mkdir(path.join(dir, 'out'));
    const ex = startExtraction(path.join(dir, 'out'), 'gz', 'test');
    for (let i = 0; i < gz.length; i += 65536) await ex.write(gz.subarray(i, i + 65536));
    await ex.finish();
    assert.ok((await readFile(path.join(dir, 'out/a/big.so'))).equals(big));
    assert.equal(await readFile(path.join(dir, 'out/a/small.txt'), 'utf8'), 'hello\n');
    assert.equal((await stat(path.join(dir, 'out/a/empty'))).size, 0);
    assert.equal((await stat(path.join(dir, 'out/a/big.so'))).mode & 0o111, 0o111);
    const t = (await stat(path.join(dir, 'out/a/small.txt'))).mtimeMs;
    assert.equal((await stat(path.join(dir, 'out/a/big.so'))).mtimeMs, t);
    assert.ok(Date.now() - t > 1000, 'mtime comes from the archive');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
