// How a planner sees the files it plans from. A generator passes a view over Yeoman's mem-fs
// (generators/shared/mem-fs-view.ts), so reads see writes still pending there and a refused
// plan has written nothing; other callers and tests see the disk as it is.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readUserText } from './user-text.js';

export interface FileEntry {
  name: string;
  dir: boolean;
}

export interface FileView {
  /**
   * A file's text, every byte kept (util/byte-text.ts); undefined when there is no such file
   * (or it is a directory). A FIFO or device there, or a file too large, is an error naming it.
   */
  read(file: string): string | undefined;
  /** A directory's entries, sorted by name; [] when there is no such directory. */
  list(dir: string): FileEntry[];
  isDir(p: string): boolean;
}

const isDirOnDisk = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;

export const diskView: FileView = {
  read: (file) => (isDirOnDisk(file) ? undefined : readUserText(file)),
  list: (dir) =>
    isDirOnDisk(dir)
      ? readdirSync(dir)
          .sort()
          .map((name) => ({ name, dir: isDirOnDisk(path.join(dir, name)) }))
      : [],
  isDir: isDirOnDisk,
};

/** A file or a directory is there. */
export function exists(view: FileView, p: string): boolean {
  return view.isDir(p) || view.read(p) !== undefined;
}
