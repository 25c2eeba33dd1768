// manifest.in parts: parsed once into { kind, path }, written back byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPart, manifestLines, parsePart, partCovers } from '../../src/provisioning/manifest-parts.js';

test('file: and dir: lines parse into typed parts', () => {
  assert.deepEqual(parsePart('file:bin/rustc'), { kind: 'file', path: 'bin/rustc' });
  assert.deepEqual(parsePart('dir:lib/rustlib/src/rust'), { kind: 'dir', path: 'lib/rustlib/src/rust' });
  // Only the first colon separates: the rest belongs to the path.
  assert.deepEqual(parsePart('file:share/a:b'), { kind: 'file', path: 'share/a:b' });
});

test('anything else is not a part', () => {
  for (const line of ['bin/rustc', 'link:bin/x', 'File:bin/rustc', ' file:bin/rustc', ''])
    assert.equal(parsePart(line), undefined, line);
});

test('a part formats back to the line it came from', () => {
  for (const line of ['file:bin/rustc', 'dir:lib/rustlib/src/rust', 'file:share/a:b'])
    assert.equal(formatPart(parsePart(line)!), line);
});

test('blank lines are skipped, others kept as they are', () => {
  assert.deepEqual(manifestLines('file:a\n\n  \ndir:b\n'), ['file:a', 'dir:b']);
});

test('a file part covers itself; a dir part covers itself and what is under it', () => {
  const f = { kind: 'file', path: 'bin/rustc' } as const;
  const d = { kind: 'dir', path: 'lib/rustlib' } as const;
  assert.ok(partCovers(f, 'bin/rustc'));
  assert.ok(!partCovers(f, 'bin/rustc/x'));
  assert.ok(partCovers(d, 'lib/rustlib'));
  assert.ok(partCovers(d, 'lib/rustlib/components'));
  assert.ok(!partCovers(d, 'lib/rustlibx'));
});
