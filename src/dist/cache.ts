// The content-addressed download cache:
//   blobs/sha256/<hex>           a downloaded artifact, kept only once its sha256 matched,
//   blobs/sha256/<hex>.verified  the marker, written after that check;
//   trees/sha256/<hex>/          the artifact extracted from verified bytes, with
//   trees/sha256/<hex>/.ostoo-tree.json  its marker: a listing of every entry.
// A blob is re-hashed every time it is used. A tree is re-checked against its listing
// (type, size, mode, mtime, inode, symlink target) before every use; anything that
// does not match is deleted and rebuilt.
// Files in a tree are made read-only before it is published (installs hardlink them, so an
// in-place edit through an installed path would otherwise edit the cache; see listTree).
// A cache may have read-only layers (a shared cache mounted into CI runners): they are
// searched after the writable one and never written, not even to drop a damaged entry.
import { accessSync, chmodSync, constants, existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

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
export function openCache(dir: string | undefined, writeDir?: string, env: NodeJS.ProcessEnv = process.env): { cache: Cache; note?: string } {
  const given = path.resolve(dir ?? defaultCacheDir(env));
  if (writeDir) {
    const w = path.resolve(writeDir);
    return { cache: new Cache(w, w === given ? [] : [given]) };
  }
  if (writableDir(given)) return { cache: new Cache(given) };
  const fallback = userCacheDir(env);
  if (path.resolve(fallback) === given) throw new Error(`the cache ${given} is not writable; give a writable one with --cache-write DIR`);
  return { cache: new Cache(fallback, [given]), note: `the cache ${given} is read-only: using it, and writing new entries to ${fallback}` };
}

const TREE_MARKER = '.ostoo-tree.json';

export interface ListingEntry {
  p: string;
  t: 'f' | 'd' | 'l';
  size?: number;
  mode?: number;
  mtime?: number;
  ino?: number;
  link?: string;
}

/**
 * Every entry under `root`, in a fixed order, sealing each file read-only. Synchronous on purpose: thousands of tiny
 * lstat calls cost far less on the main thread than as thread-pool round trips.
 */
function listTree(root: string): ListingEntry[] {
  const out: ListingEntry[] = [];
  const walk = (rel: string): void => {
    const names = readdirSync(path.join(root, rel)).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === TREE_MARKER) continue;
      const abs = path.join(root, r);
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        out.push({ p: r, t: 'd' });
        walk(r);
      } else if (st.isSymbolicLink()) {
        out.push({ p: r, t: 'l', link: readlinkSync(abs) });
      } else if (st.isFile()) {
        // Sealed as listed: write bits cleared, so that an installed hardlink cannot be
        // written in place by its owner (editors that save by rename make a new inode
        // and are unaffected). Root ignores modes: see Assembler's reflink probe.
        let mode = st.mode & 0o7777;
        if (mode & 0o222) chmodSync(abs, (mode &= ~0o222));
        out.push({ p: r, t: 'f', size: st.size, mode, mtime: Math.trunc(st.mtimeMs), ino: st.ino });
      } else {
        throw new Error(`unexpected file type at ${abs}`);
      }
    }
  };
  walk('');
  return out;
}

/**
 * Whether the tree under `root` matches `recorded` exactly, as `listTree(root)` would,
 * compared entry by entry as the walk goes (no second listing is built and serialized).
 */
function treeMatches(root: string, recorded: readonly ListingEntry[]): boolean {
  let i = 0;
  const walk = (rel: string): boolean => {
    const names = readdirSync(path.join(root, rel)).sort();
    for (const name of names) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === TREE_MARKER) continue;
      const e = recorded[i++];
      if (!e || e.p !== r) return false;
      const abs = path.join(root, r);
      const st = lstatSync(abs);
      const keys = Object.keys(e).length;
      if (st.isDirectory()) {
        if (e.t !== 'd' || keys !== 2 || !walk(r)) return false;
      } else if (st.isSymbolicLink()) {
        if (e.t !== 'l' || keys !== 3 || e.link !== readlinkSync(abs)) return false;
      } else if (st.isFile()) {
        if (e.t !== 'f' || keys !== 6 || e.size !== st.size || e.mode !== (st.mode & 0o7777) || e.mtime !== Math.trunc(st.mtimeMs) || e.ino !== st.ino) return false;
      } else {
        return false;
      }
    }
    return true;
  };
  return walk('') && i === recorded.length;
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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Cache {
  /** The checked listing of each tree handed out, so that planning need not walk it again. */
  private readonly listings = new Map<string, readonly ListingEntry[]>();

  /**
   * `dir` is the writable cache; `readOnly` are caches searched after it and never written
   * (their entries are still checked before use, and a damaged one is skipped).
   */
  constructor(
    readonly dir: string,
    readonly readOnly: readonly string[] = [],
  ) {}

  /** Every cache searched, writable one first (for messages). */
  get dirs(): string[] {
    return [this.dir, ...this.readOnly];
  }

  /** The listing a tree returned by verifiedTree or storeTree was checked against (in walk order). */
  listing(tree: string): readonly ListingEntry[] | undefined {
    return this.listings.get(tree);
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
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !pidAlive(pid)) {
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
   * The extracted tree when its marker exists and its listing still matches, from the
   * writable cache (a damaged tree there is removed) or else from a read-only layer.
   */
  async verifiedTree(sha256: string): Promise<string | undefined> {
    const own = await this.checkedTree(this.treePath(sha256), true);
    if (own) return own;
    for (const dir of this.readOnly) {
      const t = await this.checkedTree(path.join(dir, 'trees', 'sha256', sha256), false);
      if (t) return t;
    }
    return undefined;
  }

  private async checkedTree(dir: string, writable: boolean): Promise<string | undefined> {
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
    if (ok) {
      this.listings.set(dir, recorded);
      return dir;
    }
    if (writable) await rm(dir, { recursive: true, force: true });
    return undefined;
  }

  /** Publishes a tree extracted from verified bytes: listing marker first, then an atomic rename. */
  async storeTree(tmpDir: string, sha256: string): Promise<string> {
    const listing = listTree(tmpDir);
    await writeFile(path.join(tmpDir, TREE_MARKER), JSON.stringify(listing));
    const dir = this.treePath(sha256);
    await mkdir(path.dirname(dir), { recursive: true });
    try {
      await rename(tmpDir, dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Another install published the same tree first; use theirs if it is sound.
      if (await this.checkedTree(dir, true)) {
        await rm(tmpDir, { recursive: true, force: true });
        return dir;
      }
      await rename(tmpDir, dir);
    }
    this.listings.set(dir, listing);
    return dir;
  }
}
