// The sysroot for a cargo command: the cached one for its key when it is sound, else one
// fetched from a mirror when a lock pins the key, else built here, once: concurrent builds
// of one key wait for the first.
import path from 'node:path';
import { cacheRoot, openCache, type Cache } from '../provisioning/cache.js';
import { acquire } from '../provisioning/mutex.js';
import { buildSysroot } from './builder.js';
import type { CargoContext } from './context.js';
import { SysrootError } from './errors.js';
import { shortKey, sysrootKey } from './request.js';
import { findSysroot, type Sysroot } from './store.js';
import { print } from '../util/terminal-text.js';

export interface EnsureOptions {
  /** --cache (default OSTOO_CACHE_DIR, XDG_CACHE_HOME/ostoo, ~/.cache/ostoo). */
  cacheDir?: string;
  cacheWriteDir?: string;
  /** Lines for the user (progress, what was refused); default stderr. */
  info?: (line: string) => void;
  /** Fetches the sysroot for `key` when something pins it; undefined when nothing does. */
  fetchPinned?: (cache: Cache, key: string) => Promise<Sysroot | undefined>;
  /** Never build: fail when the sysroot is neither cached nor fetched. */
  noBuild?: boolean;
}

export interface Ensured {
  sysroot: Sysroot;
  how: 'cached' | 'built' | 'fetched';
}

export async function ensureSysroot(ctx: CargoContext, opts: EnsureOptions = {}): Promise<Ensured> {
  const info = opts.info ?? ((l: string) => print(process.stderr, `${l}\n`));
  const key = sysrootKey(ctx.request);
  const { cache, note } = openCache(opts.cacheDir, opts.cacheWriteDir);
  const refused = (dir: string, why: string): void =>
    info(`ostoo: the prebuilt std at ${dir} is refused (${why}); getting it again`);
  const cached = await findSysroot(cache, key, refused);
  if (cached) return { sysroot: cached, how: 'cached' };
  if (note) info(`ostoo: ${note}`);

  const held = await acquire(path.join(cacheRoot(cache.dir).mkdirs('sysroots'), `.${key}.lock`), {
    onWait: (pid) => info(`ostoo: waiting for another build of std for ${ctx.request.target.name} (pid ${pid ?? '?'})`),
  });
  try {
    const meanwhile = await findSysroot(cache, key, refused);
    if (meanwhile) return { sysroot: meanwhile, how: 'cached' };
    const fetched = await opts.fetchPinned?.(cache, key);
    if (fetched) return { sysroot: fetched, how: 'fetched' };
    if (opts.noBuild)
      throw new SysrootError(
        `no prebuilt std for key ${key} in ${cache.dirs.join(' or ')}`,
        'build it without --offline',
      );
    await cache.cleanStale();
    const toolchainLine = ctx.request.toolchain.rustc.split('\n')[0] ?? '';
    info(
      `ostoo: building std for ${ctx.request.target.name} once (key ${shortKey(key)}); later builds with the same toolchain, spec and flags reuse it`,
    );
    const sysroot = await buildSysroot(ctx, cache, key, toolchainLine);
    info(`ostoo: std for ${ctx.request.target.name} is ready in ${sysroot.dir}`);
    return { sysroot, how: 'built' };
  } finally {
    await held.release();
  }
}
