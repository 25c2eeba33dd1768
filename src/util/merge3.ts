// Three-way merges of whole files, as `git merge-file --diff3` does them, on bytes: a file is
// split into lines as Latin-1 text (one character per byte), so every byte of a user's file
// survives, UTF-8 or not, and every line keeps its own end (CRLF stays CRLF). The merge itself
// is node-diff3's (Khanna, Kunal and Pierce's diff3); here only the lines and the markers.
import { diff3Merge, diffComm } from 'node-diff3';

export interface MergeLabels {
  /** After `<<<<<<<`: the user's side. */
  yours: string;
  /** After `|||||||`: the common ancestor. */
  base: string;
  /** After `>>>>>>>`: the other side. */
  theirs: string;
}

export interface MergeResult {
  bytes: Buffer;
  /** How many regions got conflict markers. */
  conflicts: number;
}

/** The bytes as lines, each with its own end; the last one may have none. */
export function byteLines(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  return text === '' ? [] : text.split(/(?<=\n)/);
}

const fromLines = (lines: readonly string[]): Buffer => Buffer.from(lines.join(''), 'latin1');

/** A label as the bytes of its UTF-8 text, in the Latin-1 line world. */
const labelText = (label: string): string => Buffer.from(label, 'utf8').toString('latin1');

/**
 * Merges the change base -> theirs into yours. Where both sides changed the same lines (or
 * lines next to each other), the region gets diff3-style markers: yours, the base, theirs.
 */
export function merge3(base: Buffer, yours: Buffer, theirs: Buffer, labels: MergeLabels): MergeResult {
  if (yours.equals(base) || yours.equals(theirs)) return { bytes: theirs, conflicts: 0 };
  if (theirs.equals(base)) return { bytes: yours, conflicts: 0 };
  const mine = byteLines(yours);
  const eol = mine.some((l) => l.endsWith('\r\n')) ? '\r\n' : '\n';
  // Markers go on lines of their own: a side whose last line has no end gets one.
  const ended = (lines: string[]): string[] =>
    lines.length && !lines[lines.length - 1]!.endsWith('\n') ? [...lines.slice(0, -1), lines.at(-1) + eol] : lines;
  const out: string[] = [];
  let conflicts = 0;
  for (const region of diff3Merge(mine, byteLines(base), byteLines(theirs), { excludeFalseConflicts: true })) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    const c = region.conflict!;
    conflicts++;
    out.push(
      `<<<<<<< ${labelText(labels.yours)}${eol}`,
      ...ended(c.a),
      `||||||| ${labelText(labels.base)}${eol}`,
      ...ended(c.o),
      `=======${eol}`,
      ...ended(c.b),
      `>>>>>>> ${labelText(labels.theirs)}${eol}`,
    );
  }
  return { bytes: fromLines(out), conflicts };
}

/**
 * Carries a change made to a file (before -> after) over to another version of it (onto),
 * region by region: where the change and onto's own differences overlap, onto keeps its text.
 * Used to keep a merge base in step with ostoo's edits of a file the user has also edited.
 */
export function carryChange(onto: Buffer, before: Buffer, after: Buffer): Buffer {
  if (before.equals(onto)) return after;
  if (before.equals(after)) return onto;
  const out: string[] = [];
  for (const region of diff3Merge(byteLines(onto), byteLines(before), byteLines(after), {
    excludeFalseConflicts: true,
  })) {
    out.push(...(region.ok ?? region.conflict!.a));
  }
  return fromLines(out);
}

/** The lines a change removed (`-`) and added (`+`), in order, one per line: what ostoo did to a user's file. */
export function changedLines(before: Buffer, after: Buffer): Buffer {
  const out: string[] = [];
  const end = (l: string) => (l.endsWith('\n') ? l : `${l}\n`);
  for (const part of diffComm(byteLines(before), byteLines(after))) {
    if (part.common) continue;
    out.push(...part.buffer1.map((l) => `-${end(l)}`), ...part.buffer2.map((l) => `+${end(l)}`));
  }
  return fromLines(out);
}

/** Whether a file still holds a conflict region from an earlier merge. */
export function hasConflictMarkers(bytes: Buffer): boolean {
  return /^<{7} [^\n]*\n[\s\S]*?^={7}\r?\n[\s\S]*?^>{7} /m.test(bytes.toString('latin1'));
}
