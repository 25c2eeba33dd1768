// Shared checks for hostile-input install tests: after a refusal nothing may remain, and a
// correct install into the same RUSTUP_HOME and cache must still work.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { installToolchain } from '../../src/provisioning/install.js';
import { fixture, type Fixture } from './fixture.js';

/** Every path under `dir`, relative, sorted ([] when it does not exist). */
export function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = path.posix.join(rel, e.name);
      out.push(r);
      if (e.isDirectory()) walk(path.join(d, e.name), r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** No toolchain, no staging directory, no partial extraction; no cached tree for `pkg`. */
export function assertNothingLeft(f: Fixture, pkg?: string): void {
  assert.ok(!existsSync(f.toolchainDir), 'no toolchain directory');
  assert.deepEqual(listing(path.join(f.rustupHome, 'tmp')), [], 'no staging directory left');
  assert.deepEqual(listing(path.join(f.cacheDir, 'tmp')), [], 'no partial extraction kept');
  if (pkg) {
    const trees = listing(path.join(f.cacheDir, 'trees'));
    assert.ok(
      trees.every((t) => !t.includes(pkg)),
      `no cache entry for ${pkg}: ${trees.join(', ')}`,
    );
  }
}

/** A correct install, from a well-behaved server, into `f`'s RUSTUP_HOME and cache. */
export async function goodInstallAfter(f: Fixture): Promise<void> {
  const good = await fixture();
  try {
    const res = await installToolchain({ ...good.opts(), rustupHome: f.rustupHome, cacheDir: f.cacheDir });
    assert.equal(res.alreadyInstalled, false);
    assert.match(
      readFileSync(path.join(f.toolchainDir, 'bin/cargo'), 'utf8'),
      /cargo/,
      'a correct install afterwards works',
    );
  } finally {
    await good.cleanup();
  }
}
