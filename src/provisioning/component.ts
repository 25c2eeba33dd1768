// Installing rust-installer components (format version 3) from an extracted package tree
// into a prefix, as rust-installer and rustup do: the package's `components` names its
// component directories, each `<component>/manifest.in` lists `file:` and `dir:` entries
// relative to the prefix. A package just extracted (next to the prefix) is moved into place,
// `dir:` entries whole, so its directories become the toolchain's. From a stored tree,
// files are reflinked where the filesystem can (copy-on-write: the installed file and the
// cache never share bytes), else hardlinked (the cache's files are read-only, so the shared
// inode resists in-place edits), else copied. A path claimed by two components is an error.
// The file operations are synchronous on purpose: thousands of tiny metadata calls cost
// less on the main thread than as thread-pool round trips (measured), and nothing else is
// in flight while a toolchain is assembled.
import { existsSync, mkdirSync, renameSync, symlinkSync } from 'node:fs';
import type { StoredTree } from './cache.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { manifestLines, parsePart, type ManifestPart } from './manifest-parts.js';
import { hasErrno } from '../util/errno.js';
import { ReflinkLinkCopy } from '../util/reflink-link-copy.js';
import { OstooError } from '../errors.js';
import { terminalText } from '../util/terminal-text.js';
import { within } from '../util/rooted.js';

export const INSTALLER_VERSION = '3';

export interface ComponentPlan {
  /** rustup's name for it: `rustc-x86_64-unknown-linux-gnu`, `rust-src`. */
  name: string;
  /** The parts manifest.in lists, which become lib/rustlib/manifest-<name>. */
  parts: ManifestPart[];
  ops: Op[];
}

/**
 * `file` reflinks, else hardlinks, else copies a stored file; `copy` reflinks or copies one
 * from a read-only cache (never a hardlink: the cache is someone else's); `move` renames a
 * freshly extracted one, `symlink` makes a link, `movedir` renames a freshly extracted `dir:`
 * entry whole (its `sub` ops say what is inside, for ownership, and are carried out one by
 * one if the target exists).
 */
type Leaf =
  | { kind: 'file' | 'copy' | 'move'; src: string; dst: string }
  | { kind: 'symlink'; target: string; src?: string; dst: string };
type Op = { kind: 'dir'; dst: string } | Leaf | { kind: 'movedir'; src: string; dst: string; sub: Op[] };

export class CorruptPackageError extends OstooError {
  constructor(label: string, why: string) {
    // `why` quotes the package's own text (manifest.in lines, its version file): escaped.
    super(
      `${label} is not a usable rust-installer package: ${terminalText(why)}`,
      'the mirror or dist server serves a damaged or foreign archive; use another (--dist-server), or check it',
    );
  }
}

export function componentName(pkg: string, target: string): string {
  return target === '*' ? pkg : `${pkg}-${target}`;
}

