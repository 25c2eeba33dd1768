// What keeps `ostoo update` from losing work. In a git repository: it starts only on a tree
// whose tracked files are committed (git can then show and undo everything it did), unless
// --force. Elsewhere: it keeps a copy of every file it changes in .ostoo-backup/, and will not
// start while an earlier update's copies are still there, unless --force. Either way, a file
// with an earlier merge's conflict markers still in it stops it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UpdateError } from './checks.js';

export const BACKUP_DIR = '.ostoo-backup';

/** Paths (relative to `root`) of changed tracked files, and of untracked ones. */
export type Repo = { git: true; dirty: string[]; untracked: string[] } | { git: false };

/** Whether `root` is in a git work tree, and what git would not be able to restore there. */
export function repoState(root: string): Repo {
  const res = spawnSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (res.error || res.status !== 0) return { git: false }; // no git, or not a repository
  const prefix = spawnSync('git', ['rev-parse', '--show-prefix'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty: string[] = [];
  const untracked: string[] = [];
  const entries = res.stdout.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.length < 4) continue;
    // Porcelain paths are the repository's; ours are the project's.
    const rel = e.slice(3).startsWith(prefix) ? e.slice(3 + prefix.length) : e.slice(3);
    if (e.startsWith('??')) untracked.push(rel);
    else dirty.push(rel);
    if (e[0] === 'R' || e[0] === 'C') i++; // the source path of a rename or copy follows
  }
  return { git: true, dirty, untracked };
}

const some = (files: readonly string[]) => `${files.slice(0, 5).join(', ')}${files.length > 5 ? ', ...' : ''}`;

/** Refuses to start where the update could lose work; `writes`: the files it would change. */
export function checkGuard(root: string, repo: Repo, writes: readonly string[], force: boolean): void {
  if (force) return;
  if (repo.git) {
    if (repo.dirty.length)
      throw new UpdateError(
        `${root} has uncommitted changes (${some(repo.dirty)})`,
        'commit or stash them first, so that git can show and undo what ostoo update does (or pass --force)',
      );
    const untracked = writes.filter((w) => repo.untracked.includes(w));
    if (untracked.length)
      throw new UpdateError(
        `ostoo update would change files git does not track (${some(untracked)})`,
        'add and commit them first, so that git can undo the update (or pass --force)',
      );
    return;
  }
  if (existsSync(path.join(root, BACKUP_DIR)))
    throw new UpdateError(
      `${path.join(root, BACKUP_DIR)} holds the files as they were before an earlier ostoo update`,
      'check them, remove that directory, then run ostoo update again (or pass --force to replace those copies)',
    );
}

export function checkNoMarkers(files: readonly string[], force: boolean): void {
  if (force || files.length === 0) return;
  throw new UpdateError(
    `${some(files)} still ${files.length > 1 ? 'have' : 'has'} conflict markers from an earlier merge`,
    'resolve the <<<<<<< ... >>>>>>> regions first (or pass --force)',
  );
}
