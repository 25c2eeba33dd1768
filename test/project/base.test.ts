import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { baseAfterWrites, parseBase, readBase, serializeBase, type Base } from '../../src/project/base.js';
import { tempDir } from '../helpers/paths.js';

const b = (s: string) => Buffer.from(s, 'latin1');

test('the base round-trips, bytes and odd paths included, sorted by path', () => {
  const base: Base = new Map([
    ['z/last.rs', { kind: 'file', from: 'new', bytes: b('fn main() {}\n') }],
    [
      'a b/"quoted"\\.txt'.replace('\\', ''),
      { kind: 'file', from: 'program', bytes: Buffer.from([0, 0xff, 0x0a, 0x3d]) },
    ],
    ['Makefile', { kind: 'lines', from: 'camkes-component', bytes: b('+include rust.mk\n') }],
    ['empty', { kind: 'file', from: 'new', bytes: Buffer.alloc(0) }],
  ]);
  const text = serializeBase(base);
  assert.deepEqual(parseBase(text, 'x'), base);
  assert.deepEqual(serializeBase(parseBase(text, 'x')), text);
  const headers = text.toString('latin1').match(/^=== .*$/gm)!;
  assert.deepEqual(headers, [
    '=== lines 17 camkes-component "Makefile"',
    '=== file 4 program "a b/\\"quoted\\".txt"',
    '=== file 0 new "empty"',
    '=== file 13 new "z/last.rs"',
  ]);
});

test('a malformed base is refused with the file named and what to do', () => {
  const ok = serializeBase(new Map([['a', { kind: 'file', from: 'new', bytes: b('x\n') }]]));
  for (const bad of [
    ok.toString('latin1').replace(/^=== file 2/m, '=== file 99'),
    ok.toString('latin1').replace('"a"', '"../a"'),
    ok.toString('latin1').replace('"a"', '"/etc/passwd"'),
    ok.toString('latin1').replace(/^=== file/m, '=== blob'),
    `${ok.toString('latin1')}\n=== file 2 new "a"\nx\n`,
  ]) {
    assert.throws(
      () => parseBase(b(bad), '/p/.ostoo-base'),
      (err: Error) => {
        assert.match(err.message, /^\/p\/\.ostoo-base: /);
        assert.match((err as { hint?: string }).hint ?? '', /--adopt/);
        return true;
      },
    );
  }
});

test('baseAfterWrites: created files are ostoo’s, its edits of them carried over, edits of the user’s files recorded as lines', () => {
  const base: Base = new Map([['Cargo.toml', { kind: 'file', from: 'new', bytes: b('members = [\n  "a",\n]\n') }]]);
  const disk = new Map([
    ['Cargo.toml', b('members = [\n  "a",\n]\n[dependencies]\nfoo = "1"\n')],
    ['Makefile', b('all:\n\ttrue\n')],
  ]);
  const next = baseAfterWrites(
    base,
    new Map([
      ['Cargo.toml', b('members = [\n  "a",\n  "b",\n]\n[dependencies]\nfoo = "1"\n')],
      ['b/src/main.rs', b('fn main() {}\n')],
      ['Makefile', b('include rust.mk\nall:\n\ttrue\n')],
      ['.yo-rc.json', b('{}\n')],
    ]),
    (rel) => disk.get(rel),
    'program',
  );
  // The user's [dependencies] stay out of the base; ostoo's member is in.
  assert.equal(next.get('Cargo.toml')!.bytes.toString(), 'members = [\n  "a",\n  "b",\n]\n');
  assert.equal(next.get('Cargo.toml')!.from, 'new');
  assert.deepEqual(next.get('b/src/main.rs'), { kind: 'file', from: 'program', bytes: b('fn main() {}\n') });
  assert.deepEqual(next.get('Makefile'), { kind: 'lines', from: 'program', bytes: b('+include rust.mk\n') });
  assert.equal(next.has('.yo-rc.json'), false, 'the record is not part of the base');
});

test('a base that is a FIFO or a directory is refused at once, naming it, with what to do', () => {
  const root = tempDir('base-special');
  const file = path.join(root, '.ostoo-base');
  assert.equal(spawnSync('mkfifo', [file]).status, 0);
  assert.throws(() => readBase(root), /\.ostoo-base is a FIFO, not a regular file — .*--adopt/);
  rmSync(file);
  mkdirSync(file);
  assert.throws(() => readBase(root), /\.ostoo-base is a directory, not a regular file — .*--adopt/);
});
