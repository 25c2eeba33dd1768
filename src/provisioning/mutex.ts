// A lock file (O_EXCL create) so that two installs of the same toolchain take turns. It
// records who holds it: pid, that process's start time and the boot id (Linux), and a random
// token. A PID alone is not enough: PIDs are reused, a container's PID 1 may be anyone, and a
// lock left by an earlier process can hold our own PID. So a lock is stale when its process
// is gone, started at another time or boot, is not an ostoo install (an old-format lock), or
// is this process without holding that token.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasErrno } from '../util/errno.js';
import { OstooError } from '../errors.js';
import { readRegularFile, UnreadableFileError } from '../util/regular-file.js';

export interface Owner {
  pid: number;
  /** /proc/PID/stat's start time (clock ticks since boot), when known. */
  start?: string;
  boot?: string;
  token?: string;
  /** An old-format lock: a bare PID. */
  legacy?: boolean;
}

/** Tokens of the locks this process holds right now. */
const heldHere = new Set<string>();

/** Whether a process with this PID exists (EPERM: it does, under another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return hasErrno(err, 'EPERM');
  }
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/PID/stat (after the parenthesized command, which may hold spaces). */
export function startTime(pid: number): string | undefined {
  const text = readProc(`/proc/${pid}/stat`);
  if (!text) return undefined;
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
}

function bootId(): string | undefined {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim();
}

function looksLikeOstoo(pid: number): boolean {
  const cmd = readProc(`/proc/${pid}/cmdline`);
  if (cmd === undefined) return true; // no /proc: cannot tell, assume it is
  return /node|ostoo/.test(cmd);
}

export interface Held {
  release(): Promise<void>;
  /** The same, synchronously: for an error path that cannot wait (see project/edit-lock.ts). */
  releaseSync(): void;
}

/** This process as a lock or a work directory records it: pid, start time, boot id and a fresh token. */
export function thisProcess(): Owner {
  const me: Owner = { pid: process.pid, token: randomBytes(8).toString('hex') };
  const start = startTime(process.pid);
  const boot = bootId();
  if (start) me.start = start;
  if (boot) me.boot = boot;
  return me;
}

/**
 * Whether the process an owner record names has certainly ended (so what it made is left
 * over): it is gone, or its PID now belongs to another process (another start time or boot).
 * This process's own records are never gone, unless they name an earlier process with our PID.
 */
export function ownerGone(o: Owner): boolean {
  const boot = bootId();
  if (o.boot && boot && o.boot !== boot) return true;
  const start = startTime(o.pid);
  if (o.start && start && o.start !== start) return true;
  return o.pid !== process.pid && !alive(o.pid);
}

async function ownerOf(file: string): Promise<Owner | undefined> {
  let text: string;
  try {
    // Regular and small only: a FIFO there would block the read forever, /dev/zero never end.
    text = readRegularFile(file, { maxBytes: 64 << 10, what: 'a lock file' })
      .toString('utf8')
      .trim();
  } catch (err) {
    if (err instanceof UnreadableFileError && err.size === undefined)
      throw new UnreadableFileError(
        file,
        err.why,
        'it is where ostoo keeps a lock file: move it aside, then run the command again',
      );
    return undefined;
  }
  return parseOwner(text);
}

/** An owner record's text (JSON, or an old-format bare PID); undefined when it is neither. */
export function parseOwner(text: string): Owner | undefined {
  if (/^\d+$/.test(text)) return { pid: Number(text), legacy: true };
  try {
    const o = JSON.parse(text) as Owner;
    return Number.isInteger(o.pid) && o.pid > 0 ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Why the lock's holder cannot be running an install now, or undefined if it may be. */
export function staleReason(o: Owner): string | undefined {
  if (o.pid === process.pid)
    return o.token && heldHere.has(o.token) ? undefined : 'it names this process, which does not hold it';
  if (!alive(o.pid)) return `process ${o.pid} is gone`;
  if (o.legacy && o.pid === 1)
    return "PID 1 is init (or a container's entry point), not an install that recorded itself";
  if (o.legacy) return looksLikeOstoo(o.pid) ? undefined : `process ${o.pid} is not an ostoo install`;
  const boot = bootId();
  if (o.boot && boot && o.boot !== boot) return 'it was taken before the last reboot';
  const start = startTime(o.pid);
  if (o.start && start && o.start !== start) return `process ${o.pid} is another process than the one that took it`;
  return undefined;
}

/** Waits for and takes the lock; `onWait` is called once if someone else holds it. */
export async function acquire(
  file: string,
  opts: { timeoutMs?: number; onWait?: (pid: number | undefined) => void } = {},
): Promise<Held> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let told = false;
  for (;;) {
    const me = thisProcess();
    const token = me.token!;
    try {
      const fh = await open(file, 'wx');
      heldHere.add(token);
      await fh.writeFile(`${JSON.stringify(me)}\n`);
      await fh.close();
      return {
        release: async () => {
          heldHere.delete(token);
          if ((await ownerOf(file))?.token === token) await rm(file, { force: true });
        },
        releaseSync: () => {
          heldHere.delete(token);
          let text: string | undefined;
          try {
            text = readFileSync(file, 'utf8');
          } catch {
            return;
          }
          if (parseOwner(text.trim())?.token === token) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if (!hasErrno(err, 'EEXIST')) throw err;
    }
    const owner = await ownerOf(file);
    // A lock without an owner is one whose writer died between creating and writing it.
    const orphan =
      owner === undefined &&
      (await stat(file).then(
        (s) => Date.now() - s.mtimeMs > 5_000,
        () => false,
      ));
    if (orphan) {
      await rm(file, { force: true });
      continue;
    }
    if (owner && staleReason(owner)) {
      // Stale: move it aside and check we moved the one we judged (not a fresh one).
      const aside = `${file}.stale-${process.pid}-${token}`;
      try {
        await rename(file, aside);
        const moved = await ownerOf(aside);
        if (JSON.stringify(moved) !== JSON.stringify(owner)) await rename(aside, file);
        else await rm(aside, { force: true });
      } catch {
        // someone else got there first
      }
      continue;
    }
    if (!told) {
      opts.onWait?.(owner?.pid);
      told = true;
    }
    if (Date.now() > deadline)
      throw new OstooError(
        `timed out waiting for ${file} (held by pid ${owner?.pid ?? '?'})`,
        'wait for that process to finish, or remove the lock file if it is gone',
      );
    await sleep(100 + Math.random() * 100);
  }
}
