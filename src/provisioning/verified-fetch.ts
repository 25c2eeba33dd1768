// One verified fetch for every artifact, blob and manifest, in rustup's order
// (src/dist/download.rs): a cached copy whose sha256 still matches, else a download
// (download.ts resumes a cut connection with Range), hashed as it streams, then published
// by rename into the blob cache. What the bytes are for is the caller's sink: a tree being
// extracted, a buffer, or nothing but the blob itself. A sink sees unverified bytes and must
// keep what it builds provisional until `finish`.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ArtifactFile } from '../lock/schema.js';
import { drained } from '../util/drain.js';
import type { Cache } from './cache.js';
// undici (~0.1 s to import) loads only when something must be downloaded: a warm install
// from verified cached trees does not need it.
import type { StreamOptions } from './download.js';
import { onServer } from './mirror.js';
import type { Reporter } from './progress.js';
import { OstooError } from '../errors.js';
import { UrlError } from './url-error.js';

export interface FetchContext {
  cache: Cache;
  server: string;
  offline: boolean;
  reporter: Reporter;
  retry?: StreamOptions;
  /** Also keep downloaded archives (blobs) in the cache; the extracted trees are always kept. */
  keepArchives?: boolean;
}

export class OfflineError extends OstooError {
  constructor(label: string, sha256: string, cacheDir: string) {
    super(`--offline: ${label} (sha256 ${sha256}) is not in the cache at ${cacheDir}`);
  }
}

/** Where one attempt's bytes go. */
export interface Sink {
  write(chunk: Buffer): Promise<void>;
  /** The bytes were all delivered and their sha256 matched. */
  finish(): Promise<void>;
  /** They did not (or something failed): drop what was built. */
  cancel(err: Error): Promise<void>;
}

export interface Wanted {
  /** Names it in messages and progress. */
  label: string;
  file: ArtifactFile;
}

export interface FetchPlan {
  /** A fresh sink per attempt: a cached copy that fails its check is followed by a download. */
  sink?: () => Promise<Sink>;
  /** Publish downloaded bytes in the blob cache. */
  keepBlob: boolean;
  /** A progress bar for the download. */
  progress: boolean;
}

export interface Fetched {
  from: 'cache' | 'server';
  /** The verified blob in the cache, when there is one (a cache hit, or keepBlob). */
  blob?: string;
}

/** Set once download.js (undici) was loaded and may hold kept-alive connections. */
let downloadsUsed = false;

/** Closes kept-alive connections, if anything was downloaded (without loading undici otherwise). */
export async function closeDownloadsIfUsed(): Promise<void> {
  if (downloadsUsed) await (await import('./download.js')).closeDownloads();
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

/** Feeds the marked cached blob to a fresh sink, re-hashing it; false (and the blob dropped) when it changed. */
async function fromCache(ctx: FetchContext, want: Wanted, blob: string, plan: FetchPlan): Promise<boolean> {
  const sink = await plan.sink?.();
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(blob, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      await sink?.write(chunk as Buffer);
    }
  } catch (err) {
    await sink?.cancel(err as Error);
    throw err;
  }
  if (hash.digest('hex') === want.file.sha256) {
    await sink?.finish();
    return true;
  }
  await sink?.cancel(new Error('cached copy changed'));
  ctx.reporter.info(`cached ${want.label} failed verification; fetching it again`);
  await ctx.cache.dropBlob(want.file.sha256);
  return false;
}

/** Downloads into a fresh sink (and the blob cache with keepBlob), hashing as it goes; publishes only after the hash matched. */
async function fromServer(ctx: FetchContext, want: Wanted, plan: FetchPlan): Promise<string | undefined> {
  const { cache } = ctx;
  const { file, label } = want;
  const { streamVerified } = await import('./download.js');
  downloadsUsed = true;
  const sink = await plan.sink?.();
  const work = plan.keepBlob ? await cache.tempDir('blob') : undefined;
  try {
    const blobTmp = work ? path.join(work, 'blob') : undefined;
    const out = blobTmp ? tempFileStream(blobTmp) : undefined;
    const task = plan.progress ? ctx.reporter.task(label, file.size) : undefined;
    try {
      await streamVerified(
        {
          url: onServer(file.url, ctx.server),
          sha256: file.sha256,
          ...(file.size !== undefined ? { size: file.size } : {}),
        },
        async (chunk) => {
          await Promise.all([out ? writeChunk(out, chunk) : undefined, sink?.write(chunk)]);
        },
        {
          ...ctx.retry,
          ...(task
            ? { onProgress: (received: number, total: number | undefined) => task.update(received, total) }
            : {}),
          onRetry: (n, err) => ctx.reporter.info(`retrying ${label} (attempt ${n + 1}): ${(err as Error).message}`),
        },
      );
      if (out) await closeStream(out);
      await sink?.finish();
      task?.done();
    } catch (err) {
      out?.destroy();
      await sink?.cancel(err as Error);
      throw err;
    }
    return blobTmp ? await cache.storeBlob(blobTmp, file.sha256) : undefined;
  } finally {
    if (work) await cache.dropTemp(work);
  }
}

/** The bytes of `want`, checked against its sha256: from the cache when a sound copy is there, else from the server. */
export async function verifiedFetch(ctx: FetchContext, want: Wanted, plan: FetchPlan): Promise<Fetched> {
  const { cache } = ctx;
  const sha = want.file.sha256;
  const marked = cache.markedBlob(sha);
  if (marked && (await fromCache(ctx, want, marked, plan))) return { from: 'cache', blob: marked };
  if (ctx.offline) throw new OfflineError(want.label, sha, cache.dirs.join(' or '));
  let blob: string | undefined;
  try {
    blob = await fromServer(ctx, want, plan);
  } catch (err) {
    // A URL that cannot be fetched says which artifact it belongs to.
    if (err instanceof UrlError) throw new OstooError(`${want.label}: ${err.what}`, err.hint, { cause: err });
    throw err;
  }
  return { from: 'server', ...(blob ? { blob } : {}) };
}
