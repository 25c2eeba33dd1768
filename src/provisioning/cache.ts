// The content-addressed download cache:
//   blobs/sha256/<hex>           a downloaded artifact, kept only once its sha256 matched,
//   blobs/sha256/<hex>.verified  the marker, written after that check;
//   trees/sha256/<hex>/N         the regular files of the artifact extracted from verified
//                                bytes, flat, numbered (a file-only store: no directories,
//                                so an install creates no more inodes than rustup's), with
//   trees/sha256/<hex>/.ostoo-tree.json  its marker: the index of every entry (path, type,
//                                and for files their number, size, mode, mtime, inode; for
//                                symlinks their target; directories exist only here).
// A blob is re-hashed every time it is used. A tree is re-checked against its index before
// every use; anything that does not match is deleted and rebuilt.
// Files are made read-only before a tree is published (installs hardlink them, so an
// in-place edit through an installed path would otherwise edit the cache; see listTree).
// A cache may have read-only layers (a shared cache mounted into CI runners): they are
// searched after the writable one and never written, not even to drop a damaged entry.
import { accessSync, chmodSync, constants, existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { alive } from './mutex.js';
import { hasErrno } from '../util/errno.js';
import { ReflinkLinkCopy } from '../util/reflink-link-copy.js';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OSTOO_CACHE_DIR) return path.resolve(env.OSTOO_CACHE_DIR);
  return userCacheDir(env);
}

/** The user's own cache, whatever OSTOO_CACHE_DIR says: where entries go when the cache given is read-only. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(base, 'ostoo');
}

/**
 * The cache an install reads and writes. `writeDir` (--cache-write) makes `dir` (--cache)
 * a read-only layer that is never written; without it, a `dir` this process cannot write
 * (a shared cache mounted read-only) becomes one, and new entries go to the user's cache.
 */
export function openCache(
  dir: string | undefined,
  writeDir?: string,
  env: NodeJS.ProcessEnv = process.env,
): { cache: Cache; note?: string } {
  const given = path.resolve(dir ?? defaultCacheDir(env));
  if (writeDir) {
    const w = path.resolve(writeDir);
    return { cache: new Cache(w, w === given ? [] : [given]) };
  }
  if (writableDir(given)) return { cache: new Cache(given) };
  const fallback = userCacheDir(env);
  if (path.resolve(fallback) === given)
    throw new Error(`the cache ${given} is not writable; give a writable one with --cache-write DIR`);
  return {
    cache: new Cache(fallback, [given]),
    note: `the cache ${given} is read-only: using it, and writing new entries to ${fallback}`,
  };
}

const TREE_MARKER = '.ostoo-tree.json';

export interface ListingEntry {
  p: string;
  t: 'f' | 'd' | 'l';
  /** Files: the name of its copy in the tree's flat directory. */
  n?: number;
  size?: number;
  mode?: number;
  mtime?: number;
  ino?: number;
  link?: string;
}

/** A verified tree: its index (walk order: each directory directly followed by what is under it) and where each file is. */
export interface StoredTree {
  dir: string;
  entries: readonly ListingEntry[];
  /** The stored copy of the regular file at `rel` (relative to the package root). */
  file(rel: string): string | undefined;
}

function storedTree(dir: string, entries: readonly ListingEntry[]): StoredTree {
  let byPath: Map<string, ListingEntry> | undefined;
  return {
    dir,
    entries,
    file: (rel) => {
      byPath ??= new Map(entries.map((e) => [e.p, e]));
      const e = byPath.get(rel);
      return e?.t === 'f' ? path.join(dir, String(e.n)) : undefined;
    },
  };
}

/**
 * Every entry under `root` (an extracted package), in a fixed order, sealing each file
 * read-only: write bits cleared, so that an installed hardlink cannot be written in place by
 * its owner (editors that save by rename make a new inode and are unaffected; root ignores
 * modes, see util/reflink-link-copy.ts). Synchronous on purpose: thousands of tiny lstat
 * calls cost far less on the main thread than as thread-pool round trips.
 */
function listTree(root: string): ListingEntry[] {
  const out: ListingEntry[] = [];
  let n = 0;
  const walk = (rel: string): void => {
    const names = readdirSync(path.join(root, rel)).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(root, r);
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        out.push({ p: r, t: 'd' });
        walk(r);
      } else if (st.isSymbolicLink()) {
        out.push({ p: r, t: 'l', link: readlinkSync(abs) });
      } else if (st.isFile()) {
        let mode = st.mode & 0o7777;
        if (mode & 0o222) chmodSync(abs, (mode &= ~0o222));
        out.push({ p: r, t: 'f', n: n++, size: st.size, mode });
      } else {
        throw new Error(`unexpected file type at ${abs}`);
      }
    }
  };
  walk('');
  return out;
}

/** Whether the flat directory `dir` holds exactly the files of `recorded`, unchanged. */
function treeMatches(dir: string, recorded: readonly ListingEntry[]): boolean {
  let files = 0;
  for (const e of recorded) {
    if (typeof e.p !== 'string' || (e.t !== 'f' && e.t !== 'd' && e.t !== 'l')) return false;
    if (e.t !== 'f') continue;
    files++;
    const st = lstatSync(path.join(dir, String(e.n)), { throwIfNoEntry: false });
    if (
      !st?.isFile() ||
      e.size !== st.size ||
      e.mode !== (st.mode & 0o7777) ||
      e.mtime !== Math.trunc(st.mtimeMs) ||
      e.ino !== st.ino
    )
      return false;
  }
  return readdirSync(dir).length === files + 1;
}

