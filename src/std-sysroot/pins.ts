// Sysroots and toolchains.lock: pinning one (its archive into the cache, its hashes into the
// lock), and fetching pinned ones from a mirror (the cache's verified archive first).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readLock, readLockOrEmpty, writeLock, LOCK_FILE } from '../lock/file.js';
import type { Lock } from '../lock/schema.js';
import type { SysrootPin } from '../lock/sysroot-pins.js';
import type { Cache } from '../provisioning/cache.js';
import { resolveDistServer, UPSTREAM_DIST_SERVER } from '../provisioning/mirror.js';
import type { Reporter } from '../provisioning/progress.js';
import { fetchSysroot, packSysroot } from './archive.js';
import { contentDigest, type Sysroot } from './store.js';
import { SysrootError } from './errors.js';

/** The nearest toolchains.lock in `dir` or above it. */
export function nearestLockfile(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, LOCK_FILE);
    if (existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

export function pinOf(sysroot: Sysroot, archive: { sha256: string; size: number }): SysrootPin {
  const host = /^host: (\S+)$/m.exec(String((sysroot.manifest.request.toolchain as { rustc?: string })?.rustc ?? ''));
  if (!host)
    throw new SysrootError(
      `the manifest of ${sysroot.dir} does not name the host it was built on`,
      'remove that sysroot and build it again',
    );
  return {
    target: sysroot.manifest.target,
    host: host[1] as string,
    rustc: sysroot.manifest.toolchain,
    content: contentDigest(sysroot.manifest),
    archive: { sha256: archive.sha256, size: archive.size },
  };
}

/** Packs `sysroot` into the cache and pins it in `lockfile` (created when missing); returns the pin. */
export async function pinSysroot(cache: Cache, sysroot: Sysroot, lockfile: string): Promise<SysrootPin> {
  const packed = await packSysroot(cache, sysroot);
  const pin = pinOf(sysroot, packed);
  const lock = await readLockOrEmpty(lockfile);
  const next: Lock = { ...lock, sysroots: { ...(lock.sysroots ?? {}), [sysroot.key]: pin } };
  await writeLock(lockfile, next);
  return pin;
}

export interface PinSource {
  lockfile?: string;
  distServer?: string;
  offline?: boolean;
  reporter: Reporter;
}

/**
 * A fetcher for ensureSysroot: the sysroot `key` when the lock pins it and its archive is in
 * the cache or on a dist server other than upstream (which serves no sysroots).
 */
export function pinnedFetcher(src: PinSource): (cache: Cache, key: string) => Promise<Sysroot | undefined> {
  return async (cache, key) => {
    if (!src.lockfile || !existsSync(src.lockfile)) return undefined;
    const pin = (await readLock(src.lockfile)).sysroots?.[key];
    if (!pin) return undefined;
    const server = resolveDistServer(src.distServer);
    const onlyCache = src.offline === true || server === UPSTREAM_DIST_SERVER;
    if (onlyCache && !cache.markedBlob(pin.archive.sha256)) return undefined;
    return fetchSysroot({ cache, server, offline: onlyCache, reporter: src.reporter }, key, pin);
  };
}
