// WriteScheduler: large files written on the thread pool, at the right offsets, with their
// times, closed once done; bytes and operations in flight counted; failures reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { constants, fstatSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WriteScheduler, type EntryStream } from '../../src/provisioning/extract-write-scheduler.js';

function tmp(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ostoo-writer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function entry(p: string, mtime?: Date): EntryStream & EventEmitter {
  return Object.assign(new EventEmitter(), { path: p, ...(mtime ? { mtime } : {}) });
}

function isClosed(fd: number): boolean {
  try {
    fstatSync(fd);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EBADF';
  }
}

function hooks() {
  const h = { failure: undefined as string | undefined, settled: 0 };
  return {
    h,
    hooks: {
      failed: () => h.failure !== undefined,
      fail: (err: unknown, rel: string) => void (h.failure ??= `${rel}: ${(err as Error).message}`),
      settled: () => void h.settled++,
    },
  };
}

test('chunks land in order at their offsets; times are set, the file closed, and the scheduler goes idle', async (t) => {
  const dir = tmp(t);
  const file = path.join(dir, 'big');
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT, 0o644);
  const { h, hooks: k } = hooks();
  const w = new WriteScheduler(k);
  const mtime = new Date('2020-01-02T03:04:05Z');
  const e = entry('big', mtime);
  w.writeFile(e, fd);
  const chunks = [Buffer.alloc(3 << 20, 1), Buffer.alloc(1 << 20, 2), Buffer.from('tail')];
  for (const c of chunks) e.emit('data', c);
  assert.equal(w.inflightBytes, (4 << 20) + 4, 'bytes handed over are counted until written');
  e.emit('end');
  await w.whenIdle();
  assert.equal(w.inflightBytes, 0);
  assert.equal(h.failure, undefined);
  assert.ok(readFileSync(file).equals(Buffer.concat(chunks)));
  assert.equal(statSync(file).mtimeMs, mtime.getTime());
  assert.ok(isClosed(fd), 'the file was left open');
  assert.ok(h.settled >= chunks.length + 1, 'settled is called after every operation');
});

test('whenIdle waits for the writes in flight', async (t) => {
  const dir = tmp(t);
  const fd = openSync(path.join(dir, 'f'), constants.O_WRONLY | constants.O_CREAT, 0o644);
  const w = new WriteScheduler(hooks().hooks);
  await w.whenIdle(); // nothing in flight yet
  const e = entry('f');
  w.writeFile(e, fd);
  e.emit('data', Buffer.alloc(8 << 20));
  e.emit('end');
  let idle = false;
  const p = w.whenIdle().then(() => (idle = true));
  assert.equal(idle, false);
  await p;
  assert.ok(isClosed(fd));
});

test('after a failure no more data is written and times are not set', async (t) => {
  const dir = tmp(t);
  const file = path.join(dir, 'f');
  writeFileSync(file, '');
  const before = statSync(file).mtimeMs;
  const fd = openSync(file, constants.O_WRONLY);
  const { h, hooks: k } = hooks();
  h.failure = 'something else failed';
  const w = new WriteScheduler(k);
  const e = entry('f', new Date('2000-01-01T00:00:00Z'));
  w.writeFile(e, fd);
  e.emit('data', Buffer.from('ignored'));
  e.emit('end');
  await w.whenIdle();
  assert.equal(readFileSync(file, 'utf8'), '');
  assert.equal(statSync(file).mtimeMs, before);
  assert.ok(isClosed(fd), 'the file is still closed');
});

test('a write error is reported with the entry path', async (t) => {
  const dir = tmp(t);
  const file = path.join(dir, 'f');
  writeFileSync(file, '');
  const fd = openSync(file, constants.O_RDONLY); // writes fail with EBADF
  const { h, hooks: k } = hooks();
  const w = new WriteScheduler(k);
  const e = entry('TOP/c/f');
  w.writeFile(e, fd);
  e.emit('data', Buffer.from('x'));
  e.emit('end');
  await w.whenIdle();
  assert.match(h.failure ?? '', /^TOP\/c\/f: EBADF/);
  assert.ok(isClosed(fd));
});

