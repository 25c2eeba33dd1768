// Writing an archive's large files on the thread pool during extraction. Small files are
// written with synchronous calls as the parser hands them over (a thread-pool round trip per
// open, write, futimes and close would cost more than the calls themselves); large ones with
// positional writes handed to the thread pool, so that the kernel's copying of their bytes
// overlaps parsing, hashing and inflating on two cores. The scheduler counts what is in
// flight: the bytes (so that inflating can pause when too many wait) and the operations (so
// that extraction can wait until every file is on disk).
import { close, closeSync, futimes, write } from 'node:fs';
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
  /** A write, futimes or close of the file at `rel` failed. */
  fail(err: unknown, rel: string): void;
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
    this.hooks.settled();
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
