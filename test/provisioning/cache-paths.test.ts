// The cache's own directories as users really have them: a subdirectory that is a symlink to
// another disk, and names in tmp/ that ostoo did not make. Nothing outside the cache may be
// deleted or written, and the stale-work cleanup removes only what it can prove it made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from '../helpers/fixture.js';
import { errorLine, installFixture, ostoo } from '../helpers/cli.js';

/** A directory of the user's, with something in it worth keeping. */
function precious(dir: string): string[] {
  mkdirSync(path.join(dir, '2024-photos'), { recursive: true });
  writeFileSync(path.join(dir, '2024-photos', 'beach.jpg'), 'jpeg\n');
  writeFileSync(path.join(dir, '1234-notes.txt'), 'notes\n');
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

/** The PID of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

test('cache/tmp a symlink out of the cache: install refuses it and deletes nothing there', async () => {
  const f = await fixture();
  try {
    const elsewhere = path.join(f.root, 'elsewhere');
    const before = precious(elsewhere);
    mkdirSync(f.cacheDir, { recursive: true });
    symlinkSync(elsewhere, path.join(f.cacheDir, 'tmp'));
    const r = await installFixture(f);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(errorLine(r), /^ostoo: .*cache.*tmp is a symlink to .*elsewhere, outside .* — /);
    assert.deepEqual(readdirSync(elsewhere, { recursive: true }).map(String).sort(), before, 'nothing deleted there');
    assert.ok(!existsSync(f.toolchainDir));
  } finally {
    await f.cleanup();
  }
});

test('cache/trees/sha256, cache/blobs or cache/sysroots a symlink out of the cache: gc refuses and empties nothing', async () => {
  const f = await fixture();
  try {
    assert.equal((await installFixture(f, ['--keep-archives'])).exitCode, 0);
    for (const sub of ['trees/sha256', 'blobs', 'sysroots']) {
      const elsewhere = path.join(f.root, `elsewhere-${sub.replace('/', '-')}`);
      const before = precious(elsewhere);
      const real = path.join(f.cacheDir, sub);
      spawnSync('mv', [real, `${real}.moved`]);
      symlinkSync(elsewhere, real);
      const r = await ostoo(['toolchain', 'gc', '--cache', f.cacheDir, '--lockfile', f.lockfile]);
      assert.equal(r.exitCode, 1, r.stderr);
      assert.match(errorLine(r), new RegExp(`^ostoo: .*${sub}.* is a symlink to .*elsewhere.*, outside .* — `));
      assert.deepEqual(readdirSync(elsewhere, { recursive: true }).map(String).sort(), before, `${sub}: kept`);
      spawnSync('rm', [real]);
      spawnSync('mv', [`${real}.moved`, real]);
    }
  } finally {
    await f.cleanup();
  }
});

test('stale work in cache/tmp: only what a dead ostoo process made is removed', async () => {
  const f = await fixture();
  try {
    const tmp = path.join(f.cacheDir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const dead = deadPid();
    // Names with a dead PID in them that ostoo did not make (no owner record): a user's files.
    const theirs = [`${dead}-notes`, `tree-${dead}-abcdef`, `${dead}`];
    mkdirSync(path.join(tmp, theirs[0]!));
    writeFileSync(path.join(tmp, theirs[0]!, 'keep.txt'), 'mine\n');
    // (An empty directory of that shape is what a process killed before its record leaves;
    // work-dirs.test.ts covers it. This one holds the user's file, so it stays.)
    mkdirSync(path.join(tmp, theirs[1]!));
    writeFileSync(path.join(tmp, theirs[1]!, 'keep.txt'), 'mine too\n');
    writeFileSync(path.join(tmp, theirs[2]!), 'a file\n');
    // What a killed install leaves: its work directory, with the record of who made it.
    const left = `tree-${dead}-Xy12Zq`;
    mkdirSync(path.join(tmp, left, 'partial'), { recursive: true });
    writeFileSync(path.join(tmp, left, '.ostoo-owner'), `${JSON.stringify({ pid: dead, token: 'feedface' })}\n`);
    const r = await installFixture(f);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(readdirSync(tmp).sort(), theirs.sort(), 'only the dead install’s own work went');
  } finally {
    await f.cleanup();
  }
});
