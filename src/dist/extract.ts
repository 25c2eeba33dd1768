// Streaming extraction of rust-installer tarballs with node-tar, fed chunk by chunk while
// the download is hashed. The first path component (`rustc-nightly-x86_64-.../`) is
// stripped, as rustup does. Entries that could land outside the target are refused:
// `..`, absolute paths, symlinks or hardlinks pointing outside, and special files.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { Unpack } from 'tar';
import type { Compression } from '../lock/schema.js';

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

/** gz through zlib (on the thread pool); xz and zstd through the system's xz/zstd tools. */
function decompressor(kind: Compression): { input: Writable; output: NodeJS.ReadableStream; child?: ChildProcess } {
  if (kind === 'gz') {
    const gunzip = zlib.createGunzip({ chunkSize: 256 * 1024 });
    return { input: gunzip, output: gunzip };
  }
  const child = spawn(kind === 'xz' ? 'xz' : 'zstd', ['-dc'], { stdio: ['pipe', 'pipe', 'ignore'] });
  return { input: child.stdin as Writable, output: child.stdout as NodeJS.ReadableStream, child };
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
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
  const unpack = new Unpack({
    cwd: dir,
    strip: 1,
    strict: true,
    preserveOwner: false,
    // node-tar's own path checks lstat and mkdir every component of every entry, which
    // dominates install time; the filter below enforces the same rules once per entry:
    // no '..', no absolute paths, no links leaving the package, nothing through a symlink.
    preservePaths: true,
    filter: (raw, entry) => {
      if (failure) return false;
      const e = entry as unknown as { type: string; linkpath?: string };
      const p = raw.replace(/\/+$/, '');
      let why = unsafeEntry(e.type, p, e.linkpath);
      const via = throughSymlink(p) ?? (e.type === 'Link' ? throughSymlink(e.linkpath ?? '') : undefined);
      if (!why && via) why = `would be written through the symlink ${via}`;
      if (!why && symlinks.has(p)) why = 'replaces a symlink';
      if (why) failure = new HostileArchiveError(label, raw, why);
      else if (e.type === 'SymbolicLink') symlinks.add(p);
      return !why;
    },
  });
  // Settles once node-tar has no write in flight: on 'close' after the end of input, or on error.
  const settled = new Promise<void>((resolve) => {
    unpack.on('error', (err: Error) => {
      failure ??= err;
      resolve();
    });
    unpack.on('close', () => resolve());
  });

  const { input, output, child } = decompressor(kind);
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
  output.on('data', (c: Buffer) => {
    if (failure) return; // drain without parsing
    if (!unpack.write(c)) {
      output.pause();
      unpack.once('drain', () => output.resume());
    }
  });
  output.on('end', endUnpack);
  output.on('error', (err: Error) => fail(new Error(`${label}: ${err.message}`)));
  input.on('error', (err: Error) => fail(new Error(`${label}: ${err.message}`)));
  if (child) {
    child.on('error', (err) => fail(new Error(`${label}: cannot run the ${kind} decompressor: ${err.message}`)));
    child.on('exit', (code) => {
      if (code) fail(new Error(`${label}: ${kind} decompression failed (exit ${code})`));
    });
  }

  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!input.write(chunk)) await Promise.race([drained(input), settled]);
      if (failure) throw failure;
    },
    async finish() {
      input.end();
      await settled;
      if (failure) throw failure;
    },
    async cancel(err) {
      failure ??= err;
      input.end();
      // A truncated stream makes the decompressor fail, which ends the unpacker.
      await Promise.race([settled, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}
