// Streaming extraction of rust-installer tarballs with node-tar, fed chunk by chunk while
// the download is hashed. The first path component (`rustc-nightly-x86_64-.../`) is
// stripped, as rustup does. Entries that could land outside the target are refused:
// `..`, absolute paths, symlinks or hardlinks pointing outside, and special files. Besides
// the text of each entry, the decisions are made on the file system itself: every parent is
// checked to be a real directory (lstat, top-down) before anything is created in it, a
// hardlink may only name a regular file this archive wrote, and once every entry is in
// place each symlink is resolved link by link and must stay inside its component.
import path from 'node:path';
import { close, closeSync, constants, futimes, futimesSync, linkSync, lstatSync, mkdirSync, openSync, readlinkSync, symlinkSync, unlinkSync, write, writeSync } from 'node:fs';
import { Parser, type ReadEntry } from 'tar';
import type { Compression } from '../lock/schema.js';
import { drained } from '../util/drain.js';
import { startDecompressor } from './decompress.js';

export class HostileArchiveError extends Error {
  constructor(
    readonly archive: string,
    readonly entry: string,
    reason: string,
  ) {
    super(`refusing ${archive}: entry "${entry}" ${reason}`);
    this.name = 'HostileArchiveError';
  }
}

const allowedTypes = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

/** Why an entry (raw archive path, before stripping) is unsafe, or undefined when it is fine. */
export function unsafeEntry(type: string, rawPath: string, linkpath: string | undefined): string | undefined {
  if (!allowedTypes.has(type)) return `is a ${type}, which an installer package never contains`;
  if (rawPath.startsWith('/') || /^[A-Za-z]:/.test(rawPath)) return 'has an absolute path';
  const parts = rawPath.split('/');
  if (parts.includes('..')) return "has a '..' path component";
  const root = parts[0] ?? '';
  if (type === 'SymbolicLink') {
    const target = linkpath ?? '';
    if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) return `is a symlink to the absolute path ${target}`;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rawPath), target));
    if (!resolved.startsWith(`${root}/`)) return `is a symlink to ${target}, outside the package`;
  }
  if (type === 'Link') {
    const target = linkpath ?? '';
    const tparts = target.split('/');
    if (target.startsWith('/') || tparts.includes('..') || tparts[0] !== root || tparts.length < 2) {
      return `is a hardlink to ${target}, outside the package`;
    }
  }
  return undefined;
}

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

export class ArchiveBombError extends Error {
  constructor(
    readonly archive: string,
    expanded: number,
    compressed: number,
  ) {
    super(
      `refusing ${archive}: ${compressed} compressed bytes expanded to more than ${expanded} bytes ` +
        `(the limit is ${EXPANSION_ALLOWANCE >> 20} MiB plus ${EXPANSION_RATIO} times the compressed size)`,
    );
    this.name = 'ArchiveBombError';
  }
}

/** Permission bits only: setuid, setgid and sticky bits from an archive are dropped. */
const PERMISSION_BITS = 0o777;

/** Most symlinks followed while resolving one, as Linux allows (ELOOP beyond). */
const MAX_LINK_HOPS = 40;

/**
 * Where the symlink at `rel` (relative to `base`, its component's directory) leads on the
 * file system as it now is, followed link by link; undefined when that leaves `base` (an
 * absolute target, or more `..` than depth) or loops. Missing components resolve as text.
 */
export function resolveInside(base: string, rel: string): string[] | undefined {
  let hops = 0;
  const follow = (start: string[], target: string): string[] | undefined => {
    if (target.startsWith('/')) return undefined;
    const stack = [...start];
    for (const c of target.split('/')) {
      if (c === '' || c === '.') continue;
      if (c === '..') {
        if (stack.length === 0) return undefined;
        stack.pop();
        continue;
      }
      stack.push(c);
      const abs = path.join(base, ...stack);
      let isLink = false;
      try {
        isLink = lstatSync(abs).isSymbolicLink();
      } catch {
        continue; // nothing there (yet): the rest resolves as text
      }
      if (!isLink) continue;
      if (++hops > MAX_LINK_HOPS) return undefined;
      stack.pop();
      const next = follow(stack, readlinkSync(abs));
      if (!next) return undefined;
      stack.splice(0, stack.length, ...next);
    }
    return stack;
  };
  const parts = rel.split('/');
  return follow(parts.slice(0, -1), parts[parts.length - 1] ?? '');
}

