// Finding an executable on PATH, with npm's `which` (which also checks that it is a regular
// file this user may execute). Empty PATH entries are dropped rather than read as the
// current directory, as before, so that nothing in the working directory is ever picked.
import path from 'node:path';
import whichLib from 'which';

/** The first executable called `name` on PATH. */
export function which(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  const dirs = envPath.split(path.delimiter).filter(Boolean);
  if (dirs.length === 0) return undefined;
  return whichLib.sync(name, { path: dirs.join(path.delimiter), nothrow: true }) ?? undefined;
}
