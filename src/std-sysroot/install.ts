// `ostoo sysroot install` (and the sysroot part of `ostoo toolchain install`): every sysroot a
// lock pins for this host, fetched from a mirror through the verified fetch, or found sound in
// the cache.
import path from 'node:path';
import { readLock, LOCK_FILE } from '../lock/file.js';
import { detectHost } from '../lock/toolchain-names.js';
import { pinnedFor, type SysrootPin } from '../lock/sysroot-pins.js';
import type { Lock } from '../lock/schema.js';
import { openCache } from '../provisioning/cache.js';
import { resolveDistServer, UPSTREAM_DIST_SERVER } from '../provisioning/mirror.js';
import type { Reporter } from '../provisioning/progress.js';
import { fetchSysroot } from './archive.js';
import { nearestLockfile } from './pins.js';
import { SysrootError } from './errors.js';
import { findSysroot } from './store.js';

export interface SysrootInstallOptions {
  lockfile?: string;
  lock?: Lock;
  cacheDir?: string;
  cacheWriteDir?: string;
  distServer?: string;
  offline?: boolean;
  host?: string;
  /** Only the pins built by the toolchain whose lock entry has this rustc version. */
  rustc?: string;
  quiet?: boolean;
  reporter?: Reporter;
  /** Without a mirror, skip pins whose archive is not cached (with a note) instead of failing. */
  skipUnavailable?: boolean;
}

export interface InstalledSysroot {
  key: string;
  target: string;
  dir: string;
  how: 'cached' | 'fetched';
}

export async function installPinnedSysroots(opts: SysrootInstallOptions): Promise<InstalledSysroot[]> {
  const lockfile = opts.lockfile ?? nearestLockfile(process.cwd()) ?? path.resolve(LOCK_FILE);
  const lock = opts.lock ?? (await readLock(lockfile));
  const host = opts.host ?? detectHost();
  const pins = Object.entries(lock.sysroots ?? {}).filter(
    ([, p]) => p.host === host && (opts.rustc === undefined || pinnedFor(p, opts.rustc)),
  ) as [string, SysrootPin][];
  if (pins.length === 0) return [];
  const { createReporter } = await import('../provisioning/progress.js');
  const reporter = opts.reporter ?? createReporter({ quiet: opts.quiet ?? false });
  const { cache, note } = openCache(opts.cacheDir, opts.cacheWriteDir);
  if (note) reporter.info(note);
  const server = resolveDistServer(opts.distServer);
  const out: InstalledSysroot[] = [];
  try {
    for (const [key, pin] of pins) {
      const have = await findSysroot(cache, key, (dir, why) =>
        reporter.info(`the sysroot at ${dir} is refused (${why}); fetching it again`),
      );
      if (have) {
        out.push({ key, target: pin.target, dir: have.dir, how: 'cached' });
        continue;
      }
      const unavailable = (server === UPSTREAM_DIST_SERVER || opts.offline) && !cache.markedBlob(pin.archive.sha256);
      if (unavailable && opts.skipUnavailable) {
        reporter.info(
          `note: the lock pins std ${key.slice(0, 12)} for ${pin.target}; without a mirror carrying it (--dist-server) it is built on first use`,
        );
        continue;
      }
      if (unavailable && !opts.offline)
        throw new SysrootError(
          `the lock pins std ${key} for ${pin.target}, and upstream serves no sysroots`,
          'give the mirror with --dist-server (or OSTOO_DIST_SERVER)',
        );
      const s = await fetchSysroot({ cache, server, offline: opts.offline ?? false, reporter }, key, pin);
      out.push({ key, target: pin.target, dir: s.dir, how: 'fetched' });
    }
  } finally {
    if (!opts.reporter) reporter.close();
    const { closeDownloadsIfUsed } = await import('../provisioning/verified-fetch.js');
    await closeDownloadsIfUsed();
  }
  return out;
}
