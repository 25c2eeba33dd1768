// The shared data next to the project (../shared: the real trees, the seL4 builds).
// OSTOO_SHARED overrides where it is (e.g. for a checkout elsewhere).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

export function sharedDir(): string {
  return process.env.OSTOO_SHARED ?? path.resolve(repoRoot, '..', 'shared');
}

/** For node:test's `skip`: the directory, or a reason to skip (an error when CI requires it). */
export function sharedOrSkip(sub: string): { dir: string; skip: string | false } {
  const dir = path.join(sharedDir(), sub);
  if (existsSync(dir)) return { dir, skip: false };
  if (process.env.OSTOO_REQUIRE_TOOLCHAIN === '1')
    throw new Error(`OSTOO_REQUIRE_TOOLCHAIN=1 but ${dir} is missing (set OSTOO_SHARED)`);
  return { dir, skip: `${dir} is missing (set OSTOO_SHARED to the shared folder)` };
}
