import { existsSync, type Stats } from 'node:fs';
import type Generator from 'yeoman-generator';

/**
 * Writes through mem-fs (committed only if every phase succeeds) without Yeoman's
 * overwrite prompt: our edits are computed from the file's current text and checked.
 * New files are left to the conflicter, which reports them as `create`, not `force`.
 */
export function writeForced(gen: Generator, file: string, contents: string | Buffer, mode?: number): void {
  gen.fs.write(file, contents, mode ? { stat: { mode } as Stats } : undefined);
  const target = gen.destinationPath(file);
  if (!existsSync(target)) return;
  const stored = gen.fs.store.get(target) as { conflicter?: string };
  stored.conflicter = 'force';
}
