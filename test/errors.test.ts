// The one error model: a base error with what went wrong and what to do, and the domain
// errors extending it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OstooError } from '../src/errors.js';
import { formatError } from '../src/cli/errors.js';
import { NameError } from '../src/package-names.js';
import { RecordError, parseRecord } from '../src/project/record.js';
import { HostileArchiveError } from '../src/provisioning/archive-entry-safety.js';

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
  assert.equal(
    hostile.message,
    'refusing pkg.tar.gz: entry "../x" leaves the directory — the mirror or dist server serves a tampered archive; use another (--dist-server), or check it',
  );
});