function safeRelative(rel: string): boolean {
  if (!rel || rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return false;
  return !rel.split('/').some((p) => p === '..' || p === '.' || p === '');
}

/** The entries of a checked tree index (see cache.ts) that planning needs. */
export interface TreeEntry {
  p: string;
  t: 'f' | 'd' | 'l';
  link?: string;
}

/**
 * Reads and checks the package in the stored `tree` and plans the installation of one
 * component into `prefix`. With `extracted` (the package as just extracted, on the same file
 * system as `prefix`), its files and `dir:` entries are moved rather than linked.
 */
export async function planComponent(
  tree: StoredTree,
  pkg: string,
  target: string,
  prefix: string,
  label: string,
  extracted?: string,
): Promise<ComponentPlan> {
  const read = async (rel: string): Promise<string> => {
    const f = tree.file(rel);
    if (!f) throw new Error(`${rel} is missing`);
    return readFile(f, 'utf8');
  };
  let version: string;
  let listed: string[];
  try {
    version = (await read('rust-installer-version')).trim();
    listed = (await read('components'))
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    throw new CorruptPackageError(label, 'rust-installer-version or components is missing');
  }
  if (version !== INSTALLER_VERSION)
    throw new CorruptPackageError(label, `installer version ${version}, expected ${INSTALLER_VERSION}`);
  const name = componentName(pkg, target);
  const dir = listed.includes(name) ? name : listed.includes(pkg) ? pkg : undefined;
  if (!dir)
    throw new CorruptPackageError(label, `it does not contain ${name} (it lists ${listed.join(', ') || 'nothing'})`);
  let manifest: string;
  try {
    manifest = await read(`${dir}/manifest.in`);
  } catch {
    throw new CorruptPackageError(label, `${dir}/manifest.in is missing`);
  }
  const parts: ManifestPart[] = [];
  const ops: Op[] = [];
  const listing = tree.entries;
  const index = new Map(listing.map((e, i) => [e.p, i]));
  // The tree's index passed the archive-entry checks (cache.ts); this is the last line: no
  // path of this plan leaves the prefix, whatever the index or manifest.in says.
  const inPrefix = (dst: string): string => {
    if (!within(prefix, dst)) throw new CorruptPackageError(label, `it would install ${dst}, outside ${prefix}`);
    return dst;
  };
  const leaf = (e: TreeEntry, key: string, dst: string): Leaf => {
    const src = extracted ? path.join(extracted, key) : undefined;
    inPrefix(dst);
    if (e.t === 'l') return { kind: 'symlink', target: e.link ?? '', ...(src ? { src } : {}), dst };
    if (src) return { kind: 'move', src, dst };
    return { kind: tree.readOnly ? 'copy' : 'file', src: tree.file(key) as string, dst };
  };
  for (const line of manifestLines(manifest)) {
    const part = parsePart(line);
    if (!part || !safeRelative(part.path)) throw new CorruptPackageError(label, `bad manifest.in line "${line}"`);
    parts.push(part);
    const rel = part.path;
    const dst = inPrefix(path.join(prefix, rel));
    const key = `${dir}/${rel}`;
    const at = index.get(key);
    const e = at === undefined ? undefined : listing[at];
    if (at === undefined || !e)
      throw new CorruptPackageError(label, `manifest.in lists ${rel}, which the package lacks`);
    if (part.kind === 'dir') {
      if (e.t !== 'd') throw new CorruptPackageError(label, `${rel} is listed as a directory`);
      const sub: Op[] = [{ kind: 'dir', dst }];
      const under = `${key}/`;
      for (let i = at + 1; i < listing.length; i++) {
        const u = listing[i] as TreeEntry;
        if (!u.p.startsWith(under)) break;
        const tail = u.p.slice(under.length);
        sub.push(
          u.t === 'd' ? { kind: 'dir', dst: inPrefix(path.join(dst, tail)) } : leaf(u, u.p, path.join(dst, tail)),
        );
      }
      if (extracted) ops.push({ kind: 'movedir', src: path.join(extracted, key), dst, sub });
      else ops.push(...sub);
    } else {
      if (e.t === 'd') throw new CorruptPackageError(label, `${rel} is listed as a file`);
      ops.push(leaf(e, key, dst));
    }
  }
  return { name, parts, ops };
}

/**
 * Carries out plans one at a time, as their trees become ready: for each, its directories
 * first, then its files (hardlinked, or copied across filesystems). A path claimed by two
 * components is an error, whichever comes first.
 */
export class Assembler {
  private readonly owner = new Map<string, string>();
  private readonly made = new Set<string>();
  /** Symlinks placed so far: no later directory may be made through one (mkdir -p follows them). */
  private readonly links = new Set<string>();
  private readonly files = new ReflinkLinkCopy();
  private readonly copies = new ReflinkLinkCopy({ link: false });

  private throughLink(d: string): string | undefined {
    for (let p = d; p !== path.dirname(p); p = path.dirname(p)) if (this.links.has(p)) return p;
    return undefined;
  }

  apply(plan: ComponentPlan): void {
    const dirs = new Set<string>();
    const work: Exclude<Op, { kind: 'dir' }>[] = [];
    const claim = (op: Leaf): void => {
      const prev = this.owner.get(op.dst);
      if (prev)
        throw new OstooError(
          `components ${prev} and ${plan.name} both install ${op.dst}`,
          'lock the toolchain without one of them (--remove)',
        );
      this.owner.set(op.dst, plan.name);
    };
    for (const op of plan.ops) {
      if (op.kind === 'dir') {
        dirs.add(op.dst);
        continue;
      }
      if (op.kind === 'movedir') {
        for (const s of op.sub) if (s.kind !== 'dir' && s.kind !== 'movedir') claim(s);
        dirs.add(path.dirname(op.dst));
      } else {
        claim(op);
        dirs.add(path.dirname(op.dst));
      }
      work.push(op);
    }
    this.makeDirs(dirs, plan.name);
    for (const op of work) {
      if (op.kind !== 'movedir') {
        this.place(op, plan.name);
        continue;
      }
      if (!this.made.has(op.dst) && !existsSync(op.dst)) {
        // One rename carries the whole extracted directory, subdirectories and all.
        renameSync(op.src, op.dst);
        for (const s of op.sub) {
          if (s.kind === 'dir') this.made.add(s.dst);
          else if (s.kind === 'symlink') this.links.add(s.dst);
        }
        continue;
      }
      const subDirs = new Set<string>();
      for (const s of op.sub) subDirs.add(s.kind === 'dir' ? s.dst : path.dirname(s.dst));
      this.makeDirs(subDirs, plan.name);
      for (const s of op.sub) if (s.kind !== 'dir' && s.kind !== 'movedir') this.place(s, plan.name);
    }
  }

  private makeDirs(dirs: Set<string>, component: string): void {
    for (const d of [...dirs].sort()) {
      if (this.made.has(d)) continue;
      const link = this.throughLink(d);
      if (link)
        throw new CorruptPackageError(
          component,
          `it would install ${d} through the symlink ${link} of ${this.owner.get(link)}`,
        );
      mkdirSync(d, { recursive: true });
      this.made.add(d);
    }
  }

  private place(op: Leaf, component: string): void {
    if (op.kind === 'symlink') {
      try {
        if (op.src) renameSync(op.src, op.dst);
        else symlinkSync(op.target, op.dst);
      } catch (err) {
        if (!hasErrno(err, 'EEXIST', 'EISDIR', 'ENOTEMPTY')) throw err;
        throw new CorruptPackageError(component, `its symlink ${op.dst} is a directory of another component`);
      }
      this.links.add(op.dst);
      return;
    }
    if (op.kind === 'move') {
      renameSync(op.src, op.dst);
      return;
    }
    (op.kind === 'copy' ? this.copies : this.files).place(op.src, op.dst);
  }
}