/** Plain words for the file system errors extraction can meet, naming the path. */
function fsProblem(err: unknown, label: string, rel: string, doing: string): Error {
  if (err instanceof HostileArchiveError) return err;
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EEXIST: 'a different kind of entry already exists there',
    ENOTDIR: 'a parent is not a directory',
    ENAMETOOLONG: 'the name is too long for this file system',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exhausted',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'its directory disappeared (was the cache or the staging directory removed?)',
    EMLINK: 'too many links to one file',
  };
  const reason = (e.code && why[e.code]) ?? e.message;
  return new Error(`${label}: cannot ${doing} ${rel}: ${reason}`, { cause: err });
}

/** An archive path without '' and '.' components (keeping a leading '/'). */
function canonical(p: string): string {
  return (p.startsWith('/') ? '/' : '') + p.split('/').filter((c) => c !== '' && c !== '.').join('/');
}

/** Extracts into `dir` (which must exist), stripping the package's top directory. */
export function startExtraction(dir: string, kind: Compression, label: string): Extraction {
  let failure: Error | undefined;
  // Symlinks this archive created: no later entry may be written (or hardlinked) through one.
  const symlinks = new Set<string>();
  const throughSymlink = (p: string): string | undefined => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (symlinks.has(prefix)) return prefix;
    }
    return undefined;
  };
  // Directories known to exist, relative to `dir` ('' is `dir` itself).
  // Every entry in `dirs` was checked (lstat, not stat) to be a real directory, and its
  // parents before it, so nothing created below one can land outside `dir`. A directory is
  // never replaced (see `replacing`), so the set stays true.
  const dirs = new Set<string>(['']);
  const ensureDir = (rel: string, mode: number, raw: string): void => {
    if (dirs.has(rel)) return;
    const slash = rel.lastIndexOf('/');
    ensureDir(slash < 0 ? '' : rel.slice(0, slash), 0o755, raw);
    try {
      mkdirSync(path.join(dir, rel), mode);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (!lstatSync(path.join(dir, rel)).isDirectory()) {
        throw new HostileArchiveError(label, raw, `would be written below ${rel}, which is not a directory (a symlink or a file)`);
      }
    }
    dirs.add(rel);
  };
  // Regular files this archive wrote (relative to `dir`): the only things a hardlink may name.
  const regular = new Set<string>();
  // Symlinks this archive created (relative to `dir`), resolved once every entry is in place.
  const createdLinks = new Set<string>();
  /** Runs `make`; when the path is taken by a non-directory, removes it and tries again (a later entry wins, as in tar). */
  const replacing = (rel: string, abs: string, make: () => void): void => {
    try {
      make();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || lstatSync(abs).isDirectory()) throw err;
      unlinkSync(abs);
      regular.delete(rel);
      createdLinks.delete(rel);
      make();
    }
  };
  // Large files are written with positional writes on the thread pool instead, so that the
  // kernel's copying of their bytes overlaps parsing, hashing and inflating on two cores.
  let inflight = 0;
  let inflightBytes = 0;
  const openFds = new Set<number>();
  let idleWaiters: (() => void)[] = [];
  const opDone = (): void => {
    if (--inflight === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const r of w) r();
    }
    pump();
  };
  const whenIdle = (): Promise<void> => (inflight === 0 ? Promise.resolve() : new Promise((r) => idleWaiters.push(r)));
  const writeAll = (fd: number, buf: Buffer, position: number, cb: (err: Error | null) => void): void => {
    write(fd, buf, 0, buf.length, position, (err, n) => {
      if (err) return cb(err);
      if (n < buf.length) return writeAll(fd, buf.subarray(n), position + n, cb);
      cb(null);
    });
  };
  const writeLargeFile = (entry: ReadEntry, fd: number): void => {
    openFds.add(fd);
    let pos = 0;
    let pending = 0;
    let ended = false;
    const finish = (): void => {
      if (!ended || pending > 0 || !openFds.has(fd)) return;
      openFds.delete(fd);
      inflight++;
      const closeIt = (): void =>
        close(fd, (err) => {
          if (err) failure ??= fsProblem(err, label, entry.path, 'write');
          opDone();
        });
      if (entry.mtime && !failure) {
        futimes(fd, entry.atime ?? new Date(), entry.mtime, (err) => {
          if (err) failure ??= fsProblem(err, label, entry.path, 'write');
          closeIt();
        });
      } else closeIt();
    };
    entry.on('data', (chunk: Buffer) => {
      if (failure) return;
      const at = pos;
      pos += chunk.length;
      pending++;
      inflight++;
      inflightBytes += chunk.length;
      writeAll(fd, chunk, at, (err) => {
        pending--;
        inflightBytes -= chunk.length;
        if (err) failure ??= fsProblem(err, label, entry.path, 'write');
        finish();
        opDone();
      });
    });
    entry.on('end', () => {
      ended = true;
      finish();
    });
  };
  // Each entry is written with synchronous calls as the parser hands it over: for thousands
  // of small files, one thread-pool round trip per open, write, futimes and close costs far
  // more than the calls themselves (measured), and inflating still runs on the thread pool.
  const parser = new Parser({ strict: true });
  parser.on('entry', (entry: ReadEntry) => {
    if (failure) return void entry.resume();
    // Canonical form: '' and '.' components dropped, so that "a//b" or "a/./b" cannot
    // slip past the symlink checks below.
    const raw = entry.path;
    const p = canonical(raw);
    const parts = p.split('/').filter((c) => c !== '');
    const linkpath = entry.linkpath === undefined ? undefined : canonical(entry.linkpath);
    let why = unsafeEntry(entry.type, p, entry.type === 'SymbolicLink' ? entry.linkpath : linkpath);
    const via = throughSymlink(p) ?? (entry.type === 'Link' ? throughSymlink(linkpath ?? '') : undefined);
    if (!why && via) why = `would be written through the symlink ${via}`;
    if (!why && symlinks.has(p)) why = 'replaces a symlink';
    if (why) {
      failure = new HostileArchiveError(label, raw, why);
      return void entry.resume();
    }
    const rel = parts.slice(1).join('/');
    if (!rel) return void entry.resume(); // the package's top directory itself
    const abs = path.join(dir, rel);
    const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    const mode = (entry.mode ?? 0o644) & PERMISSION_BITS;
    let doing = 'create';
    try {
      if (entry.type === 'Directory') {
        doing = 'create the directory';
        ensureDir(rel, mode, raw);
        return void entry.resume();
      }
      ensureDir(parent, 0o755, raw);
      if (entry.type === 'SymbolicLink') {
        doing = 'create the symlink';
        symlinks.add(p);
        replacing(rel, abs, () => symlinkSync(entry.linkpath ?? '', abs));
        createdLinks.add(rel);
        return void entry.resume();
      }
      if (entry.type === 'Link') {
        doing = 'create the hardlink';
        const targetRel = (linkpath ?? '').split('/').slice(1).join('/');
        const target = path.join(dir, targetRel);
        // Only a regular file written earlier by this archive, and still one (lstat).
        if (!regular.has(targetRel) || !lstatSync(target).isFile()) {
          throw new HostileArchiveError(label, raw, `is a hardlink to ${entry.linkpath}, which is not a regular file extracted earlier from this archive`);
        }
        replacing(rel, abs, () => linkSync(target, abs));
        regular.add(rel);
        return void entry.resume();
      }
      doing = 'write';
      let fd = -1;
      replacing(rel, abs, () => {
        // O_NOFOLLOW as well as O_EXCL: never open through a link at the last component.
        fd = openSync(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
      });
      regular.add(rel);
      if (entry.size >= ASYNC_FILE_MIN) return void writeLargeFile(entry, fd);
      const close = (): void => {
        if (fd >= 0) closeSync(fd);
        fd = -1;
      };
      entry.on('data', (chunk: Buffer) => {
        if (fd < 0) return;
        try {
          for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off, chunk.length - off);
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
  });
  /** Once every entry is in place: each symlink must resolve inside its own component directory. */
  const checkLinks = (): void => {
    for (const rel of createdLinks) {
      const slash = rel.indexOf('/');
      // `cargo/bin/x` belongs to the component `cargo`; top-level entries to the package.
      const [base, inner] = slash < 0 ? ['', rel] : [rel.slice(0, slash), rel.slice(slash + 1)];
      if (!resolveInside(path.join(dir, base), inner)) {
        const target = readlinkSync(path.join(dir, rel));
        throw new HostileArchiveError(label, rel, `is a symlink to ${target}, which resolves outside ${base ? `the component ${base}` : 'the package'} once every link is in place`);
      }
    }
  };
  const unpack = parser;
  // Settles once the parser has seen the end of input, or failed, and no write is in flight.
  const parsed = new Promise<void>((resolve) => {
    unpack.on('error', (err: Error) => {
      // node-tar's codes (TAR_BAD_ARCHIVE, ...) mean nothing to a user: say which archive.
      failure ??= new Error(`${label}: not a valid tar archive (${err.message})`, { cause: err });
      resolve();
    });
    unpack.on('close', () => resolve());
  });
  const settled = parsed
    .then(whenIdle)
    .then(() => {
      // Files the parser never finished (it stopped on a failure) are closed here.
      for (const fd of openFds) closeSync(fd);
      openFds.clear();
    });

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
    if (paused && !parserFull && inflightBytes < MAX_INFLIGHT_BYTES / 2) {
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
    if (parserFull || inflightBytes >= MAX_INFLIGHT_BYTES) {
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
      checkLinks();
    },
    async cancel(err) {
      failure ??= err;
      input.end();
      // A truncated stream makes the decompressor fail, which ends the unpacker.
      await Promise.race([settled, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}
