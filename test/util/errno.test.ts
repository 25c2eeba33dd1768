// File system errors in words (src/util/errno.ts), naming the path; other errors pass through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errnoCode, errnoReason, hasErrno, plainFsError } from '../../src/util/errno.js';
import { tempDir } from '../helpers/paths.js';

test('file system errors in words, naming the path; other errors pass through', () => {
  const dir = tempDir('errno');
  writeFileSync(path.join(dir, 'file'), 'x');
  let raw: unknown;
  try {
    mkdirSync(path.join(dir, 'file'));
  } catch (err) {
    raw = err;
  }
  assert.equal(errnoCode(raw), 'EEXIST');
  assert.ok(hasErrno(raw, 'ENOENT', 'EEXIST'));
  assert.ok(!hasErrno(raw, 'ENOENT'));
  assert.equal(
    (plainFsError(raw) as Error).message,
    `cannot create the directory ${path.join(dir, 'file')}: something else is already there — move what is there out of the way, or choose another place`,
  );
  assert.equal((plainFsError(raw) as Error).cause, raw);
  // A caller words a code the way it knows it; unknown codes keep their own message.
  assert.equal(errnoReason(raw, { EEXIST: 'taken' }), 'taken');
  const odd = Object.assign(new Error('odd failure'), { code: 'EODD' });
  assert.equal(errnoReason(odd), 'odd failure');
  const plain = new Error('not a file system error');
  assert.equal(plainFsError(plain), plain);
  assert.equal(errnoCode(undefined), undefined);
});
