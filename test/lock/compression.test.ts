// The archive-format table: one row per Compression, each with the channel manifest's keys,
// an extension and a decoder; the decoders name the tools install and verify look for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPRESSIONS } from '../../src/lock/schema.js';
import { COMPRESSION_FORMATS, decoderTool, formatOf } from '../../src/lock/compression.js';
import { resolveComponent, parseChannelManifest } from '../../src/provisioning/channel-manifest.js';
import { lockedManifestTables } from '../../src/provisioning/rustup-meta.js';
import type { ToolchainEntry } from '../../src/lock/schema.js';

test('the table has exactly one row per compression', () => {
  assert.deepEqual(Object.keys(COMPRESSION_FORMATS).sort(), [...COMPRESSIONS].sort());
});

test("each row carries rustup's manifest keys, extension and decoder", () => {
  assert.deepEqual(formatOf('gz'), { urlKey: 'url', hashKey: 'hash', extension: '.tar.gz', decoder: { kind: 'zlib' } });
  assert.deepEqual(formatOf('xz'), {
    urlKey: 'xz_url',
    hashKey: 'xz_hash',
    extension: '.tar.xz',
    decoder: { kind: 'tool', command: 'xz', args: ['-dc'] },
  });
  assert.deepEqual(formatOf('zst'), {
    urlKey: 'zst_url',
    hashKey: 'zst_hash',
    extension: '.tar.zst',
    decoder: { kind: 'tool', command: 'zstd', args: ['-dc'] },
  });
});

test('manifest keys and extensions are distinct across formats', () => {
  for (const k of ['urlKey', 'hashKey', 'extension'] as const) {
    const values = COMPRESSIONS.map((c) => COMPRESSION_FORMATS[c][k]);
    assert.equal(new Set(values).size, values.length, k);
  }
});

test('decoderTool: gz in process, xz by xz, zst by zstd (zst is not spelled as its tool)', () => {
  assert.equal(decoderTool('gz'), undefined);
  assert.equal(decoderTool('xz'), 'xz');
  assert.equal(decoderTool('zst'), 'zstd');
});

const h = (ch: string) => ch.repeat(64);

test('the manifest parser reads each format through its row, and the writer writes the same keys back', () => {
  const manifest = parseChannelManifest(
    [
      'manifest-version = "2"',
      'date = "2026-01-01"',
      '[pkg.cargo]',
      'version = "1.0"',
      '[pkg.cargo.target.x86_64-unknown-linux-gnu]',
      'available = true',
      'url = "https://d.example/dist/cargo.tar.gz"',
      `hash = "${h('a')}"`,
      'xz_url = "https://d.example/dist/cargo.tar.xz"',
      `xz_hash = "${h('b')}"`,
      'zst_url = "https://d.example/dist/cargo.tar.zst"',
      `zst_hash = "${h('c')}"`,
    ].join('\n'),
  );
  const r = resolveComponent(manifest, { name: 'cargo' }, 'x86_64-unknown-linux-gnu');
  assert.ok(r.ok);
  assert.deepEqual(r.artifact.files, {
    gz: { url: 'https://d.example/dist/cargo.tar.gz', sha256: h('a') },
    xz: { url: 'https://d.example/dist/cargo.tar.xz', sha256: h('b') },
    zst: { url: 'https://d.example/dist/cargo.tar.zst', sha256: h('c') },
  });
  const entry = { rustc: 'r', cargo: 'c' } as unknown as ToolchainEntry;
  const { pkg } = lockedManifestTables(entry, [
    {
      host: 'x86_64-unknown-linux-gnu',
      artifacts: [{ component: 'cargo', target: 'x86_64-unknown-linux-gnu', required: true, ...r.artifact.files }],
    },
  ]);
  const t = (pkg.cargo as { target: Record<string, Record<string, unknown>> }).target['x86_64-unknown-linux-gnu'];
  for (const c of COMPRESSIONS) {
    const { urlKey, hashKey } = COMPRESSION_FORMATS[c];
    assert.equal(t?.[urlKey], r.artifact.files[c]?.url);
    assert.equal(t?.[hashKey], r.artifact.files[c]?.sha256);
  }
});

test('a url without its hash is refused, naming the format’s hash key', () => {
  const manifest = parseChannelManifest(
    [
      'manifest-version = "2"',
      'date = "2026-01-01"',
      '[pkg.cargo]',
      'version = "1.0"',
      '[pkg.cargo.target.x86_64-unknown-linux-gnu]',
      'available = true',
      'zst_url = "https://d.example/dist/cargo.tar.zst"',
    ].join('\n'),
  );
  assert.throws(
    () => resolveComponent(manifest, { name: 'cargo' }, 'x86_64-unknown-linux-gnu'),
    /pkg\.cargo\.target\.x86_64-unknown-linux-gnu\.zst_hash: url and a sha256 hash must come together/,
  );
});
