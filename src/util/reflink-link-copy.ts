// Placing a copy of a file the cheapest way the file system allows: a reflink (copy-on-write:
// the two never share bytes), else a hardlink (the same inode: the cache's files are read-only),
// else a plain copy. The first file decides whether reflinks work; a hardlink refused for a
// reason that will not change (another device, no permission, too many links, unsupported)
// means copies from then on. The cache and the install both place files this way; files from
// a cache someone else owns are placed with `link: false` (a reflink or a copy).
import { constants, copyFileSync, linkSync } from 'node:fs';
import { hasErrno } from './errno.js';

export type Placement = 'reflink' | 'link' | 'copy';

export class ReflinkLinkCopy {
  /** Undecided until the first file: a reflink is tried once, and kept if it works. */
  private reflinked: boolean | undefined;
  /** Hardlinks work until one is refused for a lasting reason (or are not wanted at all). */
  private linked: boolean;

  constructor(opts: { link?: boolean } = {}) {
    this.linked = opts.link ?? true;
  }

  /** Places `src` at `dst`, which must not exist. */
  place(src: string, dst: string): Placement {
    if (this.reflinked !== false) {
      try {
        copyFileSync(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE);
        this.reflinked = true;
        return 'reflink';
      } catch (err) {
        if (this.reflinked) throw err;
        this.reflinked = false;
      }
    }
    if (this.linked) {
      try {
        linkSync(src, dst);
        return 'link';
      } catch (err) {
        if (!hasErrno(err, 'EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP')) throw err;
        this.linked = false;
      }
    }
    copyFileSync(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    return 'copy';
  }
}
