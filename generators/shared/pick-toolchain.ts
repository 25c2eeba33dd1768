// Choosing the toolchain for every generator that pins one (ostoo new, camkes-rust,
// camkes-component on CMake apps): --toolchain NAME, --toolchain-path DIR or auto-detection.
// A NAME pinned in the lock is installed first (verified, idempotent), and its lock entry is
// returned so the project can keep its own copy.
import { existsSync } from 'node:fs';
import { OstooError } from '../../src/errors.js';
import { entryLock, installToolchain, readLock, resolveLockfile, serializeLock } from '../../src/provision.js';
import {
  autoDetectToolchain,
  requireRustSrc,
  resolveToolchain,
  ToolchainError,
  type Toolchain,
} from '../../src/toolchain/resolve.js';
import type { Answers } from '../../src/command/model.js';

export interface PickedToolchain {
  toolchain: Toolchain;
  /** The lock entry to pin beside the project, when NAME is in the lock. */
  lockText?: string;
}

/** Auto-detection, saying what it found and how to choose another. */
export async function detectToolchain(log: (line: string) => void): Promise<Toolchain> {
  const tc = await autoDetectToolchain();
  log(`Using toolchain ${tc.id} (${tc.versionLine}); pin another with --toolchain or --toolchain-path.`);
  return tc;
}

/** `detected`: what auto-detection already found (shown before the questions that depend on it). */
export async function pickToolchain(
  answers: Answers,
  log: (line: string) => void,
  detected?: Toolchain,
): Promise<PickedToolchain> {
  const name = answers.toolchain as string | undefined;
  const dir = answers['toolchain-path'] as string | undefined;
  if (name && dir)
    throw new OstooError(
      'both --toolchain and --toolchain-path given',
      'pass either --toolchain or --toolchain-path, not both',
    );
  let picked: PickedToolchain;
  if (dir) picked = { toolchain: await resolveToolchain({ path: dir }) };
  else if (name) {
    const lockfile = resolveLockfile(answers.lockfile as string | undefined, process.cwd());
    const lock = existsSync(lockfile) ? await readLock(lockfile) : undefined;
    const pinned = Boolean(lock?.toolchains[name]);
    if (pinned && !answers['skip-install']) {
      const res = await installToolchain({ name, lockfile });
      log(res.alreadyInstalled ? `${name} is already installed` : `${name} installed in ${res.toolchainDir}`);
    }
    let toolchain: Toolchain;
    try {
      toolchain = await resolveToolchain({ name });
    } catch (err) {
      // Pinned but not installed (--skip-install): ostoo installs it, not rustup.
      if (pinned && err instanceof ToolchainError)
        throw new OstooError(
          `toolchain '${name}' is pinned in the lock but not installed`,
          `run \`ostoo toolchain install ${name}\` (or drop --skip-install)`,
        );
      throw err;
    }
    picked = { toolchain, ...(pinned ? { lockText: serializeLock(entryLock(lock!, name)) } : {}) };
  } else picked = { toolchain: detected ?? (await detectToolchain(log)) };
  requireRustSrc(picked.toolchain);
  return picked;
}
