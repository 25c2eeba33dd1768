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
// searched after the writable one and never written, not even to drop a damaged entry; their
// files are copied (reflinked where possible), never hardlinked, so a later change in a cache
// someone else owns cannot reach a toolchain installed from it.
// Every path is opened, made and removed through util/rooted.ts: a symlink inside the cache
// that leads out of it (`tmp -> ~/photos`) is refused, never followed. An index is input
// too: it passes the archive-entry checks (archive-entry-safety.ts, unsafeIndex) before use.
// What a tree promises about files changed in place (size, mode and mtime kept): nothing is
// re-hashed at install; `ostoo toolchain verify` re-hashes an installed toolchain (README).
import { accessSync, chmodSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unsafeIndex } from './archive-entry-safety.js';
import { makeWorkDir, removeLeftWork } from './work-dirs.js';
import { hasErrno } from '../util/errno.js';
import { ReflinkLinkCopy } from '../util/reflink-link-copy.js';
import { readRegularFile } from '../util/regular-file.js';
import { Rooted } from '../util/rooted.js';
import { OstooError } from '../errors.js';

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
    throw new OstooError(`the cache ${given} is not writable`, 'give a writable one with --cache-write DIR');
  return {
    cache: new Cache(fallback, [given]),
    note: `the cache ${given} is read-only: using it, and writing new entries to ${fallback}`,
  };
}

const TREE_MARKER = '.ostoo-tree.json';
/** An index lists a few thousand entries (rust-src's is about 2 MiB); anything far larger is not one. */
const MAX_INDEX_BYTES = 64 << 20;

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
  /** From a read-only layer: its files are to be copied, never hardlinked. */
  readOnly: boolean;
  /** The stored copy of the regular file at `rel` (relative to the package root). */
  file(rel: string): string | undefined;
}

function storedTree(dir: string, entries: readonly ListingEntry[], readOnly = false): StoredTree {
  let byPath: Map<string, ListingEntry> | undefined;
  return {
    dir,
    entries,
    readOnly,
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
        throw new OstooError(`unexpected file type at ${abs}`, 'remove it from the cache');
      }
    }
  };
  walk('');
  return out;
}

/** Whether an index entry has the shape storeTree writes (a stored file's number names a file in the flat directory). */
function wellFormed(e: ListingEntry): boolean {
  if (typeof e !== 'object' || e === null || typeof e.p !== 'string') return false;
  if (e.t === 'd') return true;
  if (e.t === 'l') return typeof e.link === 'string';
  return e.t === 'f' && Number.isSafeInteger(e.n) && (e.n as number) >= 0;
}

