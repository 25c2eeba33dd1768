// The cache's file-only store: a verified tree is a flat directory of numbered files plus
// its index (no directories, no symlinks on disk), a cold install moves the extracted
// package into place (its directories become the toolchain's), and a warm one links from
// the store, with the same result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { installToolchain } from '../../src/provisioning/install.js';
import { verifyToolchain } from '../../src/provisioning/status.js';
import { cachedFile, fixture } from '../helpers/fixture.js';
import { defaultComponents, type FakeComponent } from '../helpers/dist-server.js';

function withSymlink(host: string): FakeComponent[] {
  return defaultComponents(host).map((c) =>
    c.pkg === 'rustc'
      ? {
          ...c,
          manifest: ['file:bin/rustc', 'file:lib/librustc_driver.so', 'file:lib/libalias.so', 'dir:share/doc/rustc'],
          extra: [{ path: 'TOP/rustc/lib/libalias.so', type: 'SymbolicLink', linkpath: 'librustc_driver.so' }],
        }
      : c,
  );
}

function walk(dir: string): { dirs: string[]; files: string[]; links: string[] } {
  const out = { dirs: [] as string[], files: [] as string[], links: [] as string[] };
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(dir, path.join(e.parentPath, e.name));
    if (e.isDirectory()) out.dirs.push(rel);
    else if (e.isSymbolicLink()) out.links.push(rel);
    else out.files.push(rel);
  }
  return out;
}

test('trees are stored as flat files; cold (moved) and warm (linked) installs give the same toolchain', async () => {
  const f = await fixture({ components: withSymlink });
  try {
    await installToolchain(f.opts());
    const trees = path.join(f.cacheDir, 'trees/sha256');
    for (const t of readdirSync(trees)) {
      const w = walk(path.join(trees, t));
      assert.deepEqual([w.dirs, w.links], [[], []], `${t} holds only files`);
      assert.ok(w.files.includes('.ostoo-tree.json'));
    }
    // Nothing of the extraction is left next to the staging directory.
    assert.deepEqual(
      readdirSync(path.join(f.rustupHome, 'tmp')).filter((n) => n.includes('staging')),
      [],
    );
    const cold = walk(f.toolchainDir);
    assert.ok(cold.dirs.includes('lib/rustlib/src/rust/library/core/src'), 'rust-src moved in whole');
    assert.deepEqual(cold.links, ['lib/libalias.so']);
    assert.equal(readlinkSync(path.join(f.toolchainDir, 'lib/libalias.so')), 'librustc_driver.so');
    // The installed file and the stored copy are one inode (or a reflinked copy where the file system has them).
    const rustcTree = readdirSync(trees).find((t) => {
      try {
        cachedFile(path.join(trees, t), 'rustc/bin/rustc');
        return true;
      } catch {
        return false;
      }
    }) as string;
    const stored = cachedFile(path.join(trees, rustcTree), 'rustc/bin/rustc');
    assert.equal(await readFile(stored, 'utf8'), await readFile(path.join(f.toolchainDir, 'bin/rustc'), 'utf8'));
    assert.equal(statSync(stored).ino, statSync(path.join(f.toolchainDir, 'bin/rustc')).ino);
    assert.deepEqual((await verifyToolchain(f.opts())).problems, []);

    await rm(f.toolchainDir, { recursive: true });
    const before = f.server.log.length;
    await installToolchain(f.opts({ offline: true }));
    assert.equal(f.server.log.length, before);
    const warm = walk(f.toolchainDir);
    assert.deepEqual(
      [warm.dirs.sort(), warm.files.sort(), warm.links],
      [cold.dirs.sort(), cold.files.sort(), cold.links],
    );
    assert.equal(readlinkSync(path.join(f.toolchainDir, 'lib/libalias.so')), 'librustc_driver.so');
    assert.ok(lstatSync(path.join(f.toolchainDir, 'lib/libalias.so')).isSymbolicLink());
    assert.deepEqual((await verifyToolchain(f.opts())).problems, []);
  } finally {
    await f.cleanup();
  }
});
