// Streaming extraction of rust-installer tarballs with node-tar, fed chunk by chunk while
// the download is hashed. The first path component (`rustc-nightly-x86_64-.../`) is
// stripped, as rustup does. What an entry may be and where it may land is decided by
// archive-entry-safety.ts; large files, new small files and directories are made by
// extract-write-scheduler.ts on the thread pool. This
// file wires them to the decompressor and the parser, with backpressure and the
// expansion cap.
import path from 'node:path';
import { closeSync, constants, futimesSync, linkSync, openSync, symlinkSync, writeSync } from 'node:fs';
import { Parser, type ReadEntry } from 'tar';
import type { Compression } from '../lock/schema.js';
import { drained } from '../util/drain.js';
import { errnoHint, errnoReason } from '../util/errno.js';
import { EntryGuard, HostileArchiveError, type CheckedEntry, type DirMaker } from './archive-entry-safety.js';
import { startDecompressor } from './decompress.js';
import { WriteScheduler } from './extract-write-scheduler.js';
import { OstooError } from '../errors.js';

export interface Extraction {
  /** Feeds compressed bytes; resolves when they may be followed by more (backpressure). */
  write(chunk: Buffer): Promise<void>;
  /** Ends input and waits until every file is on disk; rejects with the first failure. */
  finish(): Promise<void>;
  /** Stops taking entries and waits until no write is in flight, so the caller can remove the directory. */
  cancel(err: Error): Promise<void>;
}

/** Files at least this large are written on the thread pool. */
const ASYNC_FILE_MIN = 1 << 20;
/** Directories and new small files being made at once on the thread pool (which also inflates). */
const MAX_MAKING = 16;
/** Bytes handed to the thread pool and not yet written, before inflating pauses. */
const MAX_INFLIGHT_BYTES = 64 << 20;

/**
 * The expansion cap, against decompression bombs from a mirror serving bytes the lock did not
 * pin (they are extracted before their hash is known): at any moment the decompressed stream
 * may hold at most EXPANSION_ALLOWANCE plus EXPANSION_RATIO times the compressed bytes fed so
 * far. Real rust-installer tarballs expand 3 to 10 times.
 */
export const EXPANSION_RATIO = 50;
export const EXPANSION_ALLOWANCE = 64 << 20;

export class ArchiveBombError extends OstooError {
  constructor(
    readonly archive: string,
    expanded: number,
    compressed: number,
  ) {
    super(
      `refusing ${archive}: ${compressed} compressed bytes expanded to more than ${expanded} bytes ` +
        `(the limit is ${EXPANSION_ALLOWANCE >> 20} MiB plus ${EXPANSION_RATIO} times the compressed size)`,
      'the mirror or dist server serves an archive that is not a real rust-installer package; use another (--dist-server), or check it',
    );
  }
}

/**
 * The mode an entry is made with: directories rwxr-xr-x, files rw-r--r-- or, when the
 * archive marks them executable, rwxr-xr-x, as rust-installer's own install.sh makes them.
 * Whatever else an archive says (setuid, setgid, sticky, a mode-000 directory the install
 * could not even enter, a world-writable file) is not carried over.
 */
function saneMode(type: string, archived: number | undefined): number {
  if (type === 'Directory') return 0o755;
  return (archived ?? 0o644) & 0o111 ? 0o755 : 0o644;
}

/** Plain words for the file system errors extraction can meet, naming the path. */
function fsProblem(err: unknown, label: string, rel: string, doing: string): Error {
  if (err instanceof HostileArchiveError) return err;
  const reason = errnoReason(err, {
    EEXIST: 'a different kind of entry already exists there',
    ENOENT: 'its directory disappeared (was the cache or the staging directory removed?)',
  });
  return new OstooError(`${label}: cannot ${doing} ${rel}: ${reason}`, errnoHint(err), { cause: err });
}

