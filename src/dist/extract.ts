// Streaming extraction of rust-installer tarballs with node-tar, fed chunk by chunk while
// the download is hashed. The first path component (`rustc-nightly-x86_64-.../`) is
// stripped, as rustup does. Entries that could land outside the target are refused:
// `..`, absolute paths, symlinks or hardlinks pointing outside, and special files.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
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
  /** Ends input and waits until every file is on disk. */
  finish(): Promise<void>;
  /** Stops early; files already written stay for the caller to remove. */
  abort(err: Error): void;
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

/** Extracts into `dir` (which must exist), stripping the package's top directory. */
export function startExtraction(dir: string, kind: Compression, label: string): Extraction {
  let failure: Error | undefined;
  const unpack = new Unpack({
    cwd: dir,
    strip: 1,
    strict: true,
    preserveOwner: false,
    filter: (p, entry) => {
      const e = entry as unknown as { type: string; linkpath?: string };
      const why = unsafeEntry(e.type, p, e.linkpath);
      if (why) {
        failure ??= new HostileArchiveError(label, p, why);
        unpack.abort(failure);
        return false;
      }
      return true;
    },
  });
  const done = new Promise<void>((resolve, reject) => {
    unpack.on('error', (err: Error) => reject(failure ?? err));
    unpack.on('close', () => (failure ? reject(failure) : resolve()));
  });
  done.catch(() => {}); // observed through finish()

  const { input, output, child } = decompressor(kind);
  const fail = (err: Error): void => {
    failure ??= err;
    unpack.abort(failure);
  };
  output.on('data', (c: Buffer) => {
    if (!unpack.write(c)) {
      output.pause();
      unpack.once('drain', () => output.resume());
    }
  });
  output.on('end', () => unpack.end());
  output.on('error', (err: Error) => fail(new Error(`${label}: ${err.message}`)));
  input.on('error', (err: Error) => fail(new Error(`${label}: ${err.message}`)));
  if (child) {
    child.on('error', (err) => fail(new Error(`${label}: cannot run the ${kind} decompressor: ${err.message}`)));
    child.on('exit', (code) => {
      if (code) fail(new Error(`${label}: ${kind} decompression failed (exit ${code})`));
    });
  }
  const sinkStream = input;

  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!sinkStream.write(chunk)) await Promise.race([once(sinkStream, 'drain'), done]);
      if (failure) throw failure;
    },
    async finish() {
      if (failure) throw failure;
      sinkStream.end();
      await done;
    },
    abort(err) {
      fail(err);
      sinkStream.destroy();
      child?.kill();
    },
  };
}
