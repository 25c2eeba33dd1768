// `ostoo toolchain gc`: entries no given lock references go, every referenced one stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { installToolchain } from '../../src/provisioning/install.js';
import { readLock } from '../../src/lock/file.js';
import { COMPRESSIONS } from '../../src/lock/schema.js';
import { fixture } from '../helpers/fixture.js';
import { defaultComponents, NAME } from '../helpers/dist-server.js';
import { ostooBin } from '../helpers/paths.js';

const run = promisify(execFile);
const bin = ostooBin;

function bytesUnder(p: string): number {
  const st = lstatSync(p);
  if (!st.isDirectory()) return st.isFile() ? st.size : 0;
  return readdirSync(p).reduce((n, e) => n + bytesUnder(path.join(p, e)), 0);
}

async function hashes(lockfile: string): Promise<Set<string>> {
  const lock = await readLock(lockfile);
  const out = new Set<string>();
  for (const e of Object.values(lock.toolchains)) {
    if (e.manifest_sha256) out.add(e.manifest_sha256);
    for (const h of Object.values(e.hosts))
      for (const a of h.artifacts) for (const c of COMPRESSIONS) if (a[c]) out.add(a[c].sha256);
  }
  return out;
}

test('gc removes only entries no given lock references, and prints the bytes freed', async () => {
  const f = await fixture();
  // Another team's lock: the same nightly with a different cargo archive.
  const g = await fixture({
    components: (host) =>
      defaultComponents(host).map((c) =>
        c.pkg === 'cargo'
          ? { ...c, files: { 'bin/cargo': { content: '#!/bin/sh\necho other cargo\n', mode: 0o755 } } }
          : c,
      ),
  });
  try {
    await installToolchain(f.opts({ keepArchives: true }));
    await installToolchain(g.opts({ cacheDir: f.cacheDir, keepArchives: true }));
    await rm(g.toolchainDir, { recursive: true });
    const mine = await hashes(f.lockfile);
    const theirs = [...(await hashes(g.lockfile))].filter((h) => !mine.has(h));
    const theirManifest = (await readLock(g.lockfile)).toolchains[NAME]!.manifest_sha256 as string;
    assert.deepEqual(
      theirs.sort(),
      [theirManifest, ...theirs.filter((h) => h !== theirManifest)].sort(),
      'their manifest and cargo differ',
    );
    assert.equal(theirs.length, 2);
    const other = theirs.find((h) => h !== theirManifest) as string;
    const blob = (h: string): number =>
      bytesUnder(path.join(f.cacheDir, 'blobs/sha256', h)) +
      bytesUnder(path.join(f.cacheDir, 'blobs/sha256', `${h}.verified`));
    const expectFreed = bytesUnder(path.join(f.cacheDir, 'trees/sha256', other)) + blob(other) + blob(theirManifest);

    // With both locks nothing goes.
    const both = await run(process.execPath, [
      bin,
      'toolchain',
      'gc',
      '--cache',
      f.cacheDir,
      '--lockfile',
      `${f.lockfile},${g.lockfile}`,
    ]);
    assert.match(both.stdout, /^freed 0\.0 MiB \(0 bytes\)/m);

    const dry = await run(process.execPath, [
      bin,
      'toolchain',
      'gc',
      '--cache',
      f.cacheDir,
      '--lockfile',
      f.lockfile,
      '--dry-run',
    ]);
    assert.match(dry.stdout, new RegExp(`would remove trees/sha256/${other}`));
    assert.ok(readdirSync(path.join(f.cacheDir, 'trees/sha256')).includes(other));

    const r = await run(process.execPath, [bin, 'toolchain', 'gc', '--cache', f.cacheDir, '--lockfile', f.lockfile]);
    assert.match(r.stdout, new RegExp(`^removed blobs/sha256/${other}$`, 'm'));
    assert.match(r.stdout, new RegExp(`^removed trees/sha256/${other}$`, 'm'));
    assert.match(r.stdout, new RegExp(`freed [\\d.]+ MiB \\(${expectFreed} bytes\\); kept`));
    // Every entry the lock references is still there.
    const trees = new Set(await readdir(path.join(f.cacheDir, 'trees/sha256')));
    const blobs = new Set(await readdir(path.join(f.cacheDir, 'blobs/sha256')));
    assert.ok(!trees.has(other) && !blobs.has(other) && !blobs.has(theirManifest));
    const lock = await readLock(f.lockfile);
    for (const a of lock.toolchains[NAME]!.hosts[f.host]!.artifacts) {
      assert.ok(trees.has(a.gz!.sha256), `${a.component} tree kept`);
      assert.ok(blobs.has(a.gz!.sha256) && blobs.has(`${a.gz!.sha256}.verified`), `${a.component} archive kept`);
    }
    assert.ok(blobs.has(lock.toolchains[NAME]!.manifest_sha256!), 'the channel manifest is kept');
    // The kept cache still installs offline.
    await rm(f.toolchainDir, { recursive: true });
    await installToolchain(f.opts({ offline: true }));
  } finally {
    await g.cleanup();
    await f.cleanup();
  }
});
