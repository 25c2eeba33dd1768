// Work directories (a download, a tree being built, a mirror run, an install's staging) and
// the cleanup of those a killed process left. A work directory is `<tag>-<pid>-XXXXXX`, made
// by mkdtemp inside a Rooted directory, with an owner record (mutex.ts: pid, start time, boot
// id, token) written into it at once. The cleanup removes an entry only when it can prove it
// made it: the name has that shape, it is a real directory (not a link), and its owner record
// names that PID and a process that has ended. A process killed between mkdtemp and the
// record leaves a directory holding nothing but an empty or partial record: that one goes
// when the PID in its name has ended, since removing it loses nothing. Anything else (a
// user's `2024-photos`, a directory with files but no record) is left alone.
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Rooted } from '../util/rooted.js';
import { alive, ownerGone, parseOwner, thisProcess, type Owner } from './mutex.js';

export const OWNER_FILE = '.ostoo-owner';

const workName = /^(\.?[A-Za-z0-9][A-Za-z0-9._+-]*)-(\d+)-[A-Za-z0-9]{6}$/;

/** A fresh private directory `<tag>-<pid>-XXXXXX` in `parent` (made if missing), recording who made it. */
export async function makeWorkDir(rooted: Rooted, parent: string, tag: string): Promise<string> {
  const dir = rooted.mkdirs(parent);
  const made = await mkdtemp(path.join(dir, `${tag}-${process.pid}-`));
  await writeFile(path.join(made, OWNER_FILE), `${JSON.stringify(thisProcess())}\n`, { flag: 'wx' });
  return made;
}

/** The owner record in `dir`, read without following a link and bounded; undefined when there is none. */
function ownerIn(dir: string): Owner | undefined {
  let fd: number;
  try {
    fd = openSync(path.join(dir, OWNER_FILE), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return parseOwner(buf.subarray(0, n).toString('utf8').trim());
  } finally {
    closeSync(fd);
  }
}

/** True for a directory its maker never got to fill: no entries, or only a record that did not parse. */
function unfinished(dir: string): boolean {
  const names = readdirSync(dir);
  if (names.length === 0) return true;
  if (names.length !== 1 || names[0] !== OWNER_FILE) return false;
  const st = lstatSync(path.join(dir, OWNER_FILE));
  return st.isFile() && st.size < 4096;
}

/** Whether the maker named in a work directory's name and record has ended. */
function makerGone(dir: string, pid: number): boolean {
  const owner = ownerIn(dir);
  if (owner) return !owner.legacy && owner.pid === pid && ownerGone(owner);
  return pid !== process.pid && !alive(pid) && unfinished(dir);
}

/** Removes the work directories in `parent` (tagged `tag`, or any tag) whose maker has ended. */
export async function removeLeftWork(rooted: Rooted, parent: string, tag?: string): Promise<string[]> {
  const removed: string[] = [];
  const dir = rooted.check(parent);
  for (const name of rooted.list(parent)) {
    const m = workName.exec(name);
    if (!m || (tag !== undefined && m[1] !== tag)) continue;
    const p = path.join(dir, name);
    if (!lstatSync(p, { throwIfNoEntry: false })?.isDirectory()) continue;
    if (!makerGone(p, Number(m[2]))) continue;
    await rooted.remove(p);
    removed.push(name);
  }
  return removed;
}
