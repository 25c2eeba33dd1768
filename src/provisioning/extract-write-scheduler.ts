// Writing an archive's large files on the thread pool during extraction. Small files are
// written with synchronous calls as the parser hands them over (a thread-pool round trip per
// open, write, futimes and close would cost more than the calls themselves); large ones with
// positional writes handed to the thread pool, so that the kernel's copying of their bytes
// overlaps parsing, hashing and inflating on two cores. The scheduler counts what is in
// flight: the bytes (so that inflating can pause when too many wait) and the operations (so
// that extraction can wait until every file is on disk).
import { close, closeSync, constants, futimes, futimesSync, lstat, mkdir, open, write, writeSync } from 'node:fs';
import type { EventEmitter } from 'node:events';

/** What the scheduler needs of a tar entry: its path and times, and its 'data' and 'end' events. */
export interface EntryStream extends Pick<EventEmitter, 'on'> {
  path: string;
  mtime?: Date | undefined;
  atime?: Date | undefined;
}

export interface SchedulerHooks {
  /** Whether extraction has failed: no more data is written then, and times are not set. */
  failed(): boolean;
  /** Making (`doing`, else writing) the entry at `rel` failed; an Error of ours is the failure itself. */
  fail(err: unknown, rel: string, doing?: string): void;
  /** An operation finished (fewer bytes may be in flight now: time to resume inflating?). */
  settled(): void;
}

function writeAll(fd: number, buf: Buffer, position: number, cb: (err: Error | null) => void): void {
  write(fd, buf, 0, buf.length, position, (err, n) => {
    if (err) return cb(err);
    if (n < buf.length) return writeAll(fd, buf.subarray(n), position + n, cb);
    cb(null);
  });
}

export class WriteScheduler {
  private inflight = 0;
  private bytes = 0;
  /** Files opened and not yet closed. */
  private readonly openFds = new Set<number>();
  private idleWaiters: (() => void)[] = [];
  /** Small files whose open is on the thread pool (paths relative to the target). */
  private readonly creating = new Set<string>();
  /** Directories being made on the thread pool: settles once made (or failed). */
  private readonly makingDirs = new Map<string, Promise<void>>();
  private roomWaiters: { below: number; resolve: () => void }[] = [];

  constructor(private readonly hooks: SchedulerHooks) {}

  /** Bytes handed to the thread pool and not yet written. */
  get inflightBytes(): number {
    return this.bytes;
  }

  private opDone(): void {
    if (--this.inflight === 0) {
      const w = this.idleWaiters;
      this.idleWaiters = [];
      for (const r of w) r();
    }
    if (this.roomWaiters.length) {
      const ready = this.roomWaiters.filter((w) => this.makingCount < w.below);
      this.roomWaiters = this.roomWaiters.filter((w) => this.makingCount >= w.below);
      for (const w of ready) w.resolve();
    }
    this.hooks.settled();
  }

  /** Whether a directory or a small file is still being made. */
  get making(): boolean {
    return this.makingCount > 0;
  }

  /** Runs `run` once the directory `parent` exists (at once, unless it is still being made). */
  private afterDir(parent: string, run: () => void): void {
    const making = this.makingDirs.get(parent);
    if (making) void making.then(run);
    else run();
  }

  /**
   * Makes directory `rel` on the thread pool, after its parent. Like a small file's open, a
   * mkdir can cost half a millisecond of kernel time on a file system that has just freed
   * many inodes, and a package has hundreds of directories.
   */
  makeDir(abs: string, rel: string, parent: string, mode: number, notADirectory: () => Error): void {
    const { hooks } = this;
    this.inflight++;
    const made = new Promise<void>((resolve) =>
      this.afterDir(parent, () => {
        if (hooks.failed()) return resolve();
        mkdir(abs, mode, (err) => {
          if (err?.code !== 'EEXIST') {
            if (err) hooks.fail(err, rel, 'create the directory');
            return resolve();
          }
          lstat(abs, (statErr, st) => {
            if (statErr) hooks.fail(statErr, rel, 'create the directory');
            else if (!st.isDirectory()) hooks.fail(notADirectory(), rel);
            resolve();
          });
        });
      }),
    ).then(() => {
      this.makingDirs.delete(rel);
      this.opDone();
    });
    this.makingDirs.set(rel, made);
  }

