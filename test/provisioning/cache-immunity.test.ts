// Installed files share inodes with the cache (hardlinks), so the cache's
// files are sealed read-only: an in-place edit through an installed path is refused, and
// the cache, and the next install from it, keep the verified bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { installToolchain } from '../../src/provisioning/install.js';
import { readLock } from '../../src/lock/file.js';
import { cachedFile, fixture } from '../helpers/fixture.js';
import { NAME } from '../helpers/dist-server.js';

const run = promisify(execFile);
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Runs `sh -c script` as an ordinary user: ourselves, or nobody when we are root. */
async function shAsUser(script: string): Promise<{ ok: boolean; stderr: string }> {
  try {
    await run('sh', ['-c', script], asRoot ? { uid: NOBODY, gid: NOBODY } : {});
    return { ok: true, stderr: '' };
  } catch (err) {
    return { ok: false, stderr: String((err as { stderr?: string }).stderr ?? err) };
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

test('cached files are sealed read-only, and an in-place edit of an installed file cannot reach the cache', async () => {
  const f = await fixture();
  try {
    await installToolchain(f.opts());
    const lock = await readLock(f.lockfile);
    const rustcSha = lock.toolchains[NAME]?.hosts[f.host]?.artifacts[0]?.gz?.sha256 as string;
    const cached = cachedFile(path.join(f.cacheDir, 'trees/sha256', rustcSha), 'rustc/bin/rustc');
    const installed = path.join(f.toolchainDir, 'bin/rustc');
    const original = await readFile(installed, 'utf8');
    assert.equal(statSync(installed).ino, statSync(cached).ino, 'installed by hardlink on this file system');
    for (const file of filesUnder(path.join(f.cacheDir, 'trees'))) {
      if (path.basename(file) === '.ostoo-tree.json') continue;
      assert.equal(lstatSync(file).mode & 0o222, 0, `${file} has no write bit`);
    }
    assert.equal(statSync(installed).mode & 0o777, 0o555, 'executables stay executable');

    // Make the mode the only barrier: the user owns the file and can reach it.
    for (let d = f.toolchainDir; d !== path.dirname(f.root); d = path.dirname(d)) chmodSync(d, 0o755);
    if (asRoot) chownSync(installed, NOBODY, NOBODY);
    const q = (p: string): string => `'${p.replace(/'/g, `'\\''`)}'`;
    // Control: the same user can write a file that is not sealed, in the same directory.
    const control = path.join(f.toolchainDir, 'bin', 'control');
    await writeFile(control, 'x');
    chmodSync(control, 0o644);
    if (asRoot) chownSync(control, NOBODY, NOBODY);
    assert.equal((await shAsUser(`printf y > ${q(control)}`)).ok, true, 'the user can write an unsealed file');

    const edit = await shAsUser(`printf '#!/bin/sh\\necho evil\\n' > ${q(installed)}`);
    assert.equal(edit.ok, false, 'the in-place edit is refused');
    assert.match(edit.stderr, /Permission denied/);
    assert.equal(await readFile(cached, 'utf8'), original);

    // The next install from the cache has the verified bytes.
    await rm(f.toolchainDir, { recursive: true });
    const res = await installToolchain(f.opts({ offline: true }));
    assert.equal(res.alreadyInstalled, false);
    assert.equal(await readFile(installed, 'utf8'), original);
  } finally {
    await f.cleanup();
  }
});
