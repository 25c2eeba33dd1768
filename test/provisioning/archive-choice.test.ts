// chooseArchive: the one rule for which of gz, xz and zst an install or a verify uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseArchive, PREFERRED_FORMATS } from '../../src/provisioning/archive-choice.js';
import type { LockedArtifact } from '../../src/lock/schema.js';

const file = (c: string) => ({ url: `https://static.rust-lang.org/dist/x.tar.${c}`, sha256: c.padEnd(64, '0') });
const all: LockedArtifact = {
  component: 'rustc',
  target: 'x86_64-unknown-linux-gnu',
  required: true,
  gz: file('gz'),
  xz: file('xz'),
  zst: file('zst'),
};
const yes = () => true;

test('the default preference is gz, then zst, then xz', () => {
  assert.deepEqual(PREFERRED_FORMATS, ['gz', 'zst', 'xz']);
  assert.equal(chooseArchive(all, PREFERRED_FORMATS, yes).compression, 'gz');
  assert.equal(chooseArchive({ ...all, gz: undefined }, PREFERRED_FORMATS, yes).compression, 'zst');
  assert.equal(chooseArchive({ ...all, gz: undefined, zst: undefined }, PREFERRED_FORMATS, yes).compression, 'xz');
});

test('the chosen archive carries its file and the component label', () => {
  const c = chooseArchive({ ...all, component: 'rust-src', target: '*' }, ['xz'], yes);
  assert.deepEqual(c, { label: 'rust-src', compression: 'xz', file: file('xz') });
  assert.equal(chooseArchive(all, ['zst'], yes).label, 'rustc-x86_64-unknown-linux-gnu');
});

test('an archive that cannot be unpacked here is passed over', () => {
  const asked: string[] = [];
  const c = chooseArchive({ ...all, gz: undefined }, PREFERRED_FORMATS, (k) => (asked.push(k), k === 'xz'));
  assert.equal(c.compression, 'xz');
  assert.deepEqual(asked, ['zst', 'xz']);
});

test('no usable archive is an error that says what the lock offers', () => {
  assert.throws(
    () => chooseArchive({ ...all, gz: undefined }, PREFERRED_FORMATS, (k) => k === 'gz'),
    /rustc-x86_64-unknown-linux-gnu: the lock offers xz, zst, none of which can be unpacked here — install xz or zstd/,
  );
});
