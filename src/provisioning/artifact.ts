// Turning a locked artifact into what a command needs, through the one verified fetch
// (verified-fetch.ts): a verified extracted tree in the cache (reused when sound, else
// extracted from a cached blob or a download in one pass), a verified blob file, or the
// verified bytes of a small file. Nothing is published before the sha256 matched.
import { mkdir, rm } from 'node:fs/promises';
import type { ArtifactFile } from '../lock/schema.js';
import type { Chosen } from './archive-choice.js';
import type { StoredTree } from './cache.js';
import { verifiedFetch, type FetchContext, type Sink } from './verified-fetch.js';

/** A verified tree, and, when it was just built, the extracted package whose files an install may move into place. */
export interface Obtained {
  tree: StoredTree;
  extracted?: string;
}

/** A sink that extracts into `into`, made afresh (and removed again on cancel). node-tar loads only when needed. */
async function extractionSink(into: string, art: Chosen): Promise<Sink> {
  const { startExtraction } = await import('./extract.js');
  await mkdir(into);
  const ex = startExtraction(into, art.compression, art.label);
  return {
    write: (chunk) => ex.write(chunk),
    finish: () => ex.finish(),
    cancel: async (err) => {
      await ex.cancel(err);
      await rm(into, { recursive: true, force: true, maxRetries: 3 });
    },
  };
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
  try {
    const got = await verifiedFetch(ctx, art, {
      sink: () => extractionSink(scratch, art),
      keepBlob: ctx.keepArchives ?? false,
      progress: true,
    });
    if (got.from === 'cache') ctx.reporter.info(`using cached ${art.label}`);
    return { tree: await cache.storeTree(scratch, sha), extracted: scratch };
  } catch (err) {
    await rm(scratch, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }
}

/** Fetches a small verified file (the channel manifest) through the blob cache; returns its bytes. */
export async function obtainBlob(ctx: FetchContext, label: string, file: ArtifactFile): Promise<Buffer> {
  let chunks: Buffer[] = [];
  const sink = async (): Promise<Sink> => {
    chunks = [];
    return { write: async (c) => void chunks.push(c), finish: async () => {}, cancel: async () => {} };
  };
  await verifiedFetch(ctx, { label, file }, { sink, keepBlob: true, progress: false });
  return Buffer.concat(chunks);
}

/** The path of a cached blob of `art` whose sha256 was just checked, downloading it if needed. */
export async function obtainBlobFile(ctx: FetchContext, art: Chosen): Promise<string> {
  const got = await verifiedFetch(ctx, art, { keepBlob: true, progress: true });
  return got.blob as string;
}
