// Reading a file named by a user, a record or a project: only a regular file, and only up to
// a bound. Opened without blocking (a FIFO would otherwise wait forever for a writer), then
// checked on the open descriptor (so what is read is what was checked), then read up to the
// bound: /dev/zero, a directory or a 3 GiB file is refused at once, never read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { OstooError } from '../errors.js';

/** What a non-regular file is, in words: `a directory`, `a FIFO`, ... */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symlink';
  return st.isFile() ? 'a regular file' : 'not a regular file';
}

/** A file that is not a regular file, or larger than its bound. */
export class UnreadableFileError extends OstooError {
  constructor(
    readonly file: string,
    /** Why, without the path: `a FIFO, not a regular file`. */
    readonly why: string,
    hint?: string,
    /** Set when the file was refused for its size. */
    readonly size?: number,
  ) {
    super(`${file} is ${why}`, hint);
  }
}

export interface ReadBound {
  /** The most bytes the file may have. */
  maxBytes: number;
  /** What to do when it is refused (the hint of the error). */
  hint?: string;
  /** What the file is for, in the too-large message: `a lock file`. */
  what?: string;
}

/**
 * The bytes of `file` when it is a regular file of at most `maxBytes`; UnreadableFileError
 * otherwise. Errors of the open itself (ENOENT, EACCES) are thrown as they are.
 */
export function readRegularFile(file: string, bound: ReadBound): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnreadableFileError(file, `${fileKind(st)}, not a regular file`, bound.hint);
    const tooLarge = (size: number) =>
      new UnreadableFileError(
        file,
        `${size} bytes, more than the ${bound.maxBytes >> 20} MiB ${bound.what ?? 'this file'} may have`,
        bound.hint,
        size,
      );
    if (st.size > bound.maxBytes) throw tooLarge(st.size);
    // One byte more than fstat said: a file that grew since is read on, still bounded.
    let buf = Buffer.alloc(Math.min(bound.maxBytes + 1, st.size + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > bound.maxBytes) throw tooLarge(n);
        const bigger = Buffer.alloc(Math.min(bound.maxBytes + 1, buf.length * 2));
        buf.copy(bigger);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) return buf.subarray(0, n);
      n += got;
    }
  } finally {
    closeSync(fd);
  }
}
