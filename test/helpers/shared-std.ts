// One prebuilt std per key for the whole test suite, and across runs: tests that build a
// user-rs workspace or a seL4 app run with `ostoo` on PATH and this cache, so std is compiled
// by the first build that needs a key on this machine and linked by every later one, instead
// of `-Z build-std` compiling it again in every test's target directory.
// OSTOO_TEST_STD_CACHE moves the cache (default ~/.cache/ostoo-test-std).
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ostooBin, tempDir } from './paths.js';

export function sharedStdCache(): string {
  return process.env.OSTOO_TEST_STD_CACHE ?? path.join(os.homedir(), '.cache', 'ostoo-test-std');
}

let binDir: string | undefined;

/** A directory holding `ostoo` (this checkout's), to put first on PATH. */
export function ostooBinDir(): string {
  if (!binDir) {
    binDir = tempDir('ostoo-bin');
    symlinkSync(ostooBin, path.join(binDir, 'ostoo'));
  }
  return binDir;
}

/** The environment for a build that links the shared prebuilt std. */
export function sharedStdEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const cache = sharedStdCache();
  if (!existsSync(cache)) mkdirSync(cache, { recursive: true });
  return { ...process.env, PATH: `${ostooBinDir()}:${process.env.PATH ?? ''}`, OSTOO_CACHE_DIR: cache, ...extra };
}

/** PATH without any directory that has an `ostoo` (the build then falls back to -Z build-std). */
export function pathWithoutOstoo(): string {
  return (process.env.PATH ?? '')
    .split(':')
    .filter((d) => d && !existsSync(path.join(d, 'ostoo')))
    .join(':');
}

/** How many times cargo compiled the std crate in `output`. */
export function stdCompiles(output: string): number {
  return (output.match(/^\s*Compiling std v/gm) ?? []).length;
}