/** Extracts into `dir` (which must exist), stripping the package's top directory. */
export function startExtraction(dir: string, kind: Compression, label: string): Extraction {
  let failure: Error | undefined;
  const guard = new EntryGuard(dir, label);
  const writer = new WriteScheduler({
    failed: () => failure !== undefined,
    fail: (err, rel, doing = 'write') => {
      failure ??= err instanceof OstooError ? err : fsProblem(err, label, rel, doing);
    },
    settled: () => pump(),
  });
  // Entries are made in archive order with synchronous calls as the parser hands them over:
  // for thousands of small files, a thread-pool round trip per open, write, futimes and close
  // costs far more than the calls themselves (measured), and inflating still runs on the
  // thread pool. The one exception is the open that creates a new small file (see
  // WriteScheduler.createSmallFile); an entry that depends on such a file waits for it.
  const parser = new Parser({ strict: true });
  parser.on('entry', (entry: ReadEntry) => {
    if (failure) return void entry.resume();
    const checked = guard.check(entry.type, entry.path, entry.linkpath);
    if (checked instanceof HostileArchiveError) {
      failure = checked;
      return void entry.resume();
    }
    if (!checked.rel) return void entry.resume(); // the package's top directory itself
    // The parser hands over the next entry only once this one has ended, so waiting here keeps the order.
    handle(entry, checked);
  });

  /** Places the entry now, or once what it depends on is there, or once there is room. */
  function handle(entry: ReadEntry, checked: CheckedEntry): void {
    if (mustWait(entry, checked)) void writer.whenIdle().then(() => handle(entry, checked));
    else if (writer.makingCount >= MAX_MAKING) void writer.whenRoom(MAX_MAKING).then(() => handle(entry, checked));
    else place(entry, checked);
  }

  /** Directories are made on the thread pool, each after its parent (see WriteScheduler.makeDir). */
  const makeDir: DirMaker = (rel, parent, mode, notADirectory) =>
    writer.makeDir(path.join(dir, rel), rel, parent, mode, notADirectory);

  /** A new small file or a directory goes ahead; anything else meets the file system only once all that was started is there. */
  function mustWait(entry: ReadEntry, checked: CheckedEntry): boolean {
    if (!writer.making) return false;
    const { rel } = checked;
    if (writer.waitsForCreation(rel)) return true;
    return entry.type !== 'Directory' && !goesAhead(entry, rel);
  }

  /** A small regular file that no earlier entry made: created on the thread pool (WriteScheduler.createSmallFile). */
  function goesAhead(entry: ReadEntry, rel: string): boolean {
    const file = entry.type !== 'Directory' && entry.type !== 'SymbolicLink' && entry.type !== 'Link';
    return file && entry.size < ASYNC_FILE_MIN && guard.isNew(rel);
  }

  /** Makes one entry that passed the text checks. */
  function place(entry: ReadEntry, checked: CheckedEntry): void {
    if (failure) return void entry.resume();
    const raw = entry.path;
    const { rel } = checked;
    const abs = path.join(dir, rel);
    const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    const mode = saneMode(entry.type, entry.mode);
    let doing = 'create';
    try {
      if (entry.type === 'Directory') {
        doing = 'create the directory';
        guard.ensureDir(rel, mode, raw, makeDir);
        return void entry.resume();
      }
      // Only what goes ahead may find its parent still being made; the rest waited until all was there.
      const ahead = goesAhead(entry, rel);
      guard.ensureDir(parent, 0o755, raw, ahead ? makeDir : undefined);
      if (entry.type === 'SymbolicLink') {
        doing = 'create the symlink';
        guard.symlinkAt(checked);
        guard.replacing(rel, () => symlinkSync(entry.linkpath ?? '', abs));
        guard.symlinkMade(rel);
        return void entry.resume();
      }
      if (entry.type === 'Link') {
        doing = 'create the hardlink';
        const target = guard.hardlinkTarget(checked, raw, entry.linkpath);
        guard.replacing(rel, () => linkSync(target, abs));
        guard.regularMade(rel);
        return void entry.resume();
      }
      doing = 'write';
      if (ahead) {
        guard.regularMade(rel);
        return void writer.createSmallFile(entry, abs, rel, parent, mode);
      }
      let fd = -1;
      guard.replacing(rel, () => {
        // O_NOFOLLOW as well as O_EXCL: never open through a link at the last component.
        fd = openSync(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
      });
      guard.regularMade(rel);
      if (entry.size >= ASYNC_FILE_MIN) return void writer.writeFile(entry, fd);
      const close = (): void => {
        if (fd >= 0) closeSync(fd);
        fd = -1;
      };
      entry.on('data', (chunk: Buffer) => {
        if (fd < 0) return;
        try {
          for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off, chunk.length - off);
        } catch (err) {
          close();
          failure ??= fsProblem(err, label, raw, 'write');
        }
      });
      entry.on('end', () => {
        if (fd < 0) return;
        try {
          if (entry.mtime) futimesSync(fd, entry.atime ?? new Date(), entry.mtime);
          close();
        } catch (err) {
          close();
          failure ??= fsProblem(err, label, raw, 'write');
        }
      });
    } catch (err) {
      failure ??= fsProblem(err, label, rel, doing);
      entry.resume();
    }
  }
  const unpack = parser;
  // Settles once the parser has seen the end of input, or failed, and no write is in flight.
  const parsed = new Promise<void>((resolve) => {
    unpack.on('error', (err: Error) => {
      // node-tar's codes (TAR_BAD_ARCHIVE, ...) mean nothing to a user: say which archive.
      failure ??= new OstooError(
        `${label}: not a valid tar archive (${err.message})`,
        'the archive is damaged or not what the lock pins; install again, or use another mirror (--dist-server)',
        { cause: err },
      );
      resolve();
    });
    unpack.on('close', () => resolve());
  });
  const settled = parsed.then(() => writer.whenIdle()).then(() => writer.closeUnfinished());

  let compressedIn = 0;
  let expanded = 0;
  let ended = false;
  const endUnpack = (): void => {
    if (!ended) {
      ended = true;
      unpack.end();
    }
  };
  const fail = (err: Error): void => {
    failure ??= err;
    endUnpack();
  };
  const { input, output, kill } = startDecompressor(kind, label, fail);
  // Paused while the parser is full, or while too many bytes wait to be written.
  let parserFull = false;
  let paused = false;
  function pump(): void {
    if (paused && !parserFull && writer.inflightBytes < MAX_INFLIGHT_BYTES / 2) {
      paused = false;
      output.resume();
    }
  }
  output.on('data', (c: Buffer) => {
    if (failure) return; // drain without parsing
    expanded += c.length;
    if (expanded > EXPANSION_ALLOWANCE + EXPANSION_RATIO * compressedIn) {
      fail(new ArchiveBombError(label, expanded, compressedIn));
      kill();
      return;
    }
    if (!unpack.write(c)) {
      parserFull = true;
      unpack.once('drain', () => {
        parserFull = false;
        pump();
      });
    }
    if (parserFull || writer.inflightBytes >= MAX_INFLIGHT_BYTES) {
      paused = true;
      output.pause();
    }
  });
  output.on('end', endUnpack);

  return {
    async write(chunk) {
      if (failure) throw failure;
      compressedIn += chunk.length;
      if (!input.write(chunk)) await Promise.race([drained(input), settled]);
      if (failure) throw failure;
    },
    async finish() {
      input.end();
      await settled;
      if (failure) throw failure;
      guard.checkLinks();
    },
    async cancel(err) {
      failure ??= err;
      input.end();
      // A truncated stream makes the decompressor fail, which ends the unpacker.
      await Promise.race([settled, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}
