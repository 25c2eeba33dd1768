// Extraction makes new small files and directories on the thread pool, ahead of the parser;
// every other entry waits until they are there. The result must be what making each entry in
// archive order gives: the same files, and the same refusals with the same words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readFile, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startExtraction } from '../../src/provisioning/extract.js';
import { tarball, type TarEntry } from '../helpers/dist-server.js';
import { tempDir } from '../helpers/paths.js';

/** Extracts `entries` (below a top directory `top/`) into a fresh directory, in small chunks. */
async function extract(entries: TarEntry[]): Promise<string> {
  const out = path.join(tempDir('extract-order'), 'out');
  await mkdir(out);
  const gz = gzipSync(tarball([{ path: 'top/', type: 'Directory' }, ...entries]));
  const ex = startExtraction(out, 'gz', 'test');
  try {
    for (let i = 0; i < gz.length; i += 4096) await ex.write(gz.subarray(i, i + 4096));
    await ex.finish();
  } catch (err) {
    await ex.cancel(err as Error);
    throw err;
  }
  return out;
}

test('many small files in deep directories, some never listed, all land with their bytes and modes', async () => {
  const entries: TarEntry[] = [];
  for (let d = 0; d < 40; d++) {
    // Every other directory is listed; the rest come into being as parents of their files.
    if (d % 2 === 0) entries.push({ path: `top/lib/d${d}/`, type: 'Directory' });
    for (let f = 0; f < 12; f++)
      entries.push({ path: `top/lib/d${d}/sub/f${f}`, content: `${d}:${f}\n`, ...(f === 0 ? { mode: 0o755 } : {}) });
  }
  const out = await extract(entries);
  for (let d = 0; d < 40; d++) {
    assert.equal((await readdir(path.join(out, `lib/d${d}/sub`))).length, 12);
    for (let f = 0; f < 12; f++)
      assert.equal(await readFile(path.join(out, `lib/d${d}/sub/f${f}`), 'utf8'), `${d}:${f}\n`);
    assert.equal((await stat(path.join(out, `lib/d${d}/sub/f0`))).mode & 0o777, 0o755);
    assert.equal((await stat(path.join(out, `lib/d${d}/sub/f1`))).mode & 0o777, 0o644);
  }
});

test('a hardlink to a file just made names that file', async () => {
  const out = await extract([
    { path: 'top/bin/tool', content: 'the tool\n' },
    { path: 'top/bin/alias', type: 'Link', linkpath: 'top/bin/tool' },
  ]);
  assert.equal((await stat(path.join(out, 'bin/alias'))).ino, (await stat(path.join(out, 'bin/tool'))).ino);
});

test('a later entry at the same path replaces the file just made', async () => {
  const out = await extract([
    { path: 'top/etc/conf', content: 'first\n' },
    { path: 'top/etc/conf', content: 'second\n' },
    { path: 'top/etc/link', content: 'a file first\n' },
    { path: 'top/etc/link', type: 'SymbolicLink', linkpath: 'conf' },
  ]);
  assert.equal(await readFile(path.join(out, 'etc/conf'), 'utf8'), 'second\n');
  assert.ok((await lstat(path.join(out, 'etc/link'))).isSymbolicLink());
  assert.equal(await readlink(path.join(out, 'etc/link')), 'conf');
});

for (const [name, second] of [
  ['a file', { path: 'top/a/x', content: 'below a file\n' }],
  ['a directory', { path: 'top/a/x/', type: 'Directory' }],
  ['a symlink', { path: 'top/a/x', type: 'SymbolicLink', linkpath: '../b' }],
] as const) {
  test(`${name} below a file just made is refused, in the words of an in-order extraction`, async () => {
    await assert.rejects(
      extract([{ path: 'top/a', content: 'a file\n' }, second as TarEntry]),
      /refusing test: entry "top\/a\/x\/?" would be written below a, which is not a directory \(a symlink or a file\)/,
    );
  });
}

test('a directory entry at the path of a file just made is refused the same way', async () => {
  await assert.rejects(
    extract([
      { path: 'top/d', content: 'a file\n' },
      { path: 'top/d/', type: 'Directory' },
    ]),
    /refusing test: entry "top\/d\/" would be written below d, which is not a directory/,
  );
});
