// startDecompressor: gz, xz and zstd bytes come out decompressed, and every way the
// decompressor can fail reaches onError in words naming the archive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import zlib from 'node:zlib';
import type { Compression } from '../../src/lock/schema.js';
import { startDecompressor } from '../../src/provisioning/decompress.js';
import { which } from '../../src/util/which.js';

/** Feeds `data` through a decompressor of `kind`; resolves with its output and the errors reported. */
async function run(kind: Compression, data: Buffer): Promise<{ out: Buffer; errors: string[] }> {
  const errors: string[] = [];
  const d = startDecompressor(kind, 'pkg.tar', (e) => errors.push(e.message));
  const chunks: Buffer[] = [];
  const ended = new Promise<void>((resolve) => {
    d.output.on('data', (c: Buffer) => chunks.push(c));
    d.output.on('end', resolve);
    d.output.on('close', resolve);
    d.output.on('error', () => resolve());
  });
  d.input.end(data);
  await ended;
  // The tool's exit status arrives after its output ends.
  await new Promise((r) => setTimeout(r, 200));
  return { out: Buffer.concat(chunks), errors };
}

const plain = Buffer.from('the tar stream\n'.repeat(1000));

test('gz is inflated', async () => {
  const { out, errors } = await run('gz', zlib.gzipSync(plain));
  assert.deepEqual(errors, []);
  assert.ok(out.equals(plain));
});

test('bad gz data is reported, naming the archive', async () => {
  const { errors } = await run('gz', Buffer.from('not gzip at all'));
  assert.match(errors[0] ?? '', /^pkg\.tar: cannot decompress the gz data \(/);
});

for (const kind of ['xz', 'zst'] as const) {
  const tool = kind === 'xz' ? 'xz' : 'zstd';
  test(`${kind} is decompressed by ${tool}`, { skip: !which(tool) && `${tool} is not installed` }, async () => {
    const packed = execFileSync(tool, ['-c'], { input: plain });
    const { out, errors } = await run(kind, packed);
    assert.deepEqual(errors, []);
    assert.ok(out.equals(plain));
  });

  test(
    `bad ${kind} data is reported with ${tool}'s exit status`,
    { skip: !which(tool) && `${tool} is not installed` },
    async () => {
      const { errors } = await run(kind, Buffer.from('not compressed at all'));
      assert.ok(
        errors.some((e) =>
          new RegExp(
            `^pkg\\.tar: ${kind} decompression failed \\(exit \\d+\\) — the archive is damaged or not what the lock pins; install again, or use another mirror \\(--dist-server\\)$`,
          ).test(e),
        ),
        errors.join('; '),
      );
    },
  );
}

test('a missing xz is reported, not thrown', async () => {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const errors: string[] = [];
    startDecompressor('xz', 'pkg.tar', (e) => errors.push(e.message));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(
      errors.some((e) => /^pkg\.tar: cannot run the xz decompressor: /.test(e)),
      errors.join('; '),
    );
  } finally {
    process.env.PATH = saved;
  }
});
