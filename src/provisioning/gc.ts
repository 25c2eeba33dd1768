// `ostoo toolchain gc`: remove cache entries (archives and extracted trees, keyed by
// sha256, and prebuilt sysroots, keyed by their key) that no lock in the given lock files
// references, and work left by dead installs.
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readLock } from '../lock/file.js';
import { COMPRESSIONS, type Lock } from '../lock/schema.js';
import { Cache, cacheRoot, writableDir } from './cache.js';
import { OstooError } from '../errors.js';

/** The names ostoo gives cache entries: a sha256, and a blob's marker. */
const entryName = /^([0-9a-f]{64})(\.verified)?$/;

export interface GcResult {
  kept: number;
  removed: string[];
  /** Bytes whose last link was removed (really freed). */
  freedBytes: number;
  /** Bytes of removed files still linked from installed toolchains. */
  sharedBytes: number;
}

/** Every sha256 a lock references: each artifact variant and each known channel manifest. */
export function referencedHashes(locks: readonly Lock[]): Set<string> {
  const refs = new Set<string>();
  for (const lock of locks) {
    for (const e of Object.values(lock.toolchains)) {
      if (e.manifest_sha256) refs.add(e.manifest_sha256);
      for (const h of Object.values(e.hosts))
        for (const a of h.artifacts) for (const c of COMPRESSIONS) if (a[c]) refs.add(a[c].sha256);
    }
    for (const [key, pin] of Object.entries(lock.sysroots ?? {})) {
      refs.add(key);
      refs.add(pin.archive.sha256);
    }
  }
  return refs;
}

function sizes(p: string): { freed: number; shared: number } {
  const st = lstatSync(p);
  if (st.isDirectory()) {
    let freed = 0;
    let shared = 0;
    for (const n of readdirSync(p)) {
      const s = sizes(path.join(p, n));
      freed += s.freed;
      shared += s.shared;
    }
    return { freed, shared };
  }
  if (!st.isFile()) return { freed: 0, shared: 0 };
  return st.nlink > 1 ? { freed: 0, shared: st.size } : { freed: st.size, shared: 0 };
}

export async function gcCache(opts: {
  cacheDir: string;
  lockfiles: readonly string[];
  dryRun?: boolean;
}): Promise<GcResult> {
  if (opts.lockfiles.length === 0)
    throw new OstooError(
      'gc needs at least one lock file (every entry it does not reference would go)',
      'pass the lock files whose toolchains to keep with --lockfile',
    );
  const locks = await Promise.all(opts.lockfiles.map((f) => readLock(f)));
  const refs = referencedHashes(locks);
  const cache = new Cache(path.resolve(opts.cacheDir));
  if (!writableDir(cache.dir))
    throw new OstooError(
      `the cache ${cache.dir} is not writable`,
      "gc only cleans a cache it may write: run it as the cache's owner, or pass a writable --cache",
    );
  if (!opts.dryRun) await cache.cleanStale();
  // Every directory is listed and every entry removed through the cache's root: a link in
  // the cache that leads out of it (trees/sha256 -> another disk) is refused, not emptied.
  const root = cacheRoot(cache.dir);
  const result: GcResult = { kept: 0, removed: [], freedBytes: 0, sharedBytes: 0 };
  // Sysroots are named by their key, archives and trees by their sha256: a lock names both.
  for (const kind of ['blobs/sha256', 'trees/sha256', 'sysroots']) {
    const dir = root.check(kind);
    for (const n of root.list(kind).sort()) {
      const m = entryName.exec(n);
      // Not a name ostoo gives (or a sysroot's per-key build lock): not ours to remove.
      if (!m || (kind === 'sysroots' && m[2])) continue;
      const sha = m[1]!;
      if (refs.has(sha)) {
        if (n === sha) result.kept++;
        continue;
      }
      const s = sizes(path.join(dir, n));
      result.freedBytes += s.freed;
      result.sharedBytes += s.shared;
      if (n === sha) result.removed.push(`${kind}/${n}`);
      if (!opts.dryRun) await root.remove(path.join(kind, n));
    }
  }
  return result;
}
