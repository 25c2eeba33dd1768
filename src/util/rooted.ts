// One safe way to open, create and remove paths under a root (a cache, a mirror's OUT, an
// install's work directory, a project): a path is used only after every component of it that
// exists was checked, top-down, with lstat. A symlink on the way is followed only when it
// resolves inside the root; one that leads out (or nowhere) is refused with both ends named.
// So `cache/tmp -> ~/photos` cannot make a cleanup delete photos, and a project's
// `Makefile -> /elsewhere/Makefile` cannot make an edit write elsewhere. The root itself may
// be a link (a cache moved to another disk that way): it is resolved once, as the root.
import { lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { OstooError } from '../errors.js';

/** A path under a root that leads outside it. */
export class OutsideRootError extends OstooError {}

export interface RootInfo {
  /** The root in words, for messages: `the cache`, `the mirror`, `the project`. */
  what: string;
  /** What to do when a link leads out. */
  hint: string;
}

/** Whether `p` is `dir` or below it (both absolute, normalized). */
export function within(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `p`, whose tail may not exist yet: its deepest existing ancestor, resolved, plus the rest. */
function realPrefix(p: string): string {
  const missing: string[] = [];
  for (let d = path.resolve(p); ; d = path.dirname(d)) {
    try {
      return path.join(realpathSync(d), ...missing.reverse());
    } catch {
      if (path.dirname(d) === d) return path.resolve(p);
      missing.push(path.basename(d));
    }
  }
}

export class Rooted {
  readonly root: string;

  constructor(
    root: string,
    readonly info: RootInfo,
  ) {
    this.root = path.resolve(root);
  }

  /**
   * `p` (absolute, or relative to the root) after checking that every existing component of
   * it stays inside the root; the path itself is returned as given (links inside are fine).
   */
  check(p: string): string {
    const abs = path.resolve(this.root, p);
    if (!within(this.root, abs)) throw this.outside(abs, abs);
    const realRoot = realPrefix(this.root);
    let real = realRoot;
    let shown = this.root;
    for (const c of path.relative(this.root, abs).split(path.sep).filter(Boolean)) {
      const next = path.join(real, c);
      shown = path.join(shown, c);
      let st;
      try {
        st = lstatSync(next, { throwIfNoEntry: false });
      } catch {
        // Not a path this file system can hold (too long, below a file, no permission): no
        // link can lead anywhere from here, and the operation itself fails, naming its path.
        return abs;
      }
      if (!st) return abs; // the rest does not exist yet: it will be made inside
      if (!st.isSymbolicLink()) {
        real = next;
        continue;
      }
      let target: string;
      try {
        target = realpathSync(next);
      } catch {
        const to = path.resolve(path.dirname(next), readlinkSync(next));
        throw new OutsideRootError(
          `${shown} is a symlink to ${to}, which does not exist (a link that leads nowhere)`,
          this.info.hint,
        );
      }
      if (!within(realRoot, target)) throw this.outside(shown, target);
      real = target;
    }
    return abs;
  }

  private outside(shown: string, target: string): OutsideRootError {
    const what =
      shown === target
        ? `${shown} is outside ${this.info.what} ${this.root}`
        : `${shown} is a symlink to ${target}, outside ${this.info.what} ${this.root}`;
    return new OutsideRootError(what, this.info.hint);
  }

  /** Makes the directory `p` and its missing parents, inside the root. */
  mkdirs(p: string): string {
    const abs = this.check(p);
    mkdirSync(abs, { recursive: true });
    return abs;
  }

  /** Like mkdirs; returns the first directory it made (undefined when all were there). */
  mkdirsFirst(p: string): string | undefined {
    return mkdirSync(this.check(p), { recursive: true });
  }

  /** The names in the directory `p` ([] when it does not exist). */
  list(p: string): string[] {
    const abs = this.check(p);
    try {
      return readdirSync(abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Removes `p` and everything under it; a symlink there is removed itself, never what it leads to. */
  async remove(p: string): Promise<void> {
    const abs = this.check(path.dirname(path.resolve(this.root, p)));
    await rm(path.join(abs, path.basename(p)), { recursive: true, force: true, maxRetries: 3 });
  }
}
