import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { carryChange, changedLines, hasConflictMarkers, merge3 } from '../../src/util/merge3.js';
import { tempDir } from '../helpers/paths.js';

const labels = { yours: 'yours', base: 'base', theirs: 'theirs' };
const b = (s: string) => Buffer.from(s, 'latin1');
const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

test('changes in different places merge cleanly, both kept', () => {
  const base = lines('a', 'b', 'c', 'd', 'e');
  const yours = lines('a', 'B', 'c', 'd', 'e');
  const theirs = lines('a', 'b', 'c', 'd', 'E');
  const r = merge3(b(base), b(yours), b(theirs), labels);
  assert.equal(r.conflicts, 0);
  assert.equal(r.bytes.toString('latin1'), lines('a', 'B', 'c', 'd', 'E'));
});

test('the same line changed on both sides gets diff3 markers, as git merge-file --diff3 writes them', () => {
  const base = lines('a', 'b', 'c');
  const yours = lines('a', 'mine', 'c');
  const theirs = lines('a', 'ostoo', 'c');
  const r = merge3(b(base), b(yours), b(theirs), labels);
  assert.equal(r.conflicts, 1);
  const expected = lines('a', '<<<<<<< yours', 'mine', '||||||| base', 'b', '=======', 'ostoo', '>>>>>>> theirs', 'c');
  assert.equal(r.bytes.toString('latin1'), expected);
  assert.ok(hasConflictMarkers(r.bytes));
  // git agrees, where it is installed.
  const dir = tempDir('merge3');
  for (const [n, t] of Object.entries({ yours, base, theirs })) writeFileSync(path.join(dir, n), t);
  const git = spawnSync(
    'git',
    ['merge-file', '-p', '--diff3', '-L', 'yours', '-L', 'base', '-L', 'theirs', 'yours', 'base', 'theirs'],
    {
      cwd: dir,
      encoding: 'latin1',
    },
  );
  if (!git.error) assert.equal(git.stdout, expected);
});

test('identical changes on both sides are no conflict', () => {
  const r = merge3(b(lines('a', 'b')), b(lines('a', 'x', 'b')), b(lines('a', 'x', 'b', 'c')), labels);
  assert.equal(r.conflicts, 0);
  assert.equal(r.bytes.toString('latin1'), lines('a', 'x', 'b', 'c'));
});

test('every byte survives: Latin-1 and broken UTF-8 in the user file, CRLF line ends kept', () => {
  const base = b('x = 1\r\ny = 2\r\nz = 3\r\n');
  const yours = Buffer.concat([b('# caf'), Buffer.from([0xe9, 0xff, 0xc3]), b('\r\nx = 1\r\ny = 2\r\nz = 3\r\n')]);
  const theirs = b('x = 1\r\ny = 2\r\nz = 4\r\n');
  const r = merge3(base, yours, theirs, labels);
  assert.equal(r.conflicts, 0);
  assert.deepEqual(
    r.bytes,
    Buffer.concat([b('# caf'), Buffer.from([0xe9, 0xff, 0xc3]), b('\r\nx = 1\r\ny = 2\r\nz = 4\r\n')]),
  );
  // Markers in a CRLF file end in CRLF too; labels are UTF-8.
  const c = merge3(base, b('x = 1\r\ny = 9\r\nz = 3\r\n'), b('x = 1\r\ny = 8\r\nz = 3\r\n'), {
    ...labels,
    yours: 'yöurs',
  });
  assert.match(c.bytes.toString('utf8'), /^x = 1\r\n<<<<<<< yöurs\r\ny = 9\r\n\|\|\|\|\|\|\| base\r\n/);
});

test('a side without a final newline still gets its markers on lines of their own', () => {
  const r = merge3(b('a\nb'), b('a\nmine'), b('a\ntheirs'), labels);
  assert.equal(
    r.bytes.toString('latin1'),
    'a\n<<<<<<< yours\nmine\n||||||| base\nb\n=======\ntheirs\n>>>>>>> theirs\n',
  );
});

test('carryChange moves an edit onto another version of the file; where they overlap, that version wins', () => {
  const base = lines('members = [', '  "a",', ']', 'x');
  const before = lines('members = [', '  "a",', ']', 'x', '# mine');
  const after = lines('members = [', '  "a",', '  "b",', ']', 'x', '# mine');
  assert.equal(
    carryChange(b(base), b(before), b(after)).toString('latin1'),
    lines('members = [', '  "a",', '  "b",', ']', 'x'),
  );
  // The edit next to the user's own change: the base keeps its text there.
  const before2 = lines('members = [', '  "a", # mine', ']', 'x');
  const after2 = lines('members = [', '  "a", # mine', '  "b",', ']', 'x');
  assert.equal(carryChange(b(base), b(before2), b(after2)).toString('latin1'), base);
});

test('changedLines lists what an edit removed and added', () => {
  assert.equal(
    changedLines(b(lines('a', 'b', 'c')), b(lines('a', 'B', 'c', 'd'))).toString('latin1'),
    lines('-b', '+B', '+d'),
  );
  assert.equal(changedLines(b('a\n'), b('a\n')).length, 0);
});
