// `toolchain gc` deletes every cache entry no given lock references, so which locks it keeps
// must be the user's choice: outside a project, with no lock of its own, it refuses unless
// given the lock files to keep (it never falls back to the lock this package ships).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixture } from '../helpers/fixture.js';
import { tempDir } from '../helpers/paths.js';
import { snapshotBytes } from '../helpers/tree.js';
import { errorLine, installFixture, ostoo } from '../helpers/cli.js';

test('gc outside a project without --lockfile refuses and removes nothing', async () => {
  const f = await fixture();
  try {
    assert.equal((await installFixture(f, ['--keep-archives'])).exitCode, 0);
    const before = snapshotBytes(f.cacheDir);
    const nowhere = tempDir('gc-nowhere');
    for (const extra of [[], ['--dry-run']]) {
      const r = await ostoo(['toolchain', 'gc', '--cache', f.cacheDir, ...extra], { cwd: nowhere });
      assert.equal(r.exitCode, 1, r.stderr);
      assert.match(
        errorLine(r),
        /^ostoo: toolchain gc needs the lock files whose toolchains to keep \(no toolchains\.lock here\) — pass --lockfile F\[,G…\]/,
      );
      assert.deepEqual(snapshotBytes(f.cacheDir), before, 'the cache is untouched');
    }
    // Given the lock, it keeps what the lock references.
    const r = await ostoo(['toolchain', 'gc', '--cache', f.cacheDir, '--lockfile', f.lockfile], { cwd: nowhere });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /freed 0\.0 MiB \(0 bytes\); kept \d+ entries referenced by /);
    // In a directory holding a toolchains.lock, that lock is the default.
    const r2 = await ostoo(['toolchain', 'gc', '--cache', f.cacheDir, '--dry-run'], { cwd: path.dirname(f.lockfile) });
    assert.equal(r2.exitCode, 0, r2.stderr);
    assert.match(r2.stdout, new RegExp(`referenced by ${f.lockfile}`));
  } finally {
    await f.cleanup();
  }
});
