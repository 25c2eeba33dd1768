// What a command added, kept in the project's record (`added`), so that `ostoo update` can
// plan it again with a newer ostoo. Written with the command's own files, through mem-fs, so
// a refused command has recorded nothing.
import path from 'node:path';
import type Generator from 'yeoman-generator';
import { parseRecord, RECORD_FILE, recordFileText, type AddedEntry } from '../../src/project/record.js';
import { projectFiles } from '../../src/project/user-files.js';
import { memFsView } from './mem-fs-view.js';
import { writeInProject } from './write.js';

/**
 * Appends `entry` (its `dir` given as an absolute path) to the `added` list of the nearest
 * record of ours at or above that directory, as mem-fs holds it (a record the command itself
 * writes included). A directory in no project of ours records nothing, and an entry listed
 * already is not listed twice.
 */
export function recordAdded(gen: Generator, dir: string, entry: Omit<AddedEntry, 'dir'>): void {
  const view = memFsView(gen);
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const file = path.join(at, RECORD_FILE);
    const text = view.read(file);
    let record;
    try {
      record = text === undefined ? undefined : parseRecord(text, file);
    } catch {
      record = undefined; // a broken record is the next command's to refuse
    }
    if (record) {
      const rel = path.relative(at, path.resolve(dir)).split(path.sep).join('/') || '.';
      const next = { ...entry, dir: rel };
      // Once is enough (camkes-rust run again refreshes what it added).
      const key = (e: AddedEntry) => JSON.stringify([e.command, e.dir, e.name ?? null, e.options ?? null]);
      if ((record.added ?? []).some((e) => key(e) === key(next))) return;
      const added = [...(record.added ?? []), next];
      writeInProject(gen, projectFiles(at), file, recordFileText(text, { added }, file));
      return;
    }
    if (path.dirname(at) === at) return;
  }
}
