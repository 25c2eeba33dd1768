// A sysroot as one archive, for locks, mirrors and CI runners: `<key>/` with the manifest
// and the rlibs, as a tar.gz whose bytes depend only on the files (sorted entries, fixed
// owner, times and modes), kept in the cache's blob store by its sha256. Fetching one goes
// through the one verified fetch (hashed while it streams in, extracted by the hardened
// extractor), then every file is checked against the manifest and the manifest against the pin.
import { createReadStream } from 'node:fs';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sysrootArchiveUrl, type SysrootPin } from '../lock/sysroot-pins.js';
import type { Cache } from '../provisioning/cache.js';
import type { FetchContext, Sink } from '../provisioning/verified-fetch.js';
import { SysrootError } from './errors.js';
import { shortKey } from './request.js';
import { checkSysroot, contentDigest, MANIFEST, placeSysroot, type Sysroot } from './store.js';

export interface Packed {
  /** The verified blob in the cache. */
  file: string;
  sha256: string;
  size: number;
}

async function fileSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

/** The archive of `sysroot`, written into the cache's blob store (or found there). */
export async function packSysroot(cache: Cache, sysroot: Sysroot): Promise<Packed> {
  const tar = await import('tar');
  const work = await cache.tempDir('sysroot-pack');
  try {
    const out = path.join(work, `${sysroot.key}.tar.gz`);
    const entries = [MANIFEST, ...sysroot.manifest.files.map((f) => f.path)].map((p) => `${sysroot.key}/${p}`);
    await tar.create(
      {
        file: out,
        cwd: path.dirname(sysroot.dir),
        gzip: true,
        portable: true,
        noDirRecurse: true,
        mtime: new Date(0),
        // Every file as 0444: what the cache seals them to anyway.
        filter: (_p, st) => {
          (st as { mode: number }).mode = 0o100444;
          return true;
        },
      },
      entries,
    );
    const sha256 = await fileSha256(out);
    const { size } = await stat(out);
    const file = await cache.storeBlob(out, sha256);
    return { file, sha256, size };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Fetches the pinned sysroot `key` through `ctx` (cache blob, else the dist server), checks
 * the archive's sha256 while it streams, then every file against the manifest and the manifest
 * against the pin, and publishes it in the cache.
 */
export async function fetchSysroot(ctx: FetchContext, key: string, pin: SysrootPin): Promise<Sysroot> {
  const [{ verifiedFetch }, { startExtraction }] = await Promise.all([
    import('../provisioning/verified-fetch.js'),
    import('../provisioning/extract.js'),
  ]);
  const cache = ctx.cache;
  const work = await cache.tempDir('sysroot-fetch');
  const root = path.join(work, 'root');
  const label = `std for ${pin.target} (${shortKey(key)})`;
  try {
    const sink = async (): Promise<Sink> => {
      await rm(root, { recursive: true, force: true });
      await mkdir(root);
      const ex = startExtraction(root, 'gz', label);
      return { write: (c) => ex.write(c), finish: () => ex.finish(), cancel: (e) => ex.cancel(e) };
    };
    await verifiedFetch(
      ctx,
      { label, file: { url: sysrootArchiveUrl(ctx.server, key), sha256: pin.archive.sha256, size: pin.archive.size } },
      { sink, keepBlob: true, progress: true },
    );
    const checked = await checkSysroot(root, key, { full: true });
    const fix = 'the mirror serves another archive than the lock pins: mirror it again, or pin again';
    if (!checked.ok) throw new SysrootError(`the archive of ${label} is not the pinned sysroot: ${checked.why}`, fix);
    const m = checked.manifest;
    if (m.target !== pin.target || contentDigest(m) !== pin.content)
      throw new SysrootError(
        `the archive of ${label} holds other content than the lock pins (content ${contentDigest(m)}, pinned ${pin.content})`,
        fix,
      );
    for (const f of [MANIFEST, ...m.files.map((x) => x.path)]) await chmod(path.join(root, f), 0o444);
    return await placeSysroot(cache, root, key);
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 2 });
  }
}
