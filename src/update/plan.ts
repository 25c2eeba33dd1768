// `ostoo update`'s decisions, file by file, from three versions of each file ostoo owns: the
// base (what ostoo wrote last), the user's file as it is, and what this ostoo writes now.
// Pure: the caller reads the files and writes the result.
import { isBookkeeping, type Base, type BaseEntry } from '../project/base.js';
import { merge3 } from '../util/merge3.js';

export type Action =
  /** Ostoo writes a file the project does not have. */
  | { kind: 'create'; rel: string; bytes: Buffer }
  /** Untouched since ostoo wrote it: replaced by the new text. */
  | { kind: 'replace'; rel: string; bytes: Buffer }
  /** Both sides changed it, in different places: merged. */
  | { kind: 'merge'; rel: string; bytes: Buffer }
  /** Both sides changed the same lines: the file gets conflict markers. */
  | { kind: 'conflict'; rel: string; bytes: Buffer; regions: number }
  /** Only the user changed it: kept as it is. */
  | { kind: 'keep'; rel: string }
  /** Ostoo no longer writes it: kept, and the user's from now on. */
  | { kind: 'gone'; rel: string }
  /** The user deleted it; `changed` when ostoo's text of it changed since. Not written back. */
  | { kind: 'deleted'; rel: string; changed: boolean }
  /** --adopt: it differs from what this ostoo writes, and nothing tells whose the differences are. */
  | { kind: 'adopted'; rel: string };

export interface UpdateInput {
  /** The project's base; with `adopt`, none yet. */
  base: Base | undefined;
  /** Project-relative path -> what this ostoo writes. */
  fresh: ReadonlyMap<string, Buffer>;
  /** The user's file, or undefined when there is none. */
  read(rel: string): Buffer | undefined;
  /** Labels of the conflict markers' three sides. */
  labels: { yours: string; base: string; theirs: string };
  /** Files ostoo writes, but not in an update (the toolchain lock: `toolchain bump`'s): left as they are, base and all. */
  leave?: readonly string[];
}

export interface UpdatePlan {
  actions: Action[];
  /** The base once the actions are written. */
  base: Base;
}

const writes = new Set<Action['kind']>(['create', 'replace', 'merge', 'conflict']);

/** Whether the action writes the file. */
export function isWrite(a: Action): a is Extract<Action, { bytes: Buffer }> {
  return writes.has(a.kind);
}

/**
 * Every file in the base or in the new output, decided. Entries of the user's own files
 * (`lines`: the lines ostoo inserted there) are kept as they are: those edits are in the
 * files already, and applying them again would add them twice.
 */
export function planUpdate(input: UpdateInput): UpdatePlan {
  const old = input.base ?? new Map<string, BaseEntry>();
  const next = new Map(old);
  const actions: Action[] = [];
  const paths = [...new Set([...old.keys(), ...input.fresh.keys()])]
    .filter((p) => !isBookkeeping(p, input.leave))
    .sort();
  for (const rel of paths) {
    const entry = old.get(rel);
    if (entry?.kind === 'lines') continue;
    const fresh = input.fresh.get(rel);
    const yours = input.read(rel);
    if (fresh === undefined) {
      // In the base only: ostoo wrote it once, and writes it no more.
      next.delete(rel);
      if (yours !== undefined) actions.push({ kind: 'gone', rel });
      continue;
    }
    const from = entry?.from ?? (input.base ? 'update' : 'adopt');
    next.set(rel, { kind: 'file', from, bytes: fresh });
    if (yours === undefined) {
      if (entry) {
        // Deleted by the user: that stays; the new base makes it stay next time too.
        actions.push({ kind: 'deleted', rel, changed: !entry.bytes.equals(fresh) });
      } else {
        actions.push({ kind: 'create', rel, bytes: fresh });
      }
      continue;
    }
    if (yours.equals(fresh)) continue;
    if (!input.base) {
      // --adopt: this ostoo's text is the base, so every difference counts as the user's edit.
      actions.push({ kind: 'adopted', rel });
      continue;
    }
    // A file of the user's where ostoo now writes one: merged as if from an empty base.
    const base = entry?.bytes ?? Buffer.alloc(0);
    if (yours.equals(base)) {
      actions.push({ kind: 'replace', rel, bytes: fresh });
      continue;
    }
    if (fresh.equals(base)) {
      actions.push({ kind: 'keep', rel });
      continue;
    }
    const merged = merge3(base, yours, fresh, input.labels);
    actions.push(
      merged.conflicts
        ? { kind: 'conflict', rel, bytes: merged.bytes, regions: merged.conflicts }
        : { kind: 'merge', rel, bytes: merged.bytes },
    );
  }
  return { actions, base: next };
}
