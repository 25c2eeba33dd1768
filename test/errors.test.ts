// The one error model: a base error with what went wrong and what to do, the domain errors
// extending it, and file system errors in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OstooError } from '../src/errors.js';
import { formatError } from '../src/cli/errors.js';
import { NameError } from '../src/package-names.js';
import { RecordError, parseRecord } from '../src/project/record.js';
import { HostileArchiveError } from '../src/provisioning/archive-entry-safety.js';
import { errnoCode, errnoReason, hasErrno, plainFsError } from '../src/util/errno.js';
import { tempDir } from './helpers/paths.js';

test('an OstooError is `what — hint` as one message, and keeps both parts', () => {
  const err = new OstooError('the thing is broken', 'fix the thing');
  assert.equal(err.message, 'the thing is broken — fix the thing');
  assert.equal(err.what, 'the thing is broken');
  assert.equal(err.hint, 'fix the thing');
  assert.equal(new OstooError('only what').message, 'only what');
  assert.equal(new OstooError('only what').hint, undefined);
  assert.equal(formatError(err), 'ostoo: the thing is broken — fix the thing\n');
});

test('domain errors extend it, named after their class', () => {
  const name = new NameError("name 'X' is bad");
  assert.ok(name instanceof OstooError);
  assert.equal(name.name, 'NameError');
  assert.equal(name.hint, 'choose another one (see --help)');
  assert.throws(
    () => parseRecord('{', '/p/.yo-rc.json'),
    (err: unknown) =>
      err instanceof RecordError &&
      err instanceof OstooError &&
      err.what === '/p/.yo-rc.json is not valid JSON' &&
      err.hint === 'fix or remove it first' &&
      err.message === '/p/.yo-rc.json is not valid JSON — fix or remove it first',
  );
  const hostile = new HostileArchiveError('pkg.tar.gz', '../x', 'leaves the directory');
  assert.ok(hostile instanceof OstooError);
  assert.equal(hostile.name, 'HostileArchiveError');
  assert.equal(hostile.message, 'refusing pkg.tar.gz: entry "../x" leaves the directory');
});

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
    `cannot create the directory ${path.join(dir, 'file')}: something else is already there`,
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
