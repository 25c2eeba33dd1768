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
import { oneLine } from '../../src/render/quote.js';

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

/**
 * The checks of --toolchain and --toolchain-path as their answers come in (a typed name without
 * rust-src is asked again; a given one is refused before the next question), keeping what they
 * resolved for the questions after them (musl) and for pickToolchain. A name the lock pins and
 * that will be installed is not looked for yet.
 */
export class ToolchainAnswers {
  /** What the answers so far resolve to (undefined while a pinned one awaits its install). */
  toolchain?: Toolchain;

  constructor(private readonly options: { lockfile?: unknown; 'skip-install'?: unknown; 'toolchain-path'?: unknown }) {}

  async checkName(value: unknown): Promise<void> {
    const name = typeof value === 'string' ? value : '';
    if (!name) return;
    if (this.options['toolchain-path']) throw bothGiven();
    const lockfile = resolveLockfile(this.options.lockfile as string | undefined, process.cwd());
    const lock = existsSync(lockfile) ? await readLock(lockfile) : undefined;
    const pinned = Boolean(lock?.toolchains[name]);
    if (pinned && !this.options['skip-install']) return;
    const tc = await resolvePinned(name, pinned);
    requireRustSrc(tc);
    this.toolchain = tc;
  }

  async checkPath(value: unknown, answers: Answers): Promise<void> {
    if (typeof value !== 'string' || !value) return;
    if (answers.toolchain) throw bothGiven();
    // The path is written into rust-toolchain.toml and the build script: one line, said before it is looked at.
    oneLine(value, '--toolchain-path');
    const tc = await resolveToolchain({ path: value });
    requireRustSrc(tc);
    this.toolchain = tc;
  }
}

/** rustup's toolchain NAME; one the lock pins but that is not installed (--skip-install) is ostoo's to install. */
async function resolvePinned(name: string, pinned: boolean): Promise<Toolchain> {
  try {
    return await resolveToolchain({ name });
  } catch (err) {
    if (pinned && err instanceof ToolchainError)
      throw new OstooError(
        `toolchain '${name}' is pinned in the lock but not installed`,
        `run \`ostoo toolchain install ${name}\` (or drop --skip-install)`,
      );
    throw err;
  }
}

const bothGiven = () =>
  new OstooError(
    'both --toolchain and --toolchain-path given',
    'pass either --toolchain or --toolchain-path, not both',
  );

/** `detected`: what auto-detection already found (shown before the questions that depend on it). */
export async function pickToolchain(
  answers: Answers,
  log: (line: string) => void,
  detected?: Toolchain,
): Promise<PickedToolchain> {
  const name = answers.toolchain as string | undefined;
  const dir = answers['toolchain-path'] as string | undefined;
  if (name && dir) throw bothGiven();
  let picked: PickedToolchain;
  if (dir) picked = { toolchain: await resolveToolchain({ path: dir }) };
  else if (name) {
    const lockfile = resolveLockfile(answers.lockfile as string | undefined, process.cwd());
    const lock = existsSync(lockfile) ? await readLock(lockfile) : undefined;
    const pinned = Boolean(lock?.toolchains[name]);
    if (pinned && !answers['skip-install']) {
      const res = await installToolchain({ name, lock: lock!, lockfile });
      log(res.alreadyInstalled ? `${name} is already installed` : `${name} installed in ${res.toolchainDir}`);
    }
    const toolchain = await resolvePinned(name, pinned);
    picked = { toolchain, ...(pinned ? { lockText: serializeLock(entryLock(lock!, name)) } : {}) };
  } else picked = { toolchain: detected ?? (await detectToolchain(log)) };
  requireRustSrc(picked.toolchain);
  return picked;
}
