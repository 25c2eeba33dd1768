// What the lock schema must refuse, each with the field named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseLock } from '../../src/lock/schema.js';
import { readLock } from '../../src/lock/file.js';
import { InvalidDataError } from '../../src/util/zod-path.js';
import { repoRoot } from '../helpers/paths.js';

const good = readFileSync(path.join(repoRoot, 'toolchains.lock'), 'utf8');
const T = 'toolchains.nightly-2026-05-20';
const H = `${T}.hosts.aarch64-apple-darwin`;

function rejects(text: string, field: string | RegExp, message?: RegExp): void {
  assert.notEqual(text, good, 'the edit applied');
  assert.throws(
    () => parseLock(text),
    (err: unknown) => {
      assert.ok(err instanceof InvalidDataError, String(err));
      if (typeof field === 'string') assert.equal(err.field, field);
      else assert.match(err.field, field);
      if (message) assert.match(err.message, message);
      return true;
    },
  );
}

test('the shipped lock still parses', () => {
  assert.ok(parseLock(good).toolchains['nightly-2026-05-20']);
});

test('dates that are not calendar days are refused', () => {
  for (const d of ['2026-13-45', '2026-02-30', '2026-00-10', '2025-02-29']) {
    rejects(good.replace('date = "2026-05-20"', `date = "${d}"`), `${T}.date`, /not a calendar date/);
  }
});

test('duplicate artifacts are refused', () => {
  const block =
    /\[\[toolchains\.nightly-2026-05-20\.hosts\.aarch64-apple-darwin\.artifacts\]\]\ncomponent = "cargo"[^[]*/.exec(
      good,
    )![0];
  rejects(
    good.replace(block, `${block}${block}`),
    `${H}.artifacts[2]`,
    /duplicates artifacts\[1\] \(cargo@aarch64-apple-darwin\)/,
  );
  // Same component and target, different files: still one artifact twice.
  rejects(
    good.replace(block, `${block}${block.replace(/sha256 = "[0-9a-f]{64}"/g, `sha256 = "${'a'.repeat(64)}"`)}`),
    `${H}.artifacts[2]`,
    /duplicates/,
  );
});

test("component and target names with '/' or '..' are refused", () => {
  for (const c of ['../../etc', 'rustc/../x', 'a/b', '..', 'x..y']) {
    rejects(good.replace('component = "cargo"', `component = "${c}"`), `${H}.artifacts[1].component`);
  }
  rejects(
    good
      .replace('component = "llvm-tools-preview"', 'component = "llvm-tools-preview"\nrequested_as = "../x"')
      .replace(/requested_as = "llvm-tools"\n/, ''),
    /\.requested_as$/,
  );
  for (const t of ['../x', 'x86_64-../linux', 'a/b-c']) {
    rejects(good.replace('target = "aarch64-apple-darwin"', `target = "${t}"`), `${H}.artifacts[0].target`);
  }
  rejects(good.replace('optional = ["llvm-tools", ', 'optional = ["llvm-tools@..", '), `${T}.optional[0]`);
});

test('a NUL or another control character in a string is refused', () => {
  for (const [from, to, field] of [
    ['rustc = "1.97.0-nightly', 'rustc = "1.97.0\\u0000-nightly', `${T}.rustc`],
    ['cargo = "0.98.0-nightly', 'cargo = "0.98.0\\u001b[2J-nightly', `${T}.cargo`],
    ['notes = []', 'notes = ["a\\u0000b"]', `${H}.notes[0]`],
    ['notes = []', 'notes = ["line\\nbreak"]', `${H}.notes[0]`],
  ] as const) {
    rejects(good.replace(from, to), field, /control character/);
  }
  rejects(good.replace('channel-rust-nightly.toml"', 'channel-rust-nightly.toml\\u0000"'), `${T}.manifest_url`);
});

test("artifact URLs on another host than the lock's dist server are refused", () => {
  const first = 'https://static.rust-lang.org/dist/2026-05-20/rustc-nightly-aarch64-apple-darwin.tar.gz';
  for (const other of [
    'https://evil.example/dist/x.tar.gz',
    'http://static.rust-lang.org/dist/x.tar.gz',
    'https://static.rust-lang.org:8443/dist/x.tar.gz',
    'https://static.rust-lang.org.evil.example/x.tar.gz',
  ]) {
    rejects(
      good.replace(first, other),
      `${H}.artifacts[0].gz.url`,
      /not on the lock's dist server https:\/\/static\.rust-lang\.org/,
    );
  }
});

test('lock files of any size are refused before parsing', async () => {
  const big = `${good}\n${'# padding\n'.repeat(500_000)}`;
  assert.throws(() => parseLock(big), /larger than 4 MiB/);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-biglock-'));
  try {
    const file = path.join(dir, 'toolchains.lock');
    await writeFile(file, big);
    await assert.rejects(
      readLock(file),
      (err: Error) =>
        err instanceof InvalidDataError && /toolchains\.lock is \d+ bytes, larger than 4 MiB/.test(err.message),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
