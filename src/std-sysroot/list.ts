// What the cache holds: `ostoo sysroot list` and `ostoo sysroot verify` (a full re-hash).
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { openCache } from '../provisioning/cache.js';
import { checkSysroot, sysrootsDir } from './store.js';

const KEY = /^[0-9a-f]{64}$/;

async function keysIn(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((n) => KEY.test(n)).sort();
}

export interface Listed {
  key: string;
  target: string;
  toolchain: string;
  bytes: number;
  dir: string;
}

export async function listSysroots(opts: { cacheDir?: string; cacheWriteDir?: string }): Promise<Listed[]> {
  const { cache } = openCache(opts.cacheDir, opts.cacheWriteDir);
  const out: Listed[] = [];
  for (const layer of cache.dirs) {
    for (const key of await keysIn(sysrootsDir(layer))) {
      const dir = path.join(sysrootsDir(layer), key);
      const r = await checkSysroot(dir, key);
      if (!r.ok) continue;
      const bytes = r.manifest.files.reduce((n, f) => n + f.size, 0);
      out.push({ key, target: r.manifest.target, toolchain: r.manifest.toolchain, bytes, dir });
    }
  }
  return out;
}

export async function verifySysroots(opts: {
  cacheDir?: string;
  cacheWriteDir?: string;
  keys: readonly string[];
}): Promise<{ key: string; dir: string; ok: boolean; why?: string }[]> {
  const { cache } = openCache(opts.cacheDir, opts.cacheWriteDir);
  const out = [];
  for (const layer of cache.dirs) {
    for (const key of await keysIn(sysrootsDir(layer))) {
      if (opts.keys.length && !opts.keys.includes(key)) continue;
      const dir = path.join(sysrootsDir(layer), key);
      const r = await checkSysroot(dir, key, { full: true, writeStamp: layer === cache.dir });
      out.push(r.ok ? { key, dir, ok: true } : { key, dir, ok: false, why: r.why });
    }
  }
  return out;
}
