// A user-rs workspace written straight from its plan (no musl extraction, no generator run),
// for tests that need its files but not a build.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Toolchain } from '../../src/toolchain/resolve.js';
import {
  deriveSpecFor,
  executableFiles,
  planUserRs,
  seedPrograms,
  userTargetName,
} from '../../src/workspace/user-rs.js';
import { findSystemMusl } from '../../src/sysroot/musl.js';

export async function writeUserRs(dir: string, tc: Toolchain): Promise<void> {
  const spec = await deriveSpecFor(tc, 'ostoo');
  const musl = findSystemMusl() ?? { kind: 'none' as const, lib: '' };
  const files = planUserRs({
    os: 'ostoo',
    target: userTargetName('ostoo'),
    deployDir: 'user',
    toolchain: tc,
    spec,
    musl,
    programs: seedPrograms,
    panic: 'message',
    optimizeForSize: true,
  });
  for (const [f, c] of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), c);
    if (executableFiles.includes(f)) chmodSync(path.join(dir, f), 0o755);
  }
}

/** The cargo command scripts/user-rs-build.sh runs, from the workspace's top directory. */
export function scriptCargo(dir: string, cargo: string): string[] {
  return [
    cargo,
    'build',
    '--release',
    '--manifest-path',
    path.join(dir, 'user-rs', 'Cargo.toml'),
    '--config',
    path.join(dir, 'user-rs', '.cargo', 'common.toml'),
    '-Zbuild-std=std,panic_abort',
  ];
}
