// File system errors (Node's `code`, `syscall` and `path`) in words, for every caller: a raw
// `EEXIST: file already exists, mkdir '…'` becomes `cannot create the directory …: something
// else is already there`, with what to do.
import { OstooError } from '../errors.js';

/** The errno code of `err` (`ENOENT`, ...), if it has one. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether `err` is a file system error with one of `codes`. */
export function hasErrno(err: unknown, ...codes: string[]): boolean {
  const code = errnoCode(err);
  return code !== undefined && codes.includes(code);
}

const reasons: Record<string, string> = {
  EEXIST: 'something else is already there',
  ENOTDIR: 'a parent is a file, not a directory',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'the path is too long for this file system',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMLINK: 'too many links to one file',
  ENOENT: 'a parent directory does not exist (or the file system is read-only)',
};

/**
 * Why a file system call failed, in words (else the error's own message). `context` words
 * a code the way the caller knows it (an ENOENT while extracting means the staging
 * directory went away, not a missing parent).
 */
export function errnoReason(err: unknown, context: Record<string, string> = {}): string {
  const code = errnoCode(err);
  return (code && (context[code] ?? reasons[code])) ?? (err instanceof Error ? err.message : String(err));
}

const doing: Record<string, string> = {
  mkdir: 'create the directory',
  scandir: 'list the directory',
  opendir: 'list the directory',
  open: 'open',
  rename: 'move into place',
  rmdir: 'remove',
  unlink: 'remove',
  link: 'link',
  symlink: 'create the symlink',
};

const hints: Record<string, string> = {
  ENOSPC: 'free some space there, or choose another place',
  EDQUOT: 'free some space there, or choose another place',
  EROFS: 'choose a place on a writable file system',
  EACCES: 'check the permissions of that path, or choose another place',
  EPERM: 'check the permissions of that path, or choose another place',
  EEXIST: 'move what is there out of the way, or choose another place',
  ENOTDIR: 'move that file out of the way, or choose another place',
};

/** What to do about a file system error, by its code. */
export function errnoHint(err: unknown): string {
  return hints[errnoCode(err) ?? ''] ?? 'check that path, then run the command again';
}

/** A raw file system error naming its path, in words, with what to do; any other error as it is. */
export function plainFsError(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || !e.code || !e.syscall || !e.path) return err;
  return new OstooError(`cannot ${doing[e.syscall] ?? e.syscall} ${e.path}: ${errnoReason(err)}`, errnoHint(err), {
    cause: err,
  });
}
