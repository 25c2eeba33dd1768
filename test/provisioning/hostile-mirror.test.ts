// A mirror serving other bytes than the lock pins cannot fill the disk.
// Bytes are extracted before their hash is known, so the expansion is capped, and so is the
// download itself (at the lock's size, or at a fixed cap when the lock records none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { Header } from 'tar';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture, type Fixture } from '../helpers/fixture.js';
import { DATE, fileName, tarball } from '../helpers/dist-server.js';
import { assertNothingLeft, goodInstallAfter } from '../helpers/hostile.js';

/** A gzip'd tar: `prefix` entries, then one file of `size` zero bytes (streamed, never held whole). */
function bomb(top: string, size: number, prefix: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(512);
  new Header({ path: `${top}/cargo/bin/zeros`, type: 'File', size, mode: 0o644, mtime: new Date(0) }).encode(header, 0);
  // Concatenated gzip members form one valid gzip stream; zeros compress once and repeat.
  const zeros = zlib.gzipSync(Buffer.alloc(16 << 20), { level: 9 });
  const parts = [zlib.gzipSync(Buffer.concat([prefix, header]))];
  for (let left = size; left > 0; left -= 16 << 20)
    parts.push(left >= 16 << 20 ? zeros : zlib.gzipSync(Buffer.alloc(left)));
  parts.push(zlib.gzipSync(Buffer.alloc(1024)));
  return Buffer.concat(parts);
}

const top = (host: string) => fileName('cargo', host, 'x').replace(/\.tar\.x$/, '');
const cargoPath = (host: string) => `/dist/${DATE}/${fileName('cargo', host, 'gz')}`;

/** Drops `size = N` from every artifact, as in the shipped lock (made without asking a server). */
async function unsized(f: Fixture): Promise<void> {
  const text = await readFile(f.lockfile, 'utf8');
  await writeFile(f.lockfile, text.replace(/, size = \d+/g, ''));
}

async function refusedThenGood(f: Fixture, reason: RegExp, maxMs: number): Promise<void> {
  const t0 = Date.now();
  await assert.rejects(installToolchain(f.opts()), reason);
  const ms = Date.now() - t0;
  assert.ok(ms < maxMs, `refused within ${maxMs} ms (took ${ms})`);
  assertNothingLeft(f, 'cargo');
  await goodInstallAfter(f);
}

test('a gzip bomb served for a pinned artifact is stopped at the expansion cap (lock without sizes)', async () => {
  const f = await fixture();
  try {
    await unsized(f);
    f.server.files.set(cargoPath(f.host), bomb(top(f.host), 1 << 30));
    await refusedThenGood(
      f,
      /refusing cargo.*expanded to more than \d+ bytes \(the limit is 64 MiB plus 50 times the compressed size\)/,
      20_000,
    );
  } finally {
    await f.cleanup();
  }
});

test('a bomb behind a valid start of the package is stopped too', async () => {
  const f = await fixture();
  try {
    await unsized(f);
    const start = tarball([
      { path: `${top(f.host)}/`, type: 'Directory' },
      { path: `${top(f.host)}/components`, content: 'cargo\n' },
      { path: `${top(f.host)}/cargo/`, type: 'Directory' },
      { path: `${top(f.host)}/cargo/bin/`, type: 'Directory' },
    ]).subarray(0, -1024); // without the end-of-archive blocks
    f.server.files.set(cargoPath(f.host), bomb(top(f.host), 1 << 30, start));
    await refusedThenGood(f, /expanded to more than/, 20_000);
  } finally {
    await f.cleanup();
  }
});

test('an unsized artifact that never ends is stopped at the download cap', async () => {
  const f = await fixture();
  const saved = process.env.OSTOO_MAX_DOWNLOAD_BYTES;
  process.env.OSTOO_MAX_DOWNLOAD_BYTES = String(4 << 20);
  try {
    await unsized(f);
    // Incompressible (stored, random): the expansion cap never fires, only the download cap can.
    const header = Buffer.alloc(512);
    new Header({
      path: `${top(f.host)}/cargo/bin/noise`,
      type: 'File',
      size: 12 << 20,
      mode: 0o644,
      mtime: new Date(0),
    }).encode(header, 0);
    f.server.files.set(cargoPath(f.host), zlib.gzipSync(Buffer.concat([header, randomBytes(12 << 20)]), { level: 0 }));
    await refusedThenGood(f, /sent more than 4194304 bytes \(the lock records no size/, 20_000);
  } finally {
    if (saved === undefined) delete process.env.OSTOO_MAX_DOWNLOAD_BYTES;
    else process.env.OSTOO_MAX_DOWNLOAD_BYTES = saved;
    await f.cleanup();
  }
});

test('with a size in the lock, the download stops at the first byte past it', async () => {
  const f = await fixture();
  try {
    f.server.files.set(cargoPath(f.host), bomb(top(f.host), 64 << 20));
    await refusedThenGood(f, /is larger than the \d+ bytes the lock records/, 20_000);
  } finally {
    await f.cleanup();
  }
});
