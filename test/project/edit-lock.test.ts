// One lock per project serialises ostoo's edits of it: commands that edit a project run one
// after the other, each planning from what the one before wrote, so concurrent runs all land.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, tempDir } from '../helpers/paths.js';
import { errorLine, ostoo } from '../helpers/cli.js';
import { snapshotBytes } from '../helpers/tree.js';

const pingpong = path.join(repoRoot, 'test', 'fixtures', 'camkes-samples-layout', 'pingpong');

test('concurrent camkes-component runs in one app all land', async () => {
  for (let trial = 0; trial < 3; trial++) {
    const root = tempDir('edit-lock');
    cpSync(pingpong, path.join(root, 'pingpong'), { recursive: true });
    const names = ['alpha', 'beta', 'gamma'];
    const runs = await Promise.all(
      names.map((n) => ostoo(['camkes-component', n, '--app', 'pingpong', '--bindgen', 'none'], { cwd: root })),
    );
    for (const [i, r] of runs.entries()) assert.equal(r.exitCode, 0, `trial ${trial}, ${names[i]}: ${r.stderr}`);
    const makefile = readFileSync(path.join(root, 'pingpong/Makefile'), 'utf8');
    const adl = readFileSync(path.join(root, 'pingpong/pingpong.camkes'), 'utf8');
    for (const n of names) {
      assert.match(makefile, new RegExp(`^${n}_RUST := ${n}$`, 'm'), `trial ${trial}: Makefile has ${n}`);
      assert.match(adl, new RegExp(`component ${n} ${n}_obj;`), `trial ${trial}: the assembly has ${n}`);
      assert.ok(existsSync(path.join(root, 'pingpong/components', n, 'Cargo.toml')));
    }
    assert.ok(!existsSync(path.join(root, '.ostoo.lock')), 'the lock is gone afterwards');
  }
});

test('a FIFO or a directory where the edit lock goes: refused at once, naming it, nothing changed', async () => {
  for (const make of ['fifo', 'dir']) {
    const root = tempDir('edit-lock-special');
    cpSync(pingpong, path.join(root, 'pingpong'), { recursive: true });
    const lock = path.join(root, '.ostoo.lock');
    if (make === 'fifo') assert.equal(spawnSync('mkfifo', [lock]).status, 0);
    else mkdirSync(lock);
    // (Not the FIFO itself: reading it would block.)
    const before = snapshotBytes(path.join(root, 'pingpong'));
    const r = await ostoo(['camkes-component', 'alpha', '--app', 'pingpong', '--bindgen', 'none'], {
      cwd: root,
      timeoutMs: 30_000,
    });
    assert.equal(r.timedOut, false, `${make}: does not hang`);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(
      errorLine(r),
      new RegExp(`^ostoo: .*\\.ostoo\\.lock is a (FIFO|directory), not a regular file — .*move it aside`),
    );
    assert.deepEqual(snapshotBytes(path.join(root, 'pingpong')), before, `${make}: nothing changed`);
    const st = lstatSync(lock);
    assert.ok(make === 'fifo' ? st.isFIFO() : st.isDirectory(), `${make}: left where it was`);
    assert.deepEqual(readdirSync(root).sort(), ['.ostoo.lock', 'pingpong']);
  }
});
