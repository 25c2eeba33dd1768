// Turning a locked artifact into a verified extracted tree in the cache: reuse a sound
// tree, else re-extract a cached blob (re-hashed on the way), else download it, hashing,
// saving and extracting in one pass. Nothing is published before the sha256 matched.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ArtifactFile } from '../lock/schema.js';
import type { Chosen } from './archive-choice.js';
import type { Cache, StoredTree } from './cache.js';
// undici (~0.1 s to import) and node-tar load only when something must be downloaded or
// extracted: a warm install from verified cached trees needs neither.
import type { StreamOptions } from './download.js';
import type { Reporter } from './progress.js';
import { onServer } from './mirror.js';
import { drained } from '../util/drain.js';

export interface FetchContext {
  cache: Cache;
  server: string;
  offline: boolean;
  reporter: Reporter;
  retry?: StreamOptions;
  /** Also keep downloaded archives (blobs) in the cache; the extracted trees are always kept. */
  keepArchives?: boolean;
}

/** Set once download.js (undici) was loaded and may hold kept-alive connections. */
let downloadsUsed = false;

export class OfflineError extends Error {
  constructor(label: string, sha256: string, cacheDir: string) {
    super(`--offline: ${label} (sha256 ${sha256}) is not in the cache at ${cacheDir}`);
    this.name = 'OfflineError';
  }
}

/** A write stream for a temporary file; its errors surface on the next write or close. */
function tempFileStream(file: string): WriteStream {
  const out = createWriteStream(file);
  out.on('error', (err) => {
    (out as WriteStream & { failure?: Error }).failure ??= err;
  });
  return out;
}

async function writeChunk(out: WriteStream, chunk: Buffer): Promise<void> {
  const failure = (out as WriteStream & { failure?: Error }).failure;
  if (failure) throw failure;
  if (!out.write(chunk)) await drained(out);
}

async function closeStream(out: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const failure = (out as WriteStream & { failure?: Error }).failure;
    if (failure) return reject(failure);
    out.once('error', reject);
    out.end(() => resolve());
  });
}

/** Extracts a cached blob, hashing it as it is read; resolves false when the hash is wrong. */
async function extractBlob(blob: string, art: Chosen, into: string): Promise<boolean> {
  const { startExtraction } = await import('./extract.js');
  const ex = startExtraction(into, art.compression, art.label);
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(blob, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      await ex.write(chunk as Buffer);
    }
    if (hash.digest('hex') !== art.file.sha256) {
      await ex.cancel(new Error('cached copy changed'));
      return false;
    }
    await ex.finish();
    return true;
  } catch (err) {
    await ex.cancel(err as Error);
    throw err;
  }
}

/** Downloads, hashes, saves and extracts in one pass; publishes blob and tree only after the hash matched. */
async function downloadAndExtract(ctx: FetchContext, art: Chosen, into: string, blobTmp: string | undefined): Promise<void> {
  const url = onServer(art.file.url, ctx.server);
  const [{ streamVerified }, { startExtraction }] = await Promise.all([import('./download.js'), import('./extract.js')]);
  downloadsUsed = true;
  const task = ctx.reporter.task(art.label, art.file.size);
  const ex = startExtraction(into, art.compression, art.label);
  const out = blobTmp ? tempFileStream(blobTmp) : undefined;
  try {
    await streamVerified(
      { url, sha256: art.file.sha256, ...(art.file.size !== undefined ? { size: art.file.size } : {}) },
      async (chunk) => {
        await Promise.all([out ? writeChunk(out, chunk) : undefined, ex.write(chunk)]);
      },
      {
        ...ctx.retry,
        onProgress: (received, total) => task.update(received, total),
        onRetry: (n, err) => ctx.reporter.info(`retrying ${art.label} (attempt ${n + 1}): ${(err as Error).message}`),
      },
    );
    if (out) await closeStream(out);
    await ex.finish();
    task.done();
  } catch (err) {
    out?.destroy();
    await ex.cancel(err as Error);
    throw err;
  }
}

