// What the `ostoo update` tests share: running ostoo and git in a project, its files byte for
// byte, and a project "made by an older ostoo" (a file set back to an older text in the
// project and in its merge base alike, so that this ostoo is the newer one).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { BASE_FILE, parseBase, serializeBase } from '../../src/project/base.js';
import { ostooBin } from './paths.js';
import { snapshotBytes } from './tree.js';

export const ostoo = (args: string[], cwd: string) =>
  execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, all: true });
export const git = (args: string[], cwd: string) =>
  execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd });

/** The project's files byte for byte (git's own directory left out). */
export const files = (dir: string) =>
  Object.fromEntries(Object.entries(snapshotBytes(dir)).filter(([rel]) => !rel.startsWith(`.git${path.sep}`)));
export const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

export async function commitAll(dir: string, message: string): Promise<void> {
  await git(['add', '-A'], dir);
  await git(['commit', '-qm', message], dir);
}

/** Sets `rel` back to an older ostoo's text, in the project and in its merge base alike. */
export function older(dir: string, rel: string, edit: (text: string) => string): void {
  const now = read(dir, rel);
  const then = edit(now);
  assert.notEqual(then, now, `the older text of ${rel} differs`);
  writeFileSync(path.join(dir, rel), then);
  const baseFile = path.join(dir, BASE_FILE);
  const base = parseBase(readFileSync(baseFile), baseFile);
  const entry = base.get(rel);
  assert.ok(entry?.kind === 'file', `${rel} is ostoo's in the base`);
  base.set(rel, { ...entry, bytes: Buffer.from(then) });
  writeFileSync(baseFile, serializeBase(base));
}

export const without = (part: string) => (text: string) => {
  assert.ok(text.includes(part), `the file has ${JSON.stringify(part.slice(0, 40))}`);
  return text.replace(part, '');
};

/** How often `pattern` occurs in the file. */
export const count = (dir: string, rel: string, pattern: RegExp) =>
  read(dir, rel).match(new RegExp(pattern.source, 'gm'))?.length ?? 0;
