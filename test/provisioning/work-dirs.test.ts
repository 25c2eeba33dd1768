// Which work directories the stale-work cleanup may remove: only those it can prove a dead
// ostoo process made, including one killed between mkdtemp and writing its owner record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheRoot } from '../../src/provisioning/cache.js';
import { makeWorkDir, OWNER_FILE, removeLeftWork } from '../../src/provisioning/work-dirs.js';

/** The PID of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

function withCache(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ostoo-work-dirs-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** A directory in cache/tmp with the work-directory name shape, holding `files`. */
function leftDir(cache: string, name: string, files: Record<string, string>): void {
  const d = path.join(cache, 'tmp', name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(d, f), text);
}

test(
  'a dead maker with a record: removed; this process and a live one: kept',
  withCache(async (cache) => {
    const rooted = cacheRoot(cache);
    const mine = await makeWorkDir(rooted, 'tmp', 'tree');
    const dead = deadPid();
    leftDir(cache, `tree-${dead}-abcDEF`, { [OWNER_FILE]: `${JSON.stringify({ pid: dead })}\n`, x: 'data' });
    leftDir(cache, `dl-1-abcDEF`, { [OWNER_FILE]: `${JSON.stringify({ pid: 1 })}\n` });
    const removed = await removeLeftWork(rooted, 'tmp');
    assert.deepEqual(removed, [`tree-${dead}-abcDEF`]);
    assert.deepEqual(readdirSync(path.join(cache, 'tmp')).sort(), ['dl-1-abcDEF', path.basename(mine)].sort());
  }),
);

test(
  'killed before its record was written: an empty directory or a partial record is removed',
  withCache(async (cache) => {
    const dead = deadPid();
    leftDir(cache, `tree-${dead}-empty1`, {});
    leftDir(cache, `tree-${dead}-part01`, { [OWNER_FILE]: '{"pid":' });
    leftDir(cache, `tree-${dead}-blank1`, { [OWNER_FILE]: '' });
    const removed = await removeLeftWork(cacheRoot(cache), 'tmp');
    assert.deepEqual(removed.sort(), [`tree-${dead}-blank1`, `tree-${dead}-empty1`, `tree-${dead}-part01`]);
    assert.deepEqual(readdirSync(path.join(cache, 'tmp')), []);
  }),
);

test(
  'without a record, anything with content, a live PID or another name shape is left alone',
  withCache(async (cache) => {
    const dead = deadPid();
    leftDir(cache, `tree-${dead}-files1`, { 'beach.jpg': 'jpeg\n' });
    leftDir(cache, `tree-${dead}-both01`, { [OWNER_FILE]: '{"pid":', 'beach.jpg': 'jpeg\n' });
    leftDir(cache, `tree-${process.pid}-mine01`, {});
    leftDir(cache, `tree-1-init01`, {});
    leftDir(cache, '2024-photos', {});
    const before = readdirSync(path.join(cache, 'tmp')).sort();
    assert.deepEqual(await removeLeftWork(cacheRoot(cache), 'tmp'), []);
    assert.deepEqual(readdirSync(path.join(cache, 'tmp')).sort(), before);
  }),
);
