// `ostoo toolchain mirror OUT` writes and removes only inside OUT: a symlink in OUT's own
// directories that leads elsewhere is refused, and stale work is removed only when a dead
// mirror run provably made it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from '../helpers/fixture.js';
import { errorLine, ostoo } from '../helpers/cli.js';

const tree = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

test('OUT/.ostoo-tmp a symlink out of OUT: mirror refuses and empties nothing', async () => {
  const f = await fixture();
  try {
    const out = path.join(f.root, 'mirror');
    const elsewhere = path.join(f.root, 'elsewhere');
    mkdirSync(path.join(elsewhere, 'keep'), { recursive: true });
    writeFileSync(path.join(elsewhere, 'keep', 'data'), 'data\n');
    writeFileSync(path.join(elsewhere, '77'), 'a file named like a PID\n');
    const before = tree(elsewhere);
    mkdirSync(out);
    symlinkSync(elsewhere, path.join(out, '.ostoo-tmp'));
    const r = await ostoo(['toolchain', 'mirror', out, '--lockfile', f.lockfile, '--dist-server', f.server.url]);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(errorLine(r), /^ostoo: .*\.ostoo-tmp is a symlink to .*elsewhere, outside .*mirror — /);
    assert.deepEqual(tree(elsewhere), before, 'nothing removed or written there');
  } finally {
    await f.cleanup();
  }
});

test('OUT/dist a symlink out of OUT: mirror refuses to write through it', async () => {
  const f = await fixture();
  try {
    const out = path.join(f.root, 'mirror');
    const elsewhere = path.join(f.root, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(out);
    symlinkSync(elsewhere, path.join(out, 'dist'));
    const r = await ostoo(['toolchain', 'mirror', out, '--lockfile', f.lockfile, '--dist-server', f.server.url]);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(errorLine(r), /^ostoo: .*dist is a symlink to .*elsewhere, outside .*mirror — /);
    assert.deepEqual(tree(elsewhere), [], 'nothing written there');
  } finally {
    await f.cleanup();
  }
});

test("stale work in OUT/.ostoo-tmp: a dead run's directory goes, names ostoo did not make stay", async () => {
  const f = await fixture();
  try {
    const out = path.join(f.root, 'mirror');
    const tmp = path.join(out, '.ostoo-tmp');
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
    mkdirSync(path.join(tmp, 'notes'), { recursive: true });
    writeFileSync(path.join(tmp, 'notes', 'keep.txt'), 'mine\n');
    const left = `mirror-${dead}-Ab12Cd`;
    mkdirSync(path.join(tmp, left));
    writeFileSync(path.join(tmp, left, '.ostoo-owner'), `${JSON.stringify({ pid: dead, token: 'feedface' })}\n`);
    writeFileSync(path.join(tmp, left, '0-partial.tar.gz'), 'partial');
    const r = await ostoo(['toolchain', 'mirror', out, '--lockfile', f.lockfile, '--dist-server', f.server.url]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(tree(tmp), ['notes', 'notes/keep.txt']);
  } finally {
    await f.cleanup();
  }
});
