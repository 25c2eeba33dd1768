// Reading and writing toolchains.lock files (atomically), and finding which one applies.
import { existsSync } from 'node:fs';
import { rename, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { InvalidDataError } from '../util/zod-path.js';
import { emptyLock, MAX_LOCK_BYTES, parseLock, serializeLock, type Lock } from './schema.js';
import { hasErrno } from '../util/errno.js';
import { readRegularFile, UnreadableFileError } from '../util/regular-file.js';
import { readUserText } from '../util/user-text.js';
import { OstooError } from '../errors.js';

export const LOCK_FILE = 'toolchains.lock';

/** The lock this package ships (top-level toolchains.lock). */
export const shippedLockPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..', LOCK_FILE);

export async function readLock(file: string): Promise<Lock> {
  let text: string;
  try {
    // A regular file only (a FIFO or /dev/zero is refused, not read), and its size checked
    // before reading: a huge file is refused without being loaded.
    text = readRegularFile(file, {
      maxBytes: MAX_LOCK_BYTES,
      hint: 'pass a toolchains.lock file with --lockfile',
    }).toString('utf8');
  } catch (err) {
    if (hasErrno(err, 'ENOENT'))
      throw new OstooError(
        `no lock file at ${file}`,
        'pass one with --lockfile, or make it with `ostoo toolchain lock NAME`',
      );
    if (err instanceof UnreadableFileError && err.size !== undefined)
      throw new InvalidDataError(
        `${file} is ${err.size} bytes, larger than ${MAX_LOCK_BYTES >> 20} MiB: not a lock file`,
        '(size)',
        'pass a toolchains.lock file with --lockfile',
      );
    throw err;
  }
  return parseLock(text, file);
}

/** Reads `file`, or an empty lock when it does not exist yet. */
export async function readLockOrEmpty(file: string): Promise<Lock> {
  return existsSync(file) ? readLock(file) : emptyLock();
}

/** Writes via a temporary file and rename, so readers never see half a lock. */
export async function writeLock(file: string, lock: Lock): Promise<void> {
  const text = serializeLock(lock);
  parseLock(text, file); // never write something we could not read back
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** `--lockfile`, else ./toolchains.lock when present, else the one this package ships. */
export function resolveLockfile(given: string | undefined, cwd = process.cwd()): string {
  if (given) return path.resolve(cwd, given);
  const local = path.join(cwd, LOCK_FILE);
  return existsSync(local) ? local : shippedLockPath;
}

/** The `channel` of ./rust-toolchain.toml, if any: the default toolchain to install. */
export async function toolchainFileChannel(cwd = process.cwd()): Promise<string | undefined> {
  for (const name of ['rust-toolchain.toml', 'rust-toolchain']) {
    const text = readUserText(path.join(cwd, name));
    if (text === undefined) continue;
    try {
      const data = parseToml(text) as { toolchain?: { channel?: unknown } };
      const channel = data.toolchain?.channel;
      if (typeof channel === 'string') return channel;
    } catch {
      if (name === 'rust-toolchain' && /^[\w.-]+$/.test(text.trim())) return text.trim();
    }
  }
  return undefined;
}
