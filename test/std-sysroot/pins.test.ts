// Sysroot pins in toolchains.lock: parsed, refused when malformed (with the field named),
// written back byte for byte, and told apart by the toolchain that built them (bump drops the old ones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLock, serializeLock } from '../../src/lock/schema.js';
import { pinnedFor, sysrootArchivePath, sysrootArchiveUrl } from '../../src/lock/sysroot-pins.js';
import { stalePins } from '../../src/bump/bump.js';
import { InvalidDataError } from '../../src/util/zod-path.js';
import { repoRoot } from '../helpers/paths.js';

const K1 = '1'.repeat(64);
const K2 = '2'.repeat(64);
const pin = (key: string, rustc: string): string =>
  [
    `[sysroots.${key}]`,
    'target = "x86_64-ostoo-user"',
    'host = "x86_64-unknown-linux-gnu"',
    `rustc = "${rustc}"`,
    `content = "${'c'.repeat(64)}"`,
    `archive = { sha256 = "${'a'.repeat(64)}", size = 123 }`,
  ].join('\n');
const shipped = readFileSync(path.join(repoRoot, 'toolchains.lock'), 'utf8');
const withPins = `${shipped}\n${pin(K1, 'rustc 1.97.0-nightly (e50aa6fba 2026-05-19)')}\n\n${pin(K2, 'rustc 1.96.0 (ac68faa20 2026-05-25) (built from a source tarball)')}\n`;

test('a lock with sysroot pins parses and serializes back to the same bytes', () => {
  const lock = parseLock(withPins);
  assert.deepEqual(Object.keys(lock.sysroots ?? {}), [K1, K2]);
  assert.equal(serializeLock(lock), withPins);
  assert.equal(serializeLock(parseLock(shipped)), shipped, 'a lock without pins is unchanged');
});

test('malformed pins are refused, naming the field', () => {
  const bad: [string, string][] = [
    [withPins.replace(`[sysroots.${K1}]`, '[sysroots.notakey]'), 'sysroots.notakey'],
    [withPins.replace('size = 123', 'size = -1'), `sysroots.${K1}.archive.size`],
    [withPins.replace('host = "x86_64-unknown-linux-gnu"', 'host = "../../etc"'), `sysroots.${K1}.host`],
    [withPins.replace('target = "x86_64-ostoo-user"', 'target = "../x"'), `sysroots.${K1}.target`],
    [withPins.replace(`content = "${'c'.repeat(64)}"`, 'content = "abc"'), `sysroots.${K1}.content`],
    [withPins.replace('archive = {', 'url = "https://example.org/x"\narchive = {'), `sysroots.${K1}`],
  ];
  for (const [text, field] of bad)
    assert.throws(
      () => parseLock(text),
      (err: unknown) => err instanceof InvalidDataError && err.field === field,
      field,
    );
});

test('an archive path follows from the key alone', () => {
  assert.equal(sysrootArchivePath(K1), `ostoo-sysroots/${K1}.tar.gz`);
  assert.equal(sysrootArchiveUrl('file:///srv/m/', K1), `file:///srv/m/ostoo-sysroots/${K1}.tar.gz`);
  assert.throws(() => sysrootArchivePath('../x'), /not a sysroot key/);
});

test('pins belong to the toolchain that built them; bump finds the old ones', () => {
  const lock = parseLock(withPins);
  const nightly = lock.sysroots![K1]!;
  assert.ok(pinnedFor(nightly, '1.97.0-nightly (e50aa6fba 2026-05-19)'));
  assert.ok(!pinnedFor(nightly, '1.97.0-nightly (e50aa6fba 2026-05-1'));
  assert.deepEqual(stalePins(lock, '1.97.0-nightly (e50aa6fba 2026-05-19)', undefined), [K1]);
  assert.deepEqual(stalePins(lock, undefined, 'rustc 1.96.0 (ac68faa20 2026-05-25) (built from a source tarball)'), [
    K2,
  ]);
  assert.deepEqual(stalePins(lock, '1.98.0-nightly (0000000 2026-07-01)', 'rustc 1.98.0-nightly'), []);
});
