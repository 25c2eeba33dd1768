// Every generator keeps the merge base (src/project/base.ts) of the projects it writes in,
// at the one place all their writes meet: once the writing phase has put every file into
// mem-fs and before mem-fs commits them, the base is updated from those pending files and
// written with them, in the same commit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Generator from 'yeoman-generator';
import { BASE_FILE, baseAfterWrites, readBase, sameBase, serializeBase } from '../../src/project/base.js';
import { parseRecord, RECORD_FILE } from '../../src/project/record.js';
import { projectFiles } from '../../src/project/user-files.js';
import { writeInProject } from './write.js';

interface StoredFile {
  path: string;
  contents: Buffer | null;
  state?: string;
}

const diskBytes = (file: string): Buffer | undefined => {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
};

/** Queues the base update of `gen`'s run (after `writing`, before the commit). */
export function recordBaseOnWrite(gen: Generator, command: string): void {
  gen.queueTask({ method: () => recordBase(gen, command), taskName: 'ostoo:record-base', queueName: 'transform' });
}

function recordBase(gen: Generator, command: string): void {
  const pending = (gen.fs.store.all() as unknown as StoredFile[]).filter(
    (f) => f.state === 'modified' || f.state === 'deleted',
  );
  const byPath = new Map(pending.map((f) => [path.resolve(f.path), f]));
  // Our entry in a directory's record, pending or on disk.
  const hasRecord = new Map<string, boolean>();
  const recordIn = (dir: string, disk = false): boolean => {
    const key = `${disk}:${dir}`;
    if (!hasRecord.has(key)) {
      const file = path.join(dir, RECORD_FILE);
      const stored = disk ? undefined : byPath.get(file);
      const bytes = stored ? (stored.contents ?? undefined) : diskBytes(file);
      let ours = false;
      try {
        ours = bytes !== undefined && parseRecord(bytes.toString('utf8'), file) !== undefined;
      } catch {
        ours = false; // a broken record: its command refuses for itself
      }
      hasRecord.set(key, ours);
    }
    return hasRecord.get(key)!;
  };
  const rootOf = (file: string): string | undefined => {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (recordIn(dir)) return dir;
      if (path.dirname(dir) === dir) return undefined;
    }
  };
  const projects = new Map<string, Map<string, Buffer | null>>();
  for (const [file, f] of byPath) {
    const root = rootOf(file);
    if (!root) continue;
    const writes = projects.get(root) ?? new Map<string, Buffer | null>();
    writes.set(path.relative(root, file).split(path.sep).join('/'), f.contents);
    projects.set(root, writes);
  }
  for (const [root, writes] of projects) {
    const baseFile = path.join(root, BASE_FILE);
    if (byPath.has(baseFile)) continue; // the command keeps the base itself (ostoo update)
    const existing = readBase(root);
    if (!existing && recordIn(root, true)) {
      gen.log(
        `Note: ${root} has no merge base yet (it was made before ostoo kept one); run \`ostoo update --adopt\` there once, so that later updates can tell your edits from ostoo's.`,
      );
      continue;
    }
    const before = (rel: string) => diskBytes(path.join(root, rel));
    const next = baseAfterWrites(existing ?? new Map(), writes, before, command);
    if (existing && sameBase(existing, next)) continue;
    writeInProject(gen, projectFiles(root), baseFile, serializeBase(next));
  }
}
