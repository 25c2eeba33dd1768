// Which toolchain a command means and where it lives: the lock (given, or read from the
// lockfile), the name (given, or the lock's only one), its entry, the host's artifacts and
// the directory ($RUSTUP_HOME/toolchains/NAME-HOST, or --prefix). Install, verify and list
// all resolve it here.
import path from 'node:path';
import { readLock } from '../lock/file.js';
import { detectHost, toolchainDirName } from '../lock/toolchain-names.js';
import { getEntry, type Lock, type LockedArtifact, type ToolchainEntry } from '../lock/schema.js';
import { defaultRustupHome } from '../toolchain/rustup-home.js';
import { OstooError } from '../errors.js';

export interface LocateOptions {
  /** Toolchain to use, e.g. nightly-2026-05-20 (default: the lock's only entry). */
  name?: string;
  /**
   * A parsed lock, or the file to read: one of the two is needed. The caller has resolved the
   * file already (src/actions/toolchain.ts does, with resolveLockfile); given with `lock`, it
   * only names the lock in errors.
   */
  lock?: Lock;
  lockfile?: string;
  host?: string;
  /** Default $RUSTUP_HOME, else ~/.rustup. */
  rustupHome?: string;
  /** A plain toolchain directory instead of rustup's layout. */
  prefix?: string;
}

export interface Located {
  /** What errors call the lock: its file, or "the lock" when it was given parsed. */
  source: string;
  lock: Lock;
  name: string;
  entry: ToolchainEntry;
  host: string;
  artifacts: LockedArtifact[];
  rustupHome: string;
  /** Where the toolchain is (or goes). */
  dir: string;
}

/** The lock given, or the one read from `lockfile`, and how errors name it. */
export async function loadLock(
  opts: Pick<LocateOptions, 'lock' | 'lockfile'>,
): Promise<{ lock: Lock; source: string }> {
  if (opts.lock) return { lock: opts.lock, source: opts.lockfile ?? 'the lock' };
  if (!opts.lockfile) throw new Error('internal: locating a toolchain needs a lock or a lock file');
  return { lock: await readLock(opts.lockfile), source: opts.lockfile };
}

export function pickName(lock: Lock, name: string | undefined, source: string): string {
  if (name) return name;
  const names = Object.keys(lock.toolchains);
  if (names.length === 1) return names[0] as string;
  if (names.length) throw new OstooError(`${source} pins several toolchains (${names.join(', ')})`, 'name one');
  throw new OstooError(`${source} pins no toolchain`, 'pin one with `ostoo toolchain lock NAME`');
}

export function hostArtifacts(entry: ToolchainEntry, name: string, host: string): LockedArtifact[] {
  const h = entry.hosts[host];
  if (!h)
    throw new OstooError(
      `the lock has no artifacts of ${name} for ${host} (it covers ${Object.keys(entry.hosts).join(', ')})`,
      `add this host to its entry (\`ostoo toolchain lock ${name} --hosts ${[...Object.keys(entry.hosts), host].join(',')}\`), or pass another --host`,
    );
  return h.artifacts;
}

/** Where rustup keeps `name` for `host`. */
export function rustupToolchainDir(rustupHome: string, name: string, host: string): string {
  return path.join(rustupHome, 'toolchains', toolchainDirName(name, host));
}

export async function locateToolchain(opts: LocateOptions): Promise<Located> {
  const { lock, source } = await loadLock(opts);
  const name = pickName(lock, opts.name, source);
  const entry = getEntry(lock, name, source);
  const host = opts.host ?? detectHost();
  const artifacts = hostArtifacts(entry, name, host);
  const rustupHome = opts.rustupHome ?? defaultRustupHome();
  const dir = opts.prefix ? path.resolve(opts.prefix) : rustupToolchainDir(rustupHome, name, host);
  return { source, lock, name, entry, host, artifacts, rustupHome, dir };
}
