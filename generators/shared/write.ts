// How every generator writes: through mem-fs (committed only if every phase succeeds), only
// inside the project (src/project/user-files.ts: a link leading out is refused), with text
// encoded back to the bytes it was read from (src/util/byte-text.ts), and without Yeoman's
// overwrite prompt for edits, which are computed from the file's current text and checked.
import { existsSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { EventEmitter } from 'node:events';
import type Generator from 'yeoman-generator';
import { encodeText } from '../../src/util/byte-text.js';
import { terminalText } from '../../src/util/terminal-text.js';
import type { Rooted } from '../../src/util/rooted.js';
import { lockProject } from '../../src/project/edit-lock.js';

/**
 * Writes `contents` to `file` (absolute, or relative to the destination) in `project`. New
 * files are left to the conflicter, which reports them as `create`; existing ones are forced.
 */
export function writeInProject(
  gen: Generator,
  project: Rooted,
  file: string,
  contents: string | Buffer,
  mode?: number,
): void {
  truthfulStatus(gen);
  const target = project.check(gen.destinationPath(file));
  const bytes = typeof contents === 'string' ? encodeText(contents) : contents;
  gen.fs.write(target, bytes, mode ? { stat: { mode } as Stats } : undefined);
  if (!existsSync(target)) return;
  const stored = gen.fs.store.get(target) as { conflicter?: string };
  stored.conflicter = 'force';
}

interface StatusLog {
  create(...args: unknown[]): unknown;
  force(...args: unknown[]): unknown;
  write(text: string): unknown;
}
const truthful = new WeakSet<object>();

/**
 * Yeoman reports every forced file as `force`: .yo-rc.json (which it always forces) even when
 * it is new, and our edits, which read like an overwrite. The status is printed before the
 * commit writes, so a file that is not there yet is `create`, and one that is, `update`.
 */
function truthfulStatus(gen: Generator): void {
  const env = gen.env as unknown as { adapter?: { log?: StatusLog }; cwd?: string };
  const log = env.adapter?.log;
  if (!log || truthful.has(log)) return;
  truthful.add(log);
  const cwd = env.cwd ?? process.cwd();
  const { create } = log;
  log.force = function (this: StatusLog, ...args: unknown[]) {
    const [file] = args;
    if (typeof file === 'string' && !existsSync(path.resolve(cwd, file))) return create.apply(this, args);
    // 'identical'.length wide, as Yeoman aligns its statuses.
    return this.write(`${'update'.padStart(9)} ${terminalText(args.map(String).join(' '))}\n`);
  };
}

/**
 * Takes the project's edit lock for this run (src/project/edit-lock.ts): held until the run
 * ends, its writes committed, or fails; released synchronously, so that a refused run leaves
 * nothing behind by the time its error reaches the caller.
 */
export async function lockProjectForRun(gen: Generator, root: string): Promise<void> {
  const held = await lockProject(root, (line) => gen.log(line));
  const env = gen.env as unknown as EventEmitter;
  const release = (): void => {
    env.off('end', release);
    env.off('error', release);
    process.off('exit', release);
    held.releaseSync();
  };
  env.once('end', release);
  env.once('error', release);
  process.once('exit', release);
}
