// `ostoo toolchain list` and `ostoo toolchain verify`.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readLock, resolveLockfile } from '../lock/file.js';
import { detectHost } from '../lock/toolchain-names.js';
import type { Lock } from '../lock/schema.js';
import { defaultRustupHome } from '../toolchain/rustup-home.js';
import { chooseArchive, PREFERRED_FORMATS, unpackableHere } from './archive-choice.js';
import { openCache } from './cache.js';
import { closeDownloads } from './download.js';
import type { InstallOptions } from './install.js';
import { locateToolchain, rustupToolchainDir } from './locate.js';
import { resolveDistServer } from './mirror.js';
import { createReporter } from './progress.js';
import { missingComponents, OSTOO_RECORD, RUSTLIB } from './rustup-meta.js';
import { rehashInstalled, type RehashProblem } from './rehash.js';
import { OstooError } from '../errors.js';

export interface ListedToolchain {
  name: string;
  pinned: boolean;
  /** Hosts the lock covers (pinned toolchains only). */
  hosts: string[];
  /** Installed in $RUSTUP_HOME for this host, with every locked component. */
  installed: boolean;
  /** Installed by ostoo (it carries our lock record). */
  byOstoo: boolean;
  dir: string;
}

export async function listToolchains(
  opts: { lock?: Lock; lockfile?: string; rustupHome?: string; host?: string } = {},
): Promise<ListedToolchain[]> {
  const lockfile = resolveLockfile(opts.lockfile);
  const lock = opts.lock ?? (existsSync(lockfile) ? await readLock(lockfile) : { version: 1 as const, toolchains: {} });
  const host = opts.host ?? detectHost();
  const home = opts.rustupHome ?? defaultRustupHome();
  const out: ListedToolchain[] = [];
  for (const [name, e] of Object.entries(lock.toolchains).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const dir = rustupToolchainDir(home, name, host);
    const arts = e.hosts[host]?.artifacts ?? [];
    const missing = existsSync(dir) ? await missingComponents(dir, arts) : undefined;
    out.push({
      name,
      pinned: true,
      hosts: Object.keys(e.hosts),
      installed: missing !== undefined && missing.length === 0,
      byOstoo: existsSync(path.join(dir, RUSTLIB, OSTOO_RECORD)),
      dir,
    });
  }
  const tdir = path.join(home, 'toolchains');
  if (existsSync(tdir)) {
    for (const d of (await readdir(tdir)).sort()) {
      const dir = path.join(tdir, d);
      if (out.some((t) => t.dir === dir) || !existsSync(path.join(dir, RUSTLIB, OSTOO_RECORD))) continue;
      out.push({
        name: d.endsWith(`-${host}`) ? d.slice(0, -host.length - 1) : d,
        pinned: false,
        hosts: [],
        installed: true,
        byOstoo: true,
        dir,
      });
    }
  }
  return out;
}

/** The same selection of toolchain, lock, homes and server as an install. */
export type VerifyOptions = Pick<
  InstallOptions,
  | 'name'
  | 'lock'
  | 'lockfile'
  | 'host'
  | 'rustupHome'
  | 'prefix'
  | 'cacheDir'
  | 'cacheWriteDir'
  | 'distServer'
  | 'offline'
  | 'quiet'
>;

export async function verifyToolchain(
  opts: VerifyOptions = {},
): Promise<{ name: string; dir: string; problems: RehashProblem[]; files: number }> {
  const { name, dir, artifacts } = await locateToolchain(opts);
  if (!existsSync(dir))
    throw new OstooError(`${name} is not installed (no ${dir})`, `install it with \`ostoo toolchain install ${name}\``);
  const reporter = createReporter({ quiet: opts.quiet ?? false });
  const ctx = {
    cache: openCache(opts.cacheDir, opts.cacheWriteDir).cache,
    server: resolveDistServer(opts.distServer),
    offline: opts.offline ?? false,
    reporter,
  };
  try {
    const usable = unpackableHere();
    const list = artifacts.map((artifact) => ({
      artifact,
      chosen: chooseArchive(artifact, PREFERRED_FORMATS, usable),
    }));
    const problems = await rehashInstalled(ctx, dir, list);
    return { name, dir, problems, files: list.length };
  } finally {
    reporter.close();
    await closeDownloads();
  }
}