test('closeUnfinished closes the files whose entries never ended', async (t) => {
  const dir = tmp(t);
  const fd = openSync(path.join(dir, 'f'), constants.O_WRONLY | constants.O_CREAT, 0o644);
  const w = new WriteScheduler(hooks().hooks);
  const e = entry('f');
  w.writeFile(e, fd);
  e.emit('data', Buffer.from('partial'));
  await w.whenIdle();
  assert.equal(isClosed(fd), false);
  w.closeUnfinished();
  assert.ok(isClosed(fd));
});

test('a small file being created holds back entries at or below it, until it is there', async (t) => {
  const dir = tmp(t);
  const { h, hooks: k } = hooks();
  const w = new WriteScheduler(k);
  const e = entry('a');
  w.createSmallFile(e, path.join(dir, 'a'), 'a', '', 0o644);
  e.emit('data', Buffer.from('one '));
  e.emit('data', Buffer.from('two\n'));
  e.emit('end');
  assert.ok(w.making);
  assert.equal(w.makingCount, 1);
  assert.equal(w.waitsForCreation('a'), true, 'the file itself');
  assert.equal(w.waitsForCreation('a/x/y'), true, 'a path below it');
  assert.equal(w.waitsForCreation('ab'), false, 'a sibling that only shares a prefix');
  assert.equal(w.waitsForCreation('b'), false);
  await w.whenIdle();
  assert.equal(h.failure, undefined);
  assert.equal(w.making, false);
  assert.equal(w.waitsForCreation('a/x'), false);
  assert.equal(readFileSync(path.join(dir, 'a'), 'utf8'), 'one two\n');
  assert.equal(w.inflightBytes, 0);
});

test('files and directories made on the thread pool wait for the directory they go in', async (t) => {
  const dir = tmp(t);
  const { h, hooks: k } = hooks();
  const w = new WriteScheduler(k);
  const notADirectory = () => new Error('not a directory');
  w.makeDir(path.join(dir, 'd'), 'd', '', 0o755, notADirectory);
  w.makeDir(path.join(dir, 'd/e'), 'd/e', 'd', 0o755, notADirectory);
  const e = entry('d/e/f');
  w.createSmallFile(e, path.join(dir, 'd/e/f'), 'd/e/f', 'd/e', 0o600);
  e.emit('data', Buffer.from('deep\n'));
  e.emit('end');
  await w.whenIdle();
  assert.equal(h.failure, undefined);
  assert.equal(readFileSync(path.join(dir, 'd/e/f'), 'utf8'), 'deep\n');
  assert.equal(statSync(path.join(dir, 'd/e/f')).mode & 0o777, 0o600);
  assert.equal(w.making, false);
});

test('a directory where a file already is fails with the words it was given', async (t) => {
  const dir = tmp(t);
  writeFileSync(path.join(dir, 'taken'), 'a file\n');
  const { h, hooks: k } = hooks();
  const w = new WriteScheduler(k);
  w.makeDir(path.join(dir, 'taken'), 'taken', '', 0o755, () => new Error('taken is not a directory'));
  await w.whenIdle();
  assert.equal(h.failure, 'taken: taken is not a directory');
});

test('a small file that cannot be created is reported by its path, and none of its bytes stay counted', async (t) => {
  const dir = tmp(t);
  writeFileSync(path.join(dir, 'there'), 'already\n');
  const { h, hooks: k } = hooks();
  const w = new WriteScheduler(k);
  const e = entry('TOP/there');
  w.createSmallFile(e, path.join(dir, 'there'), 'there', '', 0o644);
  await w.whenIdle();
  e.emit('data', Buffer.from('late bytes'));
  e.emit('end');
  assert.match(h.failure ?? '', /^there: EEXIST/);
  assert.equal(w.inflightBytes, 0);
  assert.equal(readFileSync(path.join(dir, 'there'), 'utf8'), 'already\n', 'the file there is untouched');
});
