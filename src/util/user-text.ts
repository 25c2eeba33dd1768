// Reading a user's text file (a Cargo.toml, a build script, a Makefile, a .camkes file): a
// regular file only, bounded, every byte kept (byte-text.ts), so that an edit written back
// changes only what it means to change.
import { hasErrno } from './errno.js';
import { decodeBytes } from './byte-text.js';
import { readRegularFile } from './regular-file.js';

/** Far above any hand-written build file; a larger one is not what ostoo edits. */
export const MAX_USER_FILE_BYTES = 16 << 20;

/**
 * The file's text, or undefined when there is no such file (or a parent is a file). A
 * directory, FIFO or device where the file should be, or a file over the bound, is an
 * UnreadableFileError naming it.
 */
export function readUserText(file: string): string | undefined {
  try {
    return decodeBytes(
      readRegularFile(file, {
        maxBytes: MAX_USER_FILE_BYTES,
        what: 'a file ostoo edits',
        hint: 'ostoo reads it as a text file: move what is there aside',
      }),
    );
  } catch (err) {
    if (hasErrno(err, 'ENOENT', 'ENOTDIR')) return undefined;
    throw err;
  }
}
