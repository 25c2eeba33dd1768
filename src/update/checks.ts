// A merged file must still mean something to its tool: a build script must pass `bash -n`,
// a TOML file must parse (and a JSON one, such as a target spec). A merge that breaks one
// stops the update with that file named, before anything is written.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { OstooError } from '../errors.js';

export class UpdateError extends OstooError {}

const isShell = (rel: string, bytes: Buffer) =>
  rel.endsWith('.sh') || /^#!\s*\S*\b(ba)?sh\b/.test(bytes.subarray(0, 80).toString('latin1'));

/** Why the merged text of `rel` does not parse, or undefined when it does. */
export function mergedProblem(rel: string, bytes: Buffer): string | undefined {
  if (isShell(rel, bytes)) {
    const res = spawnSync('bash', ['-n'], { input: bytes, encoding: 'utf8' });
    if (res.error) return undefined; // no bash here: nothing to check with
    if (res.status !== 0)
      return `bash -n: ${res.stderr
        .trim()
        .split('\n')[0]
        ?.replace(/^bash: (line )?/, 'line ')}`;
    return undefined;
  }
  const ext = path.posix.extname(rel);
  if (ext === '.toml') {
    try {
      parseToml(bytes.toString('utf8'));
    } catch (err) {
      return `TOML: ${(err as Error).message.split('\n')[0]}`;
    }
  }
  if (ext === '.json') {
    try {
      JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      return `JSON: ${(err as Error).message}`;
    }
  }
  return undefined;
}

/** Refuses the first merged file that no longer parses. */
export function checkMerged(merged: readonly { rel: string; bytes: Buffer }[]): void {
  for (const { rel, bytes } of merged) {
    const problem = mergedProblem(rel, bytes);
    if (problem)
      throw new UpdateError(
        `merging ${rel} gives a file that does not parse (${problem}); nothing was written`,
        `merge that file by hand (\`ostoo update --dry-run\` lists the rest), or make your edits to it smaller, then run ostoo update again`,
      );
  }
}
