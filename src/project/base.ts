// The merge base: what ostoo last wrote in a project, kept beside the project record in one
// file (`.ostoo-base`), so that `ostoo update` can tell the user's edits from its own. Two
// kinds of entries:
// - `file`: a file ostoo created; its bytes as ostoo last wrote them (ostoo's later edits of
//   it carried over, the user's edits left out), and the command that created it.
// - `lines`: a file of the user's that ostoo edited; the lines it removed (`-`) and added (`+`).
// The text is meant to be read: each entry is a header line, then its bytes as they are,
// then a newline. Entries are sorted by path, so the file changes only when ostoo writes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OstooError } from '../errors.js';
import { encodeText } from '../util/byte-text.js';
import { readRegularFile } from '../util/regular-file.js';
import { MAX_USER_FILE_BYTES } from '../util/user-text.js';
import { carryChange, changedLines } from '../util/merge3.js';

export const BASE_FILE = '.ostoo-base';

export interface BaseEntry {
  kind: 'file' | 'lines';
  /** The command that first wrote or edited the file (`new`, `program`, ...). */
  from: string;
  bytes: Buffer;
}

/** Project-relative POSIX path -> entry. */
export type Base = Map<string, BaseEntry>;

export class BaseError extends OstooError {}

const HEADER = `# ostoo merge base, format 1: what ostoo last wrote in this project, so that \`ostoo update\`
# can tell your edits from its own. Written by ostoo; commit it with the project; do not edit it.
# "=== file BYTES COMMAND PATH": a file ostoo made, then its bytes as ostoo last wrote them.
# "=== lines BYTES COMMAND PATH": a file of yours ostoo edited, then the lines it removed (-) and added (+).
`;

const entryLine = /^=== (file|lines) (\d+) ([a-z][a-z-]*) (".*")$/;