/** Whether the flat directory `dir` holds exactly the files of `recorded`, unchanged. */
function treeMatches(dir: string, recorded: readonly ListingEntry[]): boolean {
  let files = 0;
  if (!recorded.every(wellFormed) || unsafeIndex(recorded) !== undefined) return false;
  for (const e of recorded) {
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

/** What to do about a link in a cache that leads out of it. */
const CACHE_LINK_HINT =
  'ostoo writes and deletes only inside its cache; remove the link (to keep the cache on another disk, link or point --cache at the cache directory itself)';

const TREE_DIRS = 'trees/sha256';
const BLOB_DIRS = 'blobs/sha256';

/** A cache directory, every path of which is checked to stay inside it. */
export function cacheRoot(dir: string): Rooted {
  return new Rooted(dir, { what: 'the cache', hint: CACHE_LINK_HINT });
}

export class Cache {
  private readonly layers: Rooted[];

  constructor(
    readonly dir: string,
    readonly readOnly: readonly string[] = [],
  ) {
    this.layers = [dir, ...readOnly].map(cacheRoot);
  }

  private get own(): Rooted {
    return this.layers[0]!;
  }

  /** Every cache searched, writable one first (for messages). */
  get dirs(): string[] {
    return [this.dir, ...this.readOnly];
  }

  blobPath(sha256: string): string {
    return path.join(this.dir, BLOB_DIRS, sha256);
  }

  treePath(sha256: string): string {
    return path.join(this.dir, TREE_DIRS, sha256);
  }

  /** A fresh private directory for work in progress, recording who made it so that a later run can clean it up (work-dirs.ts). */
  async tempDir(tag: string): Promise<string> {
    return makeWorkDir(this.own, 'tmp', tag);
  }

  /** Removes a directory `tempDir` made. */
  async dropTemp(dir: string): Promise<void> {
    await this.own.remove(dir);
  }

  /** Removes work left behind by processes that died, and nothing else. */
  async cleanStale(): Promise<void> {
    await removeLeftWork(this.own, 'tmp');
  }

  /** The blob's path when it is present and marked verified (the caller re-hashes it while reading). */
  markedBlob(sha256: string): string | undefined {
    for (const layer of this.layers) {
      const p = layer.check(path.join(BLOB_DIRS, sha256));
      if (existsSync(`${p}.verified`) && lstatSync(p, { throwIfNoEntry: false })?.isFile()) return p;
    }
    return undefined;
  }

  /** Drops the writable cache's copy (a read-only layer's bad copy is just not used). */
  async dropBlob(sha256: string): Promise<void> {
    await this.own.remove(path.join(BLOB_DIRS, `${sha256}.verified`));
    await this.own.remove(path.join(BLOB_DIRS, sha256));
  }

  /**
   * Moves a file whose sha256 was just checked (in a `tempDir`) into the cache, then its
   * marker, both by rename (which replaces what is there, never writes through it).
   */
  async storeBlob(file: string, sha256: string): Promise<string> {
    this.own.mkdirs(BLOB_DIRS);
    await this.own.remove(path.join(BLOB_DIRS, `${sha256}.verified`));
    const p = this.own.check(path.join(BLOB_DIRS, sha256));
    await rename(file, p);
    await writeFile(`${file}.verified`, `${sha256}\n`);
    await rename(`${file}.verified`, `${p}.verified`);
    return p;
  }

  /**
   * The stored tree when its marker exists and its index still matches, from the writable
   * cache (a damaged tree there is removed) or else from a read-only layer.
   */
  async verifiedTree(sha256: string): Promise<StoredTree | undefined> {
    for (const [i, layer] of this.layers.entries()) {
      const t = await this.checkedTree(layer, sha256, i === 0);
      if (t) return t;
    }
    return undefined;
  }

  private async checkedTree(layer: Rooted, sha256: string, writable: boolean): Promise<StoredTree | undefined> {
    const rel = path.join(TREE_DIRS, sha256);
    const dir = layer.check(rel);
    const marker = path.join(dir, TREE_MARKER);
    let recorded: ListingEntry[] | undefined;
    try {
      if (lstatSync(marker).isFile())
        recorded = JSON.parse(
          readRegularFile(marker, { maxBytes: MAX_INDEX_BYTES }).toString('utf8'),
        ) as ListingEntry[];
    } catch {
      recorded = undefined;
    }
    let ok = false;
    try {
      ok = Array.isArray(recorded) && treeMatches(dir, recorded);
    } catch {
      ok = false;
    }
    if (ok) return storedTree(dir, recorded!, !writable);
    if (writable && lstatSync(dir, { throwIfNoEntry: false })) await layer.remove(rel);
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
    const work = await this.tempDir('tree');
    try {
      const flat = path.join(work, 'tree');
      // A published tree is as readable as any directory (a shared cache).
      mkdirSync(flat, 0o755);
      const placer = new ReflinkLinkCopy();
      for (const e of listing) {
        if (e.t !== 'f') continue;
        const dst = path.join(flat, String(e.n));
        placer.place(path.join(extracted, e.p), dst);
        const st = lstatSync(dst);
        e.mtime = Math.trunc(st.mtimeMs);
        e.ino = st.ino;
      }
      await writeFile(path.join(flat, TREE_MARKER), JSON.stringify(listing));
      this.own.mkdirs(TREE_DIRS);
      const rel = path.join(TREE_DIRS, sha256);
      const dir = this.own.check(rel);
      try {
        await rename(flat, dir);
      } catch (err) {
        if (!hasErrno(err, 'ENOTEMPTY', 'EEXIST')) throw err;
        // Another install published the same tree first; use theirs if it is sound.
        const theirs = await this.checkedTree(this.own, sha256, true);
        if (theirs) return theirs;
        await rename(flat, dir);
      }
      return storedTree(dir, listing);
    } finally {
      await this.own.remove(work);
    }
  }
}
