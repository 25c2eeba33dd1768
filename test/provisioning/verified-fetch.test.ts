// verifiedFetch: cached by hash, else downloaded and hashed, published only once it matched;
// a sink gets a fresh start for each attempt and is cancelled when the bytes were wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Cache } from '../../src/provisioning/cache.js';
import type { Reporter } from '../../src/provisioning/progress.js';
import { OfflineError, verifiedFetch, type FetchContext, type Sink } from '../../src/provisioning/verified-fetch.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function setup(t: { after: (fn: () => Promise<void>) => void }) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ostoo-vfetch-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const data = Buffer.from('artifact bytes\n'.repeat(5000));
  const src = path.join(root, 'server', 'a.tar.gz');
  await mkdir(path.dirname(src), { recursive: true });
  await writeFile(src, data);
  const info: string[] = [];
  const reporter: Reporter = { info: (m) => void info.push(m), task: () => ({ update() {}, done() {} }), close() {} };
  const ctx: FetchContext = {
    cache: new Cache(path.join(root, 'cache')),
    server: 'https://static.rust-lang.org',
    offline: false,
    reporter,
  };
  const want = { label: 'a', file: { url: pathToFileURL(src).href, sha256: sha(data) } };
  /** A sink that records what each attempt received and how it ended. */
  const attempts: { bytes: Buffer[]; end?: string }[] = [];
  const sink = async (): Promise<Sink> => {
    const a: { bytes: Buffer[]; end?: string } = { bytes: [] };
    attempts.push(a);
    return {
      write: async (c) => void a.bytes.push(c),
      finish: async () => void (a.end = 'finished'),
      cancel: async (e) => void (a.end = `cancelled: ${e.message}`),
    };
  };
  return { root, data, src, info, ctx, want, attempts, sink };
}

test('a download reaches the sink, is published as a blob, and is then served from the cache', async (t) => {
  const s = await setup(t);
  const first = await verifiedFetch(s.ctx, s.want, { sink: s.sink, keepBlob: true, progress: true });
  assert.equal(first.from, 'server');
  assert.ok(first.blob && (await readFile(first.blob)).equals(s.data));
  assert.ok(existsSync(`${first.blob}.verified`), 'no verified marker');
  assert.equal(s.attempts[0]?.end, 'finished');
  assert.ok(Buffer.concat(s.attempts[0]!.bytes).equals(s.data));
  await rm(s.src); // the second fetch must not need the server
  const second = await verifiedFetch(s.ctx, s.want, { sink: s.sink, keepBlob: true, progress: true });
  assert.deepEqual(second, { from: 'cache', blob: first.blob });
  assert.equal(s.attempts[1]?.end, 'finished');
  assert.ok(Buffer.concat(s.attempts[1]!.bytes).equals(s.data));
});

test('without keepBlob nothing is published', async (t) => {
  const s = await setup(t);
  const got = await verifiedFetch(s.ctx, s.want, { sink: s.sink, keepBlob: false, progress: false });
  assert.deepEqual(got, { from: 'server' });
  assert.equal(s.ctx.cache.markedBlob(s.want.file.sha256), undefined);
});

test('a cached blob that changed is dropped and fetched again, into a fresh sink', async (t) => {
  const s = await setup(t);
  const { blob } = await verifiedFetch(s.ctx, s.want, { keepBlob: true, progress: false });
  await writeFile(blob!, 'tampered');
  const got = await verifiedFetch(s.ctx, s.want, { sink: s.sink, keepBlob: true, progress: false });
  assert.equal(got.from, 'server');
  assert.deepEqual(
    s.attempts.map((a) => a.end),
    ['cancelled: cached copy changed', 'finished'],
  );
  assert.ok(Buffer.concat(s.attempts[1]!.bytes).equals(s.data));
  assert.ok(
    s.info.some((m) => m === 'cached a failed verification; fetching it again'),
    s.info.join('; '),
  );
  assert.ok((await readFile(got.blob!)).equals(s.data));
});

test('bytes that do not match the sha256 cancel the sink and publish nothing', async (t) => {
  const s = await setup(t);
  const wrong = { ...s.want, file: { ...s.want.file, sha256: 'f'.repeat(64) } };
  await assert.rejects(
    verifiedFetch(s.ctx, wrong, { sink: s.sink, keepBlob: true, progress: false }),
    /sha256 mismatch/,
  );
  assert.match(s.attempts[0]?.end ?? '', /^cancelled: sha256 mismatch/);
  assert.equal(s.ctx.cache.markedBlob(wrong.file.sha256), undefined);
  assert.equal(existsSync(s.ctx.cache.blobPath(wrong.file.sha256)), false);
});

test('offline, a missing blob is an OfflineError and nothing is fetched', async (t) => {
  const s = await setup(t);
  await assert.rejects(
    verifiedFetch({ ...s.ctx, offline: true }, s.want, { sink: s.sink, keepBlob: true, progress: false }),
    OfflineError,
  );
  assert.equal(s.attempts.length, 0);
});
