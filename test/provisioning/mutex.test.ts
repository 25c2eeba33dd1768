// The install lock cannot wait on itself. A lock naming this process, PID 1,
// a reused PID or a process that is not an ostoo install is stale and taken over at once;
// a lock really held (here, or by another live install) is still waited for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { acquire, startTime } from '../../src/provisioning/mutex.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-mutex-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function takenAtOnce(content: string): Promise<void> {
  await withDir(async (dir) => {
    const file = path.join(dir, 'x.lock');
    await writeFile(file, content);
    const t0 = Date.now();
    const held = await acquire(file, { timeoutMs: 3000 });
    assert.ok(Date.now() - t0 < 1000, `taken over at once (took ${Date.now() - t0} ms)`);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid);
    await held.release();
    assert.ok(!existsSync(file));
  });
}

test('a lock naming this process (old format) is stale', () => takenAtOnce(`${process.pid}\n`));

test('a lock naming this process with a token it does not hold is stale', () =>
  takenAtOnce(JSON.stringify({ pid: process.pid, start: startTime(process.pid), token: 'feedface' })));

test('a lock held by PID 1 is stale (not an ostoo install)', () => takenAtOnce('1\n'));

test('a lock whose PID was reused by another process is stale', async () => {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    await new Promise((r) => child.once('spawn', r));
    // Old format: a live process that is not node or ostoo.
    await takenAtOnce(`${child.pid}\n`);
    // New format: the PID is alive but started at another time than the recorded one.
    await takenAtOnce(JSON.stringify({ pid: child.pid, start: '1', token: 'x' }));
    // Another boot.
    await takenAtOnce(
      JSON.stringify({ pid: child.pid, start: startTime(child.pid!), boot: 'not-this-boot', token: 'x' }),
    );
  } finally {
    child.kill();
  }
});

test('a lock held in this process, or by a live install, is still waited for', async () => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'x.lock');
    const first = await acquire(file);
    let waited = false;
    const second = acquire(file, { timeoutMs: 5000, onWait: () => (waited = true) });
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(waited, 'the second waits');
    await first.release();
    const held = await second;
    await held.release();
  });
  await withDir(async (dir) => {
    // Another node process holding it, recorded as acquire records itself.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const file = path.join(dir, 'x.lock');
      await writeFile(file, JSON.stringify({ pid: child.pid, start: startTime(child.pid!), token: 'theirs' }));
      await assert.rejects(acquire(file, { timeoutMs: 500 }), /timed out waiting for .*held by pid \d+/);
    } finally {
      child.kill();
    }
  });
});
