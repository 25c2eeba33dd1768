// Placing copies of files: reflink where the file system can, else a hardlink, else a copy,
// deciding once and keeping to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ReflinkLinkCopy } from '../../src/util/reflink-link-copy.js';
import { tempDir } from '../helpers/paths.js';

function sources(dir: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const f = path.join(dir, `src${i}`);
    writeFileSync(f, `file ${i}\n`);
    return f;
  });
}

test('on one file system: the same placement for every file, with the same bytes', () => {
  const dir = tempDir('placer');
  const placer = new ReflinkLinkCopy();
  const ways = sources(dir, 3).map((src, i) => {
    const dst = path.join(dir, `dst${i}`);
    const way = placer.place(src, dst);
    assert.equal(readFileSync(dst, 'utf8'), `file ${i}\n`);
    // A hardlink is the same inode; a reflink or a copy is a new one.
    assert.equal(statSync(dst).ino === statSync(src).ino, way === 'link');
    return way;
  });
  assert.equal(new Set(ways).size, 1, `one way for all: ${ways.join(', ')}`);
  assert.notEqual(ways[0], 'copy', 'a hardlink works on one file system at least');
});

test('across file systems: copies, once a hardlink is refused for good', (t) => {
  if (!existsSync('/dev/shm')) return t.skip('no /dev/shm here');
  const src = sources(tempDir('placer-src'), 2);
  const other = mkdtempSync('/dev/shm/ostoo-placer-');
  t.after(() => rmSync(other, { recursive: true, force: true }));
  if (statSync(other).dev === statSync(src[0]!).dev) return t.skip('/dev/shm is on the same file system');
  const placer = new ReflinkLinkCopy();
  assert.equal(placer.place(src[0]!, path.join(other, 'a')), 'copy');
  assert.equal(placer.place(src[1]!, path.join(other, 'b')), 'copy');
  assert.equal(readFileSync(path.join(other, 'b'), 'utf8'), 'file 1\n');
});

test('an existing destination is an error, never overwritten', () => {
  const dir = tempDir('placer-excl');
  const [src] = sources(dir, 1);
  const dst = path.join(dir, 'taken');
  writeFileSync(dst, 'mine\n');
  assert.throws(() => new ReflinkLinkCopy().place(src!, dst), { code: 'EEXIST' });
  assert.equal(readFileSync(dst, 'utf8'), 'mine\n');
});