/** Whether this process may create entries in `dir` (or in its nearest existing ancestor). */
export function writableDir(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(d)) {
      try {
        accessSync(d, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }
    if (path.dirname(d) === d) return false;
  }
}

export class Cache {
  constructor(
    readonly dir: string,
    readonly readOnly: readonly string[] = [],
  ) {}

  /** Every cache searched, writable one first (for messages). */
  get dirs(): string[] {
    return [this.dir, ...this.readOnly];
  }

  blobPath(sha256: string): string {
    return path.join(this.dir, 'blobs', 'sha256', sha256);
  }

  treePath(sha256: string): string {
    return path.join(this.dir, 'trees', 'sha256', sha256);
  }

  /** A fresh private directory for work in progress; named after our pid so a later run can clean it up. */
  async tempDir(tag: string): Promise<string> {
    const tmp = path.join(this.dir, 'tmp');
    await mkdir(tmp, { recursive: true });
    return mkdtemp(path.join(tmp, `${process.pid}-${tag}-`));
  }

  /** Removes work left behind by processes that died. */
  async cleanStale(): Promise<void> {
    const tmp = path.join(this.dir, 'tmp');
    if (!existsSync(tmp)) return;
    for (const name of await readdir(tmp)) {
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) {
        await rm(path.join(tmp, name), { recursive: true, force: true });
      }
    }
  }

  /** The blob's path when it is present and marked verified (the caller re-hashes it while reading). */
  markedBlob(sha256: string): string | undefined {
    for (const dir of this.dirs) {
      const p = path.join(dir, 'blobs', 'sha256', sha256);
      if (existsSync(`${p}.verified`) && existsSync(p)) return p;
    }
    return undefined;
  }

  /** Drops the writable cache's copy (a read-only layer's bad copy is just not used). */
  async dropBlob(sha256: string): Promise<void> {
    const p = this.blobPath(sha256);
    await rm(`${p}.verified`, { force: true });
    await rm(p, { force: true });
  }

  /** Moves a file whose sha256 was just checked into the cache, then writes the marker. */
  async storeBlob(file: string, sha256: string): Promise<string> {
    const p = this.blobPath(sha256);
    await mkdir(path.dirname(p), { recursive: true });
    await rm(`${p}.verified`, { force: true });
    await rename(file, p);
    await writeFile(`${p}.verified`, `${sha256}\n`);
    return p;
  }

  /**
   * The stored tree when its marker exists and its index still matches, from the writable
   * cache (a damaged tree there is removed) or else from a read-only layer.
   */
  async verifiedTree(sha256: string): Promise<StoredTree | undefined> {
    const own = await this.checkedTree(this.treePath(sha256), true);
    if (own) return own;
    for (const dir of this.readOnly) {
      const t = await this.checkedTree(path.join(dir, 'trees', 'sha256', sha256), false);
      if (t) return t;
    }
    return undefined;
  }

  private async checkedTree(dir: string, writable: boolean): Promise<StoredTree | undefined> {
    let recorded: ListingEntry[];
    try {
      recorded = JSON.parse(await readFile(path.join(dir, TREE_MARKER), 'utf8')) as ListingEntry[];
    } catch {
      if (writable && existsSync(dir)) await rm(dir, { recursive: true, force: true });
      return undefined;
    }
    let ok = false;
    try {
      ok = Array.isArray(recorded) && treeMatches(dir, recorded);
    } catch {
      ok = false;
    }
    if (ok) return storedTree(dir, recorded);
    if (writable) await rm(dir, { recursive: true, force: true });
    return undefined;
  }

  /**
   * Publishes the package extracted (from verified bytes) in `extracted`: its files are
   * sealed and reflinked, else hardlinked, else copied into a flat directory with the index
   * as marker, which is renamed into place. `extracted` keeps its files (an install moves
   * them into place: the cache then shares their inodes, or holds reflinked copies).
   */
  async storeTree(extracted: string, sha256: string): Promise<StoredTree> {
    const listing = listTree(extracted);
    const tmp = await this.tempDir('tree');
    // mkdtemp makes it private; a published tree is as readable as any directory (a shared cache).
    chmodSync(tmp, 0o755);
    const placer = new ReflinkLinkCopy();
    for (const e of listing) {
      if (e.t !== 'f') continue;
      const dst = path.join(tmp, String(e.n));
      placer.place(path.join(extracted, e.p), dst);
      const st = lstatSync(dst);
      e.mtime = Math.trunc(st.mtimeMs);
      e.ino = st.ino;
    }
    await writeFile(path.join(tmp, TREE_MARKER), JSON.stringify(listing));
    const dir = this.treePath(sha256);
    await mkdir(path.dirname(dir), { recursive: true });
    try {
      await rename(tmp, dir);
    } catch (err) {
      if (!hasErrno(err, 'ENOTEMPTY', 'EEXIST')) throw err;
      // Another install published the same tree first; use theirs if it is sound.
      const theirs = await this.checkedTree(dir, true);
      if (theirs) {
        await rm(tmp, { recursive: true, force: true });
        return theirs;
      }
      await rename(tmp, dir);
    }
    return storedTree(dir, listing);
  }
}