export function serializeBase(base: Base): Buffer {
  const parts: Buffer[] = [Buffer.from(HEADER)];
  for (const rel of [...base.keys()].sort()) {
    const e = base.get(rel)!;
    parts.push(Buffer.from(`\n=== ${e.kind} ${e.bytes.length} ${e.from} ${JSON.stringify(rel)}\n`), e.bytes);
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

/** A project-relative path that stays inside the project. */
function safeRelative(rel: unknown): rel is string {
  return (
    typeof rel === 'string' &&
    rel !== '' &&
    !path.posix.isAbsolute(rel) &&
    !rel.includes('\\') &&
    !rel.includes('\0') &&
    rel.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
  );
}

const BASE_HINT = 'restore it from version control, or remove it and run `ostoo update --adopt` to record a new one';

export function parseBase(bytes: Buffer, file: string): Base {
  const bad = (what: string) => new BaseError(`${file}: ${what}`, BASE_HINT);
  const base: Base = new Map();
  let at = 0;
  // The comment header: lines starting with `#`, then entries.
  while (at < bytes.length && bytes[at] === 0x23) {
    const nl = bytes.indexOf(0x0a, at);
    if (nl < 0) throw bad('the header has no end');
    at = nl + 1;
  }
  while (at < bytes.length) {
    if (bytes[at] !== 0x0a) throw bad(`expected a newline before byte ${at}`);
    at++;
    if (at === bytes.length) break;
    const nl = bytes.indexOf(0x0a, at);
    const line = bytes.toString('utf8', at, nl < 0 ? bytes.length : nl);
    const m = entryLine.exec(line);
    if (!m || nl < 0) throw bad(`line "${line.slice(0, 80)}" is not an entry header`);
    let rel: unknown;
    try {
      rel = JSON.parse(m[4]!);
    } catch {
      rel = undefined;
    }
    if (!safeRelative(rel)) throw bad(`entry ${m[4]} is not a path inside the project`);
    if (base.has(rel)) throw bad(`${rel} has two entries`);
    const size = Number(m[2]);
    const start = nl + 1;
    if (start + size > bytes.length) throw bad(`${rel}'s entry is cut short`);
    base.set(rel, {
      kind: m[1] as BaseEntry['kind'],
      from: m[3]!,
      bytes: Buffer.from(bytes.subarray(start, start + size)),
    });
    at = start + size;
  }
  return base;
}

/** The base of the project at `root`; undefined when it has none. */
export function readBase(root: string): Base | undefined {
  const file = path.join(root, BASE_FILE);
  if (!existsSync(file)) return undefined;
  // A regular file only, bounded: it holds every file ostoo wrote, so far more than one of them.
  return parseBase(
    readRegularFile(file, { maxBytes: 16 * MAX_USER_FILE_BYTES, what: 'a merge base', hint: BASE_HINT }),
    file,
  );
}

/** Files of ostoo's own bookkeeping that never take part in merges. */
export function isBookkeeping(rel: string, extra: readonly string[] = []): boolean {
  return rel === BASE_FILE || rel === '.yo-rc.json' || rel === '.ostoo.lock' || extra.includes(rel);
}

/** A command name as base entries keep it: `toolchain bump` -> `toolchain-bump`. */
export function commandWord(command: string): string {
  return (
    command
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'ostoo'
  );
}

/**
 * The base after a command wrote `writes` (project-relative path -> bytes; null: deleted),
 * given each file's bytes before (`before`, undefined when it did not exist):
 * - a file the command created is ostoo's, its base the bytes written;
 * - ostoo's file edited again: the edit is carried over to its base (util/merge3.ts), so
 *   the user's own edits in it stay out of the base;
 * - a file of the user's: the lines changed are added to its `lines` entry.
 */
export function baseAfterWrites(
  base: Base,
  writes: ReadonlyMap<string, Buffer | null>,
  before: (rel: string) => Buffer | undefined,
  command: string,
): Base {
  const next: Base = new Map(base);
  const from = commandWord(command);
  for (const [rel, written] of writes) {
    if (isBookkeeping(rel)) continue;
    const entry = next.get(rel);
    const prev = before(rel);
    if (written === null) {
      if (entry?.kind === 'file') next.delete(rel);
      continue;
    }
    if (prev === undefined) next.set(rel, { kind: 'file', from, bytes: written });
    else if (entry?.kind === 'file') next.set(rel, { ...entry, bytes: carryChange(entry.bytes, prev, written) });
    else {
      const changed = changedLines(prev, written);
      if (changed.length === 0) continue;
      next.set(rel, {
        kind: 'lines',
        from: entry?.from ?? from,
        bytes: Buffer.concat([entry?.bytes ?? Buffer.alloc(0), changed]),
      });
    }
  }
  return next;
}

export function sameBase(a: Base, b: Base): boolean {
  if (a.size !== b.size) return false;
  for (const [rel, e] of a) {
    const o = b.get(rel);
    if (!o || o.kind !== e.kind || o.from !== e.from || !o.bytes.equals(e.bytes)) return false;
  }
  return true;
}

/**
 * For commands that write without mem-fs (toolchain bump): the base file's new bytes after
 * `files` (absolute path -> new content) are written in the project at `root`, or undefined
 * when it does not change or the project keeps none (made before bases: see --adopt).
 */
export function baseFileAfter(
  root: string,
  files: ReadonlyMap<string, string | Buffer>,
  command: string,
  /** Files whose text ostoo knows apart from the user's edits in it (a derived spec without its overlay): their base, exactly. */
  exact: ReadonlyMap<string, string | Buffer> = new Map(),
): [string, Buffer] | undefined {
  const existing = readBase(root);
  if (!existing) return undefined;
  const writes = new Map<string, Buffer>();
  for (const [file, content] of files) {
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    writes.set(rel.split(path.sep).join('/'), typeof content === 'string' ? encodeText(content) : content);
  }
  const before = (rel: string) => {
    const file = path.join(root, rel);
    return existsSync(file)
      ? readRegularFile(file, { maxBytes: MAX_USER_FILE_BYTES, what: 'a file ostoo edits' })
      : undefined;
  };
  const next = baseAfterWrites(existing, writes, before, command);
  for (const [file, content] of exact) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const entry = next.get(rel);
    if (entry?.kind === 'file')
      next.set(rel, { ...entry, bytes: typeof content === 'string' ? encodeText(content) : content });
  }
  return sameBase(existing, next) ? undefined : [path.join(root, BASE_FILE), serializeBase(next)];
}
