// Files named on the command line that are not regular files (a FIFO, /dev/zero, a directory)
// are refused at once, never read: no hang, no endless read, no `Invalid string length`. And
// every read is bounded: a huge (sparse) file is refused by its size, unread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, ftruncateSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/paths.js';
import { errorLine, ostoo } from '../helpers/cli.js';

function specials(): { fifo: string; dir: string; huge: string } {
  const root = tempDir('specials');
  const fifo = path.join(root, 'fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const dir = path.join(root, 'dir');
  mkdirSync(dir);
  const huge = path.join(root, 'huge');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 3 * 2 ** 30);
  closeSync(fd);
  return { fifo, dir, huge };
}

const quick = { timeoutMs: 20_000 };

test('ostoo verify on a FIFO, /dev/zero, a directory or a huge file: one FAIL line each, at once', async () => {
  const { fifo, dir, huge } = specials();
  const cases: [string, RegExp][] = [
    [fifo, /: FAIL read: a FIFO, not a regular file$/],
    ['/dev/zero', /: FAIL read: a character device, not a regular file$/],
    [dir, /: FAIL read: a directory, not a regular file$/],
    [huge, /: FAIL read: 3221225472 bytes, more than the \d+ MiB a program to verify may have$/],
  ];
  for (const [file, re] of cases) {
    const r = await ostoo(['verify', file], quick);
    assert.equal(r.timedOut, false, `${file}: does not hang`);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(r.stdout.trim(), new RegExp(`^${file.replace(/[/.]/g, '\\$&')}${re.source}`));
  }
});

test('--lockfile naming a FIFO, /dev/zero or a directory is refused at once, with the path', async () => {
  const { fifo, dir } = specials();
  const cases: [string, string][] = [
    [fifo, 'a FIFO'],
    ['/dev/zero', 'a character device'],
    [dir, 'a directory'],
  ];
  for (const [file, kind] of cases) {
    for (const args of [
      ['toolchain', 'list', '--lockfile', file],
      ['toolchain', 'install', 'nightly-2026-05-20', '--lockfile', file, '--offline'],
    ]) {
      const r = await ostoo(args, quick);
      assert.equal(r.timedOut, false, `${args.join(' ')}: does not hang`);
      assert.equal(r.exitCode, 1, r.stderr);
      assert.equal(
        errorLine(r),
        `ostoo: ${file} is ${kind}, not a regular file — pass a toolchains.lock file with --lockfile`,
      );
    }
  }
});

test('toolchain lock --manifest, syscalls --kernel-syscalls and the program syscalls traces naming a FIFO, /dev/zero or a directory: refused at once', async () => {
  const { fifo, dir } = specials();
  const lockfile = path.join(tempDir('manifest-fifo'), 'toolchains.lock');
  const cases: [string, string][] = [
    [fifo, 'a FIFO'],
    ['/dev/zero', 'a character device'],
    [dir, 'a directory'],
  ];
  for (const [file, kind] of cases) {
    for (const args of [
      ['toolchain', 'lock', 'nightly-2026-05-20', '--manifest', file, '--lockfile', lockfile],
      ['syscalls', '--kernel-syscalls', file, process.execPath, '-e', '0'],
      ['syscalls', file],
    ]) {
      const r = await ostoo(args, quick);
      assert.equal(r.timedOut, false, `${args.join(' ')}: does not hang`);
      assert.equal(r.exitCode, 1, r.stderr);
      assert.match(
        errorLine(r),
        new RegExp(`^ostoo: ${file.replace(/[/.]/g, '\\$&')}(:| is) ${kind}, not a regular file — \\S`),
      );
    }
  }
});