  /** Directories and small files still being made. */
  get makingCount(): number {
    return this.creating.size + this.makingDirs.size;
  }

  /** Resolves once fewer than `below` directories and small files are being made. */
  whenRoom(below: number): Promise<void> {
    if (this.makingCount < below) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ below, resolve }));
  }

  /**
   * Whether an entry at `rel` must wait until the small files being created are there: it is
   * one of them, or lies below one. It then meets the file system exactly as if every earlier
   * entry had been made in order (and is refused in the same words).
   */
  waitsForCreation(rel: string): boolean {
    if (this.creating.size === 0) return false;
    for (let at = rel.length; at > 0; at = rel.lastIndexOf('/', at - 1)) {
      if (this.creating.has(rel.slice(0, at))) return true;
    }
    return false;
  }

  /**
   * Creates the new small file `rel` (at `abs`) with `entry`'s data. Only the open, which makes
   * the inode, goes to the thread pool: on a file system that has just freed many inodes, ext4
   * can spend half a millisecond finding a free one, and there the opens of many files overlap
   * on both cores. The bytes, the times and the close are then synchronous (cheap, and one
   * thread-pool round trip per file instead of four).
   */
  createSmallFile(entry: EntryStream, abs: string, rel: string, parent: string, mode: number): void {
    const { hooks } = this;
    const chunks: Buffer[] = [];
    let held = 0;
    let ended = false;
    let dead = false;
    let fd = -1;
    this.creating.add(rel);
    this.inflight++;
    const finish = (): void => {
      if (fd < 0 || !ended) return;
      this.openFds.delete(fd);
      try {
        if (!hooks.failed()) {
          for (const chunk of chunks) {
            for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off, chunk.length - off);
          }
          if (entry.mtime) futimesSync(fd, entry.atime ?? new Date(), entry.mtime);
        }
      } catch (err) {
        hooks.fail(err, entry.path);
      } finally {
        closeSync(fd);
        fd = -1;
        chunks.length = 0;
        this.bytes -= held;
      }
    };
    entry.on('data', (chunk: Buffer) => {
      if (dead) return;
      chunks.push(chunk);
      held += chunk.length;
      this.bytes += chunk.length;
    });
    entry.on('end', () => {
      ended = true;
      finish();
    });
    // O_NOFOLLOW as well as O_EXCL: never open through a link at the last component.
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    this.afterDir(parent, () =>
      open(abs, flags, mode, (err, opened) => {
        this.creating.delete(rel);
        if (err) {
          hooks.fail(err, rel);
          dead = true;
          chunks.length = 0;
          this.bytes -= held;
          held = 0;
        } else {
          fd = opened;
          this.openFds.add(fd);
          finish();
        }
        this.opDone();
      }),
    );
  }

  /** Resolves once no operation is in flight. */
  whenIdle(): Promise<void> {
    return this.inflight === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
  }

  /** Writes `entry`'s data into `fd` (open for writing, at offset 0), then sets its times and closes it. */
  writeFile(entry: EntryStream, fd: number): void {
    const { hooks } = this;
    this.openFds.add(fd);
    let pos = 0;
    let pending = 0;
    let ended = false;
    const finish = (): void => {
      if (!ended || pending > 0 || !this.openFds.has(fd)) return;
      this.openFds.delete(fd);
      this.inflight++;
      const closeIt = (): void =>
        close(fd, (err) => {
          if (err) hooks.fail(err, entry.path);
          this.opDone();
        });
      if (entry.mtime && !hooks.failed()) {
        futimes(fd, entry.atime ?? new Date(), entry.mtime, (err) => {
          if (err) hooks.fail(err, entry.path);
          closeIt();
        });
      } else closeIt();
    };
    entry.on('data', (chunk: Buffer) => {
      if (hooks.failed()) return;
      const at = pos;
      pos += chunk.length;
      pending++;
      this.inflight++;
      this.bytes += chunk.length;
      writeAll(fd, chunk, at, (err) => {
        pending--;
        this.bytes -= chunk.length;
        if (err) hooks.fail(err, entry.path);
        finish();
        this.opDone();
      });
    });
    entry.on('end', () => {
      ended = true;
      finish();
    });
  }

  /** Closes the files whose entries never ended (the parser stopped on a failure). */
  closeUnfinished(): void {
    for (const fd of this.openFds) closeSync(fd);
    this.openFds.clear();
  }
}