/** A verified tree, and, when it was just built, the extracted package whose files an install may move into place. */
export interface Obtained {
  tree: StoredTree;
  extracted?: string;
}

/**
 * The verified tree for `art`, building it if needed by extracting into `scratch` (a
 * directory the caller creates next to where the files go, so that the install can move
 * them, directories and all, instead of making a second copy of every directory).
 */
export async function obtainTree(ctx: FetchContext, art: Chosen, scratch: string): Promise<Obtained> {
  const { cache } = ctx;
  const sha = art.file.sha256;
  const tree = await cache.verifiedTree(sha);
  if (tree) return { tree };
  const work = await cache.tempDir('blob');
  const into = scratch;
  try {
    const blob = cache.markedBlob(sha);
    if (blob) {
      await mkdir(into);
      if (await extractBlob(blob, art, into)) {
        ctx.reporter.info(`using cached ${art.label}`);
        return { tree: await cache.storeTree(into, sha), extracted: into };
      }
      ctx.reporter.info(`cached ${art.label} failed verification; fetching it again`);
      await cache.dropBlob(sha);
      await rm(into, { recursive: true, force: true });
    }
    if (ctx.offline) throw new OfflineError(art.label, sha, cache.dirs.join(' or '));
    await mkdir(into);
    const blobTmp = ctx.keepArchives ? path.join(work, 'blob') : undefined;
    await downloadAndExtract(ctx, art, into, blobTmp);
    if (blobTmp) await cache.storeBlob(blobTmp, sha);
    return { tree: await cache.storeTree(into, sha), extracted: into };
  } catch (err) {
    await rm(into, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Fetches a small verified file (the channel manifest) through the blob cache; returns its bytes. */
export async function obtainBlob(ctx: FetchContext, label: string, file: ArtifactFile): Promise<Buffer> {
  const { cache } = ctx;
  const marked = cache.markedBlob(file.sha256);
  if (marked) {
    const data = await readFile(marked);
    if (createHash('sha256').update(data).digest('hex') === file.sha256) return data;
    await cache.dropBlob(file.sha256);
  }
  if (ctx.offline) throw new OfflineError(label, file.sha256, cache.dirs.join(' or '));
  const { streamVerified } = await import('./download.js');
  downloadsUsed = true;
  const chunks: Buffer[] = [];
  await streamVerified({ url: onServer(file.url, ctx.server), sha256: file.sha256 }, (c) => {
    chunks.push(c);
  }, ctx.retry);
  const data = Buffer.concat(chunks);
  const work = await cache.tempDir('blob');
  try {
    const tmp = path.join(work, 'blob');
    await writeFile(tmp, data);
    await cache.storeBlob(tmp, file.sha256);
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
  return data;
}

/** Closes kept-alive connections, if anything was downloaded (without loading undici otherwise). */
export async function closeDownloadsIfUsed(): Promise<void> {
  if (downloadsUsed) await (await import('./download.js')).closeDownloads();
}

/** The path of a cached blob of `art` whose sha256 was just checked, downloading it if needed. */
export async function obtainBlobFile(ctx: FetchContext, art: Chosen): Promise<string> {
  const { cache } = ctx;
  const sha = art.file.sha256;
  const marked = cache.markedBlob(sha);
  if (marked) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(marked, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
    if (hash.digest('hex') === sha) return marked;
    await cache.dropBlob(sha);
  }
  if (ctx.offline) throw new OfflineError(art.label, sha, cache.dirs.join(' or '));
  const { streamVerified } = await import('./download.js');
  downloadsUsed = true;
  const work = await cache.tempDir('blob');
  try {
    const tmp = path.join(work, 'blob');
    const out = tempFileStream(tmp);
    const task = ctx.reporter.task(art.label, art.file.size);
    try {
      await streamVerified({ url: onServer(art.file.url, ctx.server), sha256: sha }, (c) => writeChunk(out, c), {
        ...ctx.retry,
        onProgress: (r, t) => task.update(r, t),
      });
      await closeStream(out);
      task.done();
    } catch (err) {
      out.destroy();
      throw err;
    }
    return await cache.storeBlob(tmp, sha);
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
}
