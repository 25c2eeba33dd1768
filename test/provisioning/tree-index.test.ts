// A cached tree's index (.ostoo-tree.json) is input too: whoever can write the cache can
// write it. Its entries pass the checks archive entries pass, so a tampered index cannot
// place a file outside the prefix or an absolute or escaping symlink in it; such a tree is
// treated as damaged and rebuilt from verified bytes. A read-only (shared) cache's files are
// copied, never linked, and what it promises about files changed in place is what the README
// says: the index is checked before use, and `toolchain verify` re-hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { installToolchain } from '../../src/provisioning/install.js';
import { verifyToolchain } from '../../src/provisioning/status.js';
import { readLock } from '../../src/lock/file.js';
import { cachedFile, fixture, type Fixture } from '../helpers/fixture.js';
import { NAME } from '../helpers/dist-server.js';

interface IndexEntry {
  p: string;
  t: 'f' | 'd' | 'l';
  n?: number;
  size?: number;
  mode?: number;
  mtime?: number;
  ino?: number;
  link?: string;
}

async function treeOf(f: Fixture, cacheDir: string, component: string): Promise<string> {
  const lock = await readLock(f.lockfile);
  const a = lock.toolchains[NAME]!.hosts[f.host]!.artifacts.find((x) => x.component === component)!;
  return path.join(cacheDir, 'trees/sha256', a.gz!.sha256);
}

/** Inserts `add` right after the entry `after` in the tree's index, keeping every other check consistent. */
function tamper(tree: string, after: string, add: (nextN: number) => IndexEntry[]): void {
  const file = path.join(tree, '.ostoo-tree.json');
  const index = JSON.parse(readFileSync(file, 'utf8')) as IndexEntry[];
  const nextN = Math.max(...index.map((e) => e.n ?? -1)) + 1;
  const added = add(nextN);
  for (const e of added) {
    if (e.t !== 'f') continue;
    // A new stored file, so that the flat directory still holds exactly the indexed files.
    const stored = path.join(tree, String(e.n));
    copyFileSync(path.join(tree, String(index.find((x) => x.t === 'f')!.n)), stored);
    chmodSync(stored, 0o444);
    const st = lstatSync(stored);
    Object.assign(e, { size: st.size, mode: st.mode & 0o7777, mtime: Math.trunc(st.mtimeMs), ino: st.ino });
  }
  const at = index.findIndex((e) => e.p === after);
  assert.ok(at >= 0, `${after} is in the index`);
  index.splice(at + 1, 0, ...added);
  chmodSync(file, 0o644);
  writeFileSync(file, JSON.stringify(index));
}

/** Every path under `dir` named `name`. */
function named(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((r) => path.basename(r) === name);
}

const srcDir = 'rust-src/lib/rustlib/src/rust';

test("an index entry with '..' cannot place a file outside the prefix", async () => {
  const f = await fixture();
  try {
    await installToolchain(f.opts());
    await rm(f.toolchainDir, { recursive: true });
    tamper(await treeOf(f, f.cacheDir, 'rust-src'), srcDir, (n) => [
      { p: `${srcDir}/../../../../../outside-x`, t: 'f', n },
    ]);
    const res = await installToolchain(f.opts());
    assert.equal(res.alreadyInstalled, false);
    assert.deepEqual(named(f.root, 'outside-x'), [], 'no such file anywhere');
    assert.deepEqual((await verifyToolchain(f.opts())).problems, [], 'installed from a rebuilt, sound tree');
  } finally {
    await f.cleanup();
  }
});

test('an index symlink that is absolute, or leaves its component, is never made', async () => {
  const f = await fixture();
  try {
    await installToolchain(f.opts());
    await rm(f.toolchainDir, { recursive: true });
    tamper(await treeOf(f, f.cacheDir, 'rust-src'), srcDir, () => [
      { p: `${srcDir}/evil`, t: 'l', link: '/etc/passwd' },
      { p: `${srcDir}/up`, t: 'l', link: '../../../../../../etc' },
    ]);
    const res = await installToolchain(f.opts());
    assert.equal(res.alreadyInstalled, false);
    for (const l of ['evil', 'up'])
      assert.ok(!existsSync(path.join(f.toolchainDir, 'lib/rustlib/src/rust', l)), `no ${l} link`);
    assert.deepEqual((await verifyToolchain(f.opts())).problems, []);
  } finally {
    await f.cleanup();
  }
});

test('a read-only cache: its files are copied, so a later change there cannot reach an installed toolchain', async () => {
  const f = await fixture();
  try {
    const shared = path.join(f.root, 'shared');
    const mine = path.join(f.root, 'mine');
    const home = path.join(f.root, 'home2');
    await installToolchain(f.opts({ cacheDir: shared }));
    await installToolchain(f.opts({ cacheDir: shared, cacheWriteDir: mine, rustupHome: home }));
    const cached = cachedFile(await treeOf(f, shared, 'cargo'), 'cargo/bin/cargo');
    const installed = path.join(home, 'toolchains', path.basename(f.toolchainDir), 'bin/cargo');
    assert.notEqual(statSync(installed).ino, statSync(cached).ino, 'not a hardlink into the shared cache');
    const original = readFileSync(installed, 'utf8');
    // The shared cache's owner changes the file in place, keeping its size and mtime.
    changeInPlace(cached);
    assert.equal(readFileSync(installed, 'utf8'), original, 'the installed toolchain is unchanged');
  } finally {
    await f.cleanup();
  }
});

test('a read-only cache file changed in place (size and mtime kept) is found by toolchain verify', async () => {
  const f = await fixture();
  try {
    const shared = path.join(f.root, 'shared');
    const mine = path.join(f.root, 'mine');
    const home = path.join(f.root, 'home2');
    await installToolchain(f.opts({ cacheDir: shared }));
    changeInPlace(cachedFile(await treeOf(f, shared, 'cargo'), 'cargo/bin/cargo'));
    // The promise (README, "What is verified"): the index is checked, not the bytes, so this
    // installs; `toolchain verify` re-hashes against the locked archive and reports the file.
    await installToolchain(f.opts({ cacheDir: shared, cacheWriteDir: mine, rustupHome: home }));
    const problems = (await verifyToolchain(f.opts({ cacheDir: shared, cacheWriteDir: mine, rustupHome: home })))
      .problems;
    assert.deepEqual(
      problems.map((p) => `${p.component} ${p.path}`),
      [`cargo-${f.host} bin/cargo`],
    );
    assert.match(problems[0]!.problem, /^sha256 [0-9a-f]{64}, expected [0-9a-f]{64}$/);
  } finally {
    await f.cleanup();
  }
});

/** Overwrites a sealed file's bytes in place with as many other bytes, then restores its mode and mtime. */
function changeInPlace(file: string): void {
  const st = statSync(file);
  const text = readFileSync(file, 'utf8');
  chmodSync(file, 0o644);
  writeFileSync(file, text.replace(/cargo/, 'evilo'));
  chmodSync(file, st.mode & 0o7777);
  utimesSync(file, st.atime, st.mtime);
  assert.equal(statSync(file).size, st.size);
  assert.equal(statSync(file).mtimeMs, st.mtimeMs);
}
