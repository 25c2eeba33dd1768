// Choosing the toolchain for generators that pin one into an existing tree (camkes-rust,
// camkes-component on CMake apps): --toolchain NAME, --toolchain-path DIR or auto-detection,
// as `ostoo new` does. A NAME pinned in the lock is installed first (verified, idempotent).
import { existsSync } from 'node:fs';
import { entryLock, installToolchain, readLock, resolveLockfile, serializeLock } from '../../src/provision.js';
import { autoDetectToolchain, requireRustSrc, resolveToolchain, type Toolchain } from '../../src/toolchain/resolve.js';
import type { Answers } from './command.js';


export interface PickedToolchain {
  toolchain: Toolchain;
  /** The lock entry to pin beside the project, when NAME is in the lock. */
  lockText?: string;
}

export async function pickToolchain(answers: Answers, log: (line: string) => void): Promise<PickedToolchain> {
  const name = answers.toolchain as string | undefined;
  const dir = answers['toolchain-path'] as string | undefined;
  if (name && dir) throw new Error('pass either --toolchain or --toolchain-path, not both');
  let picked: PickedToolchain;
  if (dir) picked = { toolchain: await resolveToolchain({ path: dir }) };
  else if (name) {
    const lockfile = resolveLockfile(answers.lockfile as string | undefined, process.cwd());
    const lock = existsSync(lockfile) ? await readLock(lockfile) : undefined;
    let lockText: string | undefined;
    if (lock?.toolchains[name]) {
      lockText = serializeLock(entryLock(lock, name));
      if (!answers['skip-install']) {
        const res = await installToolchain({ name, lockfile });
        log(res.alreadyInstalled ? `${name} is already installed` : `${name} installed in ${res.toolchainDir}`);
      }
    }
    picked = { toolchain: await resolveToolchain({ name }), ...(lockText ? { lockText } : {}) };
  } else {
    const tc = await autoDetectToolchain();
    log(`Using toolchain ${tc.id} (${tc.versionLine}); pin another with --toolchain or --toolchain-path.`);
    picked = { toolchain: tc };
  }
  requireRustSrc(picked.toolchain);
  return picked;
}

/** The toolchain as a project record keeps it. */
export function toolchainRecord(tc: Toolchain): { kind: string; id: string; root: string; versionLine: string } {
  return { kind: tc.kind, id: tc.id, root: tc.root, versionLine: tc.versionLine };
}
