// Installing rust-installer components (format version 3) from an extracted package tree
// into a prefix, as rust-installer and rustup do: the package's `components` names its
// component directories, each `<component>/manifest.in` lists `file:` and `dir:` entries
// relative to the prefix. Files are hardlinked from the cache when the filesystem allows,
// copied otherwise; a path claimed by two components is an error.
// The file operations are synchronous on purpose: thousands of tiny metadata calls cost
// less on the main thread than as thread-pool round trips (measured), and nothing else is
// in flight while a toolchain is assembled.
import { constants, copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const INSTALLER_VERSION = '3';

export interface ComponentPlan {
  /** rustup's name for it: `rustc-x86_64-unknown-linux-gnu`, `rust-src`. */
  name: string;
  /** The lines of manifest.in, which become lib/rustlib/manifest-<name>. */
  parts: string[];
  ops: Op[];
}

type Op = { kind: 'dir'; dst: string } | { kind: 'file' | 'symlink'; src: string; dst: string };

export class CorruptPackageError extends Error {
  constructor(label: string, why: string) {
    super(`${label} is not a usable rust-installer package: ${why}`);
    this.name = 'CorruptPackageError';
  }
}

export function componentName(pkg: string, target: string): string {
  return target === '*' ? pkg : `${pkg}-${target}`;
}

function safeRelative(rel: string): boolean {
  if (!rel || rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return false;
  return !rel.split('/').some((p) => p === '..' || p === '.' || p === '');
}

function walkOps(srcRoot: string, dstRoot: string, ops: Op[]): void {
  ops.push({ kind: 'dir', dst: dstRoot });
  const entries = readdirSync(srcRoot, { withFileTypes: true });
  for (const e of entries) {
    const src = path.join(srcRoot, e.name);
    const dst = path.join(dstRoot, e.name);
    if (e.isDirectory()) walkOps(src, dst, ops);
    else if (e.isSymbolicLink()) ops.push({ kind: 'symlink', src, dst });
    else if (e.isFile()) ops.push({ kind: 'file', src, dst });
  }
}

/** The entries of a checked tree listing (see cache.ts) that planning needs. */
export interface TreeEntry {
  p: string;
  t: 'f' | 'd' | 'l';
}

/**
 * Reads and checks the package in `tree` and plans the installation of one component into
 * `prefix`. With `listing` (the cache's checked listing of `tree`, in walk order: each
 * directory directly followed by everything under it) the plan is built from it rather than
 * by walking the tree again.
 */
export async function planComponent(tree: string, pkg: string, target: string, prefix: string, label: string, listing?: readonly TreeEntry[]): Promise<ComponentPlan> {
  let version: string;
  let listed: string[];
  try {
    version = (await readFile(path.join(tree, 'rust-installer-version'), 'utf8')).trim();
    listed = (await readFile(path.join(tree, 'components'), 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
  } catch {
    throw new CorruptPackageError(label, 'rust-installer-version or components is missing');
  }
  if (version !== INSTALLER_VERSION) throw new CorruptPackageError(label, `installer version ${version}, expected ${INSTALLER_VERSION}`);
  const name = componentName(pkg, target);
  const dir = listed.includes(name) ? name : listed.includes(pkg) ? pkg : undefined;
  if (!dir) throw new CorruptPackageError(label, `it does not contain ${name} (it lists ${listed.join(', ') || 'nothing'})`);
  let manifest: string;
  try {
    manifest = await readFile(path.join(tree, dir, 'manifest.in'), 'utf8');
  } catch {
    throw new CorruptPackageError(label, `${dir}/manifest.in is missing`);
  }
  const parts = manifest.split('\n').filter((l) => l.trim() !== '');
  const ops: Op[] = [];
  const index = listing ? new Map(listing.map((e, i) => [e.p, i])) : undefined;
  for (const line of parts) {
    const m = /^(file|dir):(.*)$/.exec(line);
    if (!m || !safeRelative(m[2] as string)) throw new CorruptPackageError(label, `bad manifest.in line "${line}"`);
    const rel = m[2] as string;
    const src = path.join(tree, dir, rel);
    const dst = path.join(prefix, rel);
    if (listing && index) {
      const key = `${dir}/${rel}`;
      const at = index.get(key);
      const e = at === undefined ? undefined : listing[at];
      if (at === undefined || !e) throw new CorruptPackageError(label, `manifest.in lists ${rel}, which the package lacks`);
      if (m[1] === 'dir') {
        if (e.t !== 'd') throw new CorruptPackageError(label, `${rel} is listed as a directory`);
        ops.push({ kind: 'dir', dst });
        const under = `${key}/`;
        for (let i = at + 1; i < listing.length; i++) {
          const u = listing[i] as TreeEntry;
          if (!u.p.startsWith(under)) break;
          const tail = u.p.slice(under.length);
          if (u.t === 'd') ops.push({ kind: 'dir', dst: path.join(dst, tail) });
          else ops.push({ kind: u.t === 'l' ? 'symlink' : 'file', src: path.join(src, tail), dst: path.join(dst, tail) });
        }
      } else {
        if (e.t === 'd') throw new CorruptPackageError(label, `${rel} is listed as a file`);
        ops.push({ kind: e.t === 'l' ? 'symlink' : 'file', src, dst });
      }
      continue;
    }
    let st;
    try {
      st = lstatSync(src);
    } catch {
      throw new CorruptPackageError(label, `manifest.in lists ${rel}, which the package lacks`);
    }
    if (m[1] === 'dir') {
      if (!st.isDirectory()) throw new CorruptPackageError(label, `${rel} is listed as a directory`);
      walkOps(src, dst, ops);
    } else {
      if (st.isDirectory()) throw new CorruptPackageError(label, `${rel} is listed as a file`);
      ops.push({ kind: st.isSymbolicLink() ? 'symlink' : 'file', src, dst });
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
  linked = true;

  private throughLink(d: string): string | undefined {
    for (let p = d; p !== path.dirname(p); p = path.dirname(p)) if (this.links.has(p)) return p;
    return undefined;
  }

  apply(plan: ComponentPlan): void {
    const dirs = new Set<string>();
    const files: Exclude<Op, { kind: 'dir' }>[] = [];
    for (const op of plan.ops) {
      if (op.kind === 'dir') {
        dirs.add(op.dst);
        continue;
      }
      const prev = this.owner.get(op.dst);
      if (prev) throw new Error(`components ${prev} and ${plan.name} both install ${op.dst}`);
      this.owner.set(op.dst, plan.name);
      dirs.add(path.dirname(op.dst));
      files.push(op);
    }
    for (const d of [...dirs].sort()) {
      if (this.made.has(d)) continue;
      const link = this.throughLink(d);
      if (link) throw new CorruptPackageError(plan.name, `it would install ${d} through the symlink ${link} of ${this.owner.get(link)}`);
      mkdirSync(d, { recursive: true });
      this.made.add(d);
    }
    for (const op of files) {
      if (op.kind === 'symlink') {
        try {
          symlinkSync(readlinkSync(op.src), op.dst);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
          throw new CorruptPackageError(plan.name, `its symlink ${op.dst} is a directory of another component`);
        }
        this.links.add(op.dst);
        continue;
      }
      if (this.linked) {
        try {
          linkSync(op.src, op.dst);
          continue;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') throw err;
          this.linked = false;
        }
      }
      copyFileSync(op.src, op.dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    }
  }
}
