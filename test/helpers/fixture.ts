// A temporary world for install tests: a dist server with fake components, a lock made
// from it by our own `lock`, and empty RUSTUP_HOME and cache directories.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { lockToolchain } from '../../src/provisioning/lock-toolchain.js';
import { detectHost } from '../../src/lock/toolchain-names.js';
import type { InstallOptions } from '../../src/provisioning/install.js';
import { buildDist, defaultComponents, NAME, serveDist, type DistServer, type FakeComponent } from './dist-server.js';

process.env.OSTOO_BACKOFF_MS ??= '10';

export interface Fixture {
  host: string;
  root: string;
  server: DistServer;
  lockfile: string;
  rustupHome: string;
  cacheDir: string;
  toolchainDir: string;
  /** Options for installToolchain against this world. */
  opts(extra?: Partial<InstallOptions>): InstallOptions;
  cleanup(): Promise<void>;
}

export async function fixture(
  o: { components?: (host: string) => FakeComponent[]; xz?: boolean; lock?: boolean } = {},
): Promise<Fixture> {
  const host = detectHost();
  const root = await mkdtemp(path.join(os.tmpdir(), 'ostoo-test-'));
  const built = buildDist((o.components ?? defaultComponents)(host), host, { xz: o.xz ?? false });
  const server = await serveDist(built.files);
  const lockfile = path.join(root, 'toolchains.lock');
  if (o.lock !== false) await lockToolchain({ name: NAME, lockfile, distServer: server.url, hosts: [host] });
  const rustupHome = path.join(root, 'rustup');
  const cacheDir = path.join(root, 'cache');
  return {
    host,
    root,
    server,
    lockfile,
    rustupHome,
    cacheDir,
    toolchainDir: path.join(rustupHome, 'toolchains', `${NAME}-${host}`),
    opts: (extra = {}) => ({
      name: NAME,
      lockfile,
      distServer: server.url,
      rustupHome,
      cacheDir,
      host,
      quiet: true,
      ...extra,
    }),
    cleanup: async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The stored copy of `rel` (a path in the package) in a cached tree (a flat, numbered file store; see src/provisioning/cache.ts). */
export function cachedFile(tree: string, rel: string): string {
  const index = JSON.parse(readFileSync(path.join(tree, '.ostoo-tree.json'), 'utf8')) as { p: string; n?: number }[];
  const e = index.find((x) => x.p === rel);
  if (e?.n === undefined) throw new Error(`${rel} is not a file in ${tree}`);
  return path.join(tree, String(e.n));
}
