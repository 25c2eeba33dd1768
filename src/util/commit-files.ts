// Writes several files as one step: every new content goes to a temp file beside its
// target first; only then are they renamed into place. If a rename fails, the files already
// replaced are restored, so a failed commit leaves every file as it was. Every target is
// checked to stay inside the project first (user-files.ts: a link leading out is refused); a
// link inside it is replaced at its target, so it stays a link. Text is written back as the
// bytes it was read from (util/byte-text.ts). The directories a new file needs are made
// inside the project, and removed again if the commit fails.
import { existsSync, realpathSync } from 'node:fs';
import { readFile, rename, rm, writeFile, stat, chmod } from 'node:fs/promises';
import path from 'node:path';
import { encodeText } from './byte-text.js';
import type { Rooted } from './rooted.js';

/**
 * `modes` gives the mode of a file that is new (an existing one keeps its own mode).
 */
export async function commitFiles(
  project: Rooted,
  files: ReadonlyMap<string, string | Buffer>,
  modes: ReadonlyMap<string, number> = new Map(),
): Promise<void> {
  const staged: { target: string; temp: string; before: Buffer | undefined; mode?: number }[] = [];
  const made: string[] = [];
  const targets = [...files].map(([file, content]) => {
    const checked = project.check(file);
    return [existsSync(checked) ? realpathSync(checked) : checked, content, modes.get(file)] as const;
  });
  const unmake = () => Promise.all(made.reverse().map((d) => rm(d, { recursive: true, force: true })));
  try {
    for (const [target, content, newMode] of targets) {
      const before = existsSync(target) ? await readFile(target) : undefined;
      const mode = before ? (await stat(target)).mode & 0o777 : newMode;
      if (!before) {
        const first = project.mkdirsFirst(path.dirname(target));
        if (first) made.push(first);
      }
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.ostoo-${process.pid}.tmp`);
      await writeFile(temp, typeof content === 'string' ? encodeText(content) : content);
      if (mode !== undefined) await chmod(temp, mode);
      staged.push({ target, temp, before, mode });
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    await unmake();
    throw err;
  }
  const done: typeof staged = [];
  try {
    for (const s of staged) {
      await rename(s.temp, s.target);
      done.push(s);
    }
  } catch (err) {
    for (const s of done) {
      if (s.before) await writeFile(s.target, s.before);
      else await rm(s.target, { force: true });
    }
    await Promise.all(staged.filter((s) => !done.includes(s)).map((s) => rm(s.temp, { force: true })));
    await unmake();
    throw err;
  }
}
