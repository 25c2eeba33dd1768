import path from 'node:path';
import type Generator from 'yeoman-generator';
import { decodeBytes } from '../../src/util/byte-text.js';
import { diskView, type FileEntry, type FileView } from '../../src/util/file-view.js';

interface StoredFile {
  path: string;
  contents: Buffer | null;
  state?: string;
}

/**
 * The generator's mem-fs as a FileView: a file's pending text wins over the disk's, a pending
 * deletion hides it, and directories holding only pending files exist already. Text is
 * decoded from the bytes as the disk view does it (every byte kept).
 */
export function memFsView(gen: Generator): FileView {
  const stored = () => gen.fs.store.all() as unknown as StoredFile[];
  const pendingUnder = (dir: string) => {
    const prefix = path.resolve(dir) + path.sep;
    return stored().filter((f) => f.path.startsWith(prefix) && (f.state === 'modified' || f.state === 'deleted'));
  };
  return {
    read(file) {
      // Files mem-fs does not hold are read from the disk without loading them into the store,
      // so the store (and the order it commits and reports files in) holds only what we write.
      if (!gen.fs.store.existsInMemory(file)) return diskView.read(file);
      const contents = (gen.fs.store.get(path.resolve(file)) as unknown as StoredFile).contents;
      return contents === null ? undefined : decodeBytes(contents);
    },
    list(dir) {
      const entries = new Map<string, FileEntry>(diskView.list(dir).map((e) => [e.name, e]));
      for (const f of pendingUnder(dir)) {
        const [name, ...rest] = path.relative(path.resolve(dir), f.path).split(path.sep);
        if (rest.length) {
          if (f.contents !== null) entries.set(name!, { name: name!, dir: true });
        } else if (f.contents === null) entries.delete(name!);
        else entries.set(name!, { name: name!, dir: false });
      }
      return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    isDir(p) {
      return diskView.isDir(p) || pendingUnder(p).some((f) => f.contents !== null);
    },
  };
}
