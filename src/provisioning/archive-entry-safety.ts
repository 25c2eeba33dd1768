// The safety checks of extraction, apart from its I/O: what an archive entry may be and
// where it may land. Entries that could land outside the target are refused: `..`,
// absolute paths, symlinks or hardlinks pointing outside, and special files. Besides the
// text of each entry, the decisions are made on the file system itself: every parent is
// checked to be a real directory (lstat, top-down) before anything is created in it, a
// hardlink may only name a regular file this archive wrote, and once every entry is in
// place each symlink is resolved link by link and must stay inside its component.
import { lstatSync, mkdirSync, readlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { hasErrno } from '../util/errno.js';
import { OstooError } from '../errors.js';
import { terminalText } from '../util/terminal-text.js';

export class HostileArchiveError extends OstooError {
  constructor(
    readonly archive: string,
    readonly entry: string,
    reason: string,
  ) {
    // Entry names and link targets come from the archive: escaped, so they stay on this line.
    super(
      `refusing ${archive}: entry "${terminalText(entry)}" ${terminalText(reason)}`,
      'the mirror or dist server serves a tampered archive; use another (--dist-server), or check it',
    );
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

/** Most symlinks followed while resolving one, as Linux allows (ELOOP beyond). */
const MAX_LINK_HOPS = 40;

/**
 * Where the symlink at `rel` leads, followed link by link, with `linkAt(components)` saying
 * whether a path (as components below the base) is a symlink and to what; undefined when
 * that leaves the base (an absolute target, or more `..` than depth) or loops. Paths that
 * are not links (or do not exist yet) resolve as text.
 */
export function resolveLinks(
  rel: string,
  linkAt: (parts: readonly string[]) => string | undefined,
): string[] | undefined {
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
      const link = linkAt(stack);
      if (link === undefined) continue;
      if (++hops > MAX_LINK_HOPS) return undefined;
      stack.pop();
      const next = follow(stack, link);
      if (!next) return undefined;
      stack.splice(0, stack.length, ...next);
    }
    return stack;
  };
  const parts = rel.split('/');
  return follow(parts.slice(0, -1), parts[parts.length - 1] ?? '');
}

/**
 * Where the symlink at `rel` (relative to `base`, its component's directory) leads on the
 * file system as it now is; undefined when that leaves `base` or loops.
 */
export function resolveInside(base: string, rel: string): string[] | undefined {
  return resolveLinks(rel, (parts) => {
    const abs = path.join(base, ...parts);
    try {
      return lstatSync(abs).isSymbolicLink() ? readlinkSync(abs) : undefined;
    } catch {
      return undefined; // nothing there (yet): the rest resolves as text
    }
  });
}

/** The entries of a cached tree's index, as archive-entry checks see them. */
export interface IndexedEntry {
  p: string;
  t: 'f' | 'd' | 'l';
  link?: string;
}

/**
 * A path that is not canonical and relative: empty, absolute (or a drive letter), with an
 * empty, `.` or `..` component. One test per entry: an index lists tens of thousands.
 */
const notCanonicalRelative = /^$|^\/|\/$|\/\/|(^|\/)\.\.?(\/|$)|^[A-Za-z]:/;

/**
 * Why a cached tree's index (paths relative to the package root) could place something
 * outside where it belongs, or undefined: each entry must pass the checks an archive entry
 * passes (`unsafeEntry`: no absolute path, no `..`, no absolute link target), be canonical,
 * and each symlink must resolve inside its own component through the index's own links, as
 * extraction checks them on disk (EntryGuard.checkLinks).
 */
export function unsafeIndex(entries: readonly IndexedEntry[]): string | undefined {
  const links = new Map<string, string>();
  for (const e of entries) {
    if (notCanonicalRelative.test(e.p)) return `entry "${e.p}" is not a canonical relative path`;
    if (e.t === 'l') links.set(e.p, e.link ?? '');
  }
  for (const [p, link] of links) {
    const why = unsafeEntry('SymbolicLink', `package/${p}`, link);
    if (why) return `entry "${p}" ${why}`;
    const slash = p.indexOf('/');
    const [base, inner] = slash < 0 ? ['', p] : [p.slice(0, slash), p.slice(slash + 1)];
    const at = (parts: readonly string[]) => links.get([base, ...parts].filter(Boolean).join('/'));
    if (!resolveLinks(inner, at))
      return `entry "${p}" is a symlink to ${link}, which resolves outside ${base ? `the component ${base}` : 'the package'}`;
  }
  return undefined;
}

/** An archive path without '' and '.' components (keeping a leading '/'). */
export function canonical(p: string): string {
  return (
    (p.startsWith('/') ? '/' : '') +
    p
      .split('/')
      .filter((c) => c !== '' && c !== '.')
      .join('/')
  );
}

/**
 * Makes directory `rel` (below `parent`) with `mode`; where something that is not a directory
 * is already there, the extraction fails with `notADirectory()`.
 */
export type DirMaker = (rel: string, parent: string, mode: number, notADirectory: () => Error) => void;

/** A hardlink's target, relative to the target directory. */
function hardlinkRel(entry: CheckedEntry): string {
  return (entry.linkpath ?? '').split('/').slice(1).join('/');
}

/** An entry that passed the text checks: where it goes, relative to the target ('' for the package's top directory). */
export interface CheckedEntry {
  /** The canonical archive path. */
  p: string;
  rel: string;
  /** Its canonical link target (archive path), for hardlinks and symlinks. */
  linkpath?: string;
}

/**
 * What one extraction into `dir` has done so far, and the checks that depend on it. Paths
 * are relative to `dir` unless said otherwise.
 */
export class EntryGuard {
  /** Symlinks this archive created (canonical archive paths): no later entry may be written (or hardlinked) through one. */
  private readonly symlinks = new Set<string>();
  /**
   * Directories known to exist ('' is `dir` itself). Every one was checked (lstat, not stat)
   * to be a real directory, and its parents before it, so nothing created below one can land
   * outside `dir`. A directory is never replaced (see `replacing`), so the set stays true.
   */
  private readonly dirs = new Set<string>(['']);
  /** Regular files this archive wrote: the only things a hardlink may name. */
  private readonly regular = new Set<string>();
  /** Symlinks this archive created, resolved once every entry is in place. */
  private readonly createdLinks = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly label: string,
  ) {}

  private throughSymlink(p: string): string | undefined {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (this.symlinks.has(prefix)) return prefix;
    }
    return undefined;
  }

  /** The entry's place after the text checks, or a HostileArchiveError saying why it is refused. */
  check(type: string, raw: string, rawLinkpath: string | undefined): CheckedEntry | HostileArchiveError {
    // Canonical form: '' and '.' components dropped, so that "a//b" or "a/./b" cannot
    // slip past the symlink checks below.
    const p = canonical(raw);
    const linkpath = rawLinkpath === undefined ? undefined : canonical(rawLinkpath);
    let why = unsafeEntry(type, p, type === 'SymbolicLink' ? rawLinkpath : linkpath);
    const via = this.throughSymlink(p) ?? (type === 'Link' ? this.throughSymlink(linkpath ?? '') : undefined);
    if (!why && via) why = `would be written through the symlink ${via}`;
    if (!why && this.symlinks.has(p)) why = 'replaces a symlink';
    if (why) return new HostileArchiveError(this.label, raw, why);
    const rel = p
      .split('/')
      .filter((c) => c !== '')
      .slice(1)
      .join('/');
    return { p, rel, ...(linkpath !== undefined ? { linkpath } : {}) };
  }

  /**
   * Makes `rel` and its parents as needed, refusing to go below anything that is not a real
   * directory. With `make`, each missing one is handed to it instead of made here (the
   * extraction then makes it off the main path, after its parent, and fails as this would).
   */
  ensureDir(rel: string, mode: number, raw: string, make?: DirMaker): void {
    if (this.dirs.has(rel)) return;
    const slash = rel.lastIndexOf('/');
    const parent = slash < 0 ? '' : rel.slice(0, slash);
    this.ensureDir(parent, 0o755, raw, make);
    if (make) make(rel, parent, mode, () => this.notADirectory(rel, raw));
    else {
      try {
        mkdirSync(path.join(this.dir, rel), mode);
      } catch (err) {
        if (!hasErrno(err, 'EEXIST')) throw err;
        if (!lstatSync(path.join(this.dir, rel)).isDirectory()) throw this.notADirectory(rel, raw);
      }
    }
    this.dirs.add(rel);
  }

  private notADirectory(rel: string, raw: string): HostileArchiveError {
    return new HostileArchiveError(
      this.label,
      raw,
      `would be written below ${rel}, which is not a directory (a symlink or a file)`,
    );
  }

  /** Runs `make`; when the path is taken by a non-directory, removes it and tries again (a later entry wins, as in tar). */
  replacing(rel: string, make: () => void): void {
    try {
      make();
    } catch (err) {
      const abs = path.join(this.dir, rel);
      if (!hasErrno(err, 'EEXIST') || lstatSync(abs).isDirectory()) throw err;
      unlinkSync(abs);
      this.regular.delete(rel);
      this.createdLinks.delete(rel);
      make();
    }
  }

  /** The absolute path a hardlink entry may link to: only a regular file written earlier by this archive, and still one (lstat). */
  hardlinkTarget(entry: CheckedEntry, raw: string, rawLinkpath: string | undefined): string {
    const targetRel = hardlinkRel(entry);
    const target = path.join(this.dir, targetRel);
    if (!this.regular.has(targetRel) || !lstatSync(target).isFile()) {
      throw new HostileArchiveError(
        this.label,
        raw,
        `is a hardlink to ${rawLinkpath}, which is not a regular file extracted earlier from this archive`,
      );
    }
    return target;
  }

  /** Called before a symlink entry is created. */
  symlinkAt(entry: CheckedEntry): void {
    this.symlinks.add(entry.p);
  }

  /** Called once a symlink entry was created. */
  symlinkMade(rel: string): void {
    this.createdLinks.add(rel);
  }

  /** Whether no earlier entry of this archive made `rel` (so nothing is there to replace). */
  isNew(rel: string): boolean {
    return !this.dirs.has(rel) && !this.regular.has(rel) && !this.createdLinks.has(rel);
  }

  /** Called once a regular file (or a hardlink to one) was created. */
  regularMade(rel: string): void {
    this.regular.add(rel);
  }

  /** Once every entry is in place: each symlink must resolve inside its own component directory. */
  checkLinks(): void {
    for (const rel of this.createdLinks) {
      const slash = rel.indexOf('/');
      // `cargo/bin/x` belongs to the component `cargo`; top-level entries to the package.
      const [base, inner] = slash < 0 ? ['', rel] : [rel.slice(0, slash), rel.slice(slash + 1)];
      if (!resolveInside(path.join(this.dir, base), inner)) {
        const target = readlinkSync(path.join(this.dir, rel));
        throw new HostileArchiveError(
          this.label,
          rel,
          `is a symlink to ${target}, which resolves outside ${base ? `the component ${base}` : 'the package'} once every link is in place`,
        );
      }
    }
  }
}
