// What this version of ostoo writes for an existing project: its flavor's plan (the same
// plan() `ostoo new` runs) with the answers and toolchain kept in its record, and with the
// record itself, from which plan() also renders what later commands added (programs,
// components). Nothing here writes; `ostoo update` merges the result into the project.
import type { Answers, OptionSpec } from '../command/model.js';
import type { Flavor } from '../flavors/flavor.js';
import type { ProjectRecord } from '../project/record.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { userRsId } from '../flavor-catalog/flavor-ids.js';
import { replayAdded } from './replay.js';

export interface Regenerated {
  /** Project-relative path -> bytes. */
  files: Map<string, Buffer>;
  executables: Set<string>;
  /** The flavor's part of the record, as the plan made it. */
  record: ProjectRecord;
  messages: string[];
  /** Files the plan writes that an update leaves alone (the lock is `ostoo toolchain bump`'s). */
  leave: string[];
}

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * `ostoo new`'s answers as the record keeps them (stored answers by their camelCase keys);
 * options the record lacks (newer than the project) take their defaults. The toolchain is the
 * one the record pins now (after any `toolchain bump`), never a new auto-detection.
 */
export function answersFromRecord(record: ProjectRecord, table: readonly OptionSpec[]): Answers {
  const answers: Answers = {};
  const kept = record as Record<string, unknown>;
  for (const spec of table) {
    const value = kept[camelCase(spec.name)];
    if (value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
      answers[spec.name] = value as Answers[string];
      continue;
    }
    if (spec.when && !spec.when(answers)) continue;
    answers[spec.name] = typeof spec.default === 'function' ? spec.default(answers) : spec.default;
  }
  const tc = record.toolchain;
  if (tc) {
    delete answers.toolchain;
    delete answers['toolchain-path'];
    if (tc.kind === 'path') answers['toolchain-path'] = tc.root ?? tc.id;
    else answers.toolchain = tc.id;
  }
  // The musl source as it was resolved (auto may pick another one on this machine).
  if (record.muslKind) answers.musl = record.muslKind;
  // Nothing is installed or run: an update only writes files.
  answers['skip-install'] = true;
  answers['skip-sysroot'] = true;
  return answers;
}

/**
 * Why `ostoo update` cannot render this project again, or undefined when it can. A project
 * added into an existing tree shares its top level with the tree's own files; CAmkES apps and
 * Microkit systems that ostoo did not make (Rust support or a component added to the user's
 * own) have no tree ostoo could render.
 */
export function whyNotUpdatable(flavorId: string, record: ProjectRecord): string | undefined {
  if (record.made === 'into-existing')
    return 'it was added into an existing tree (--into-existing), whose own files ostoo cannot render again';
  if (flavorId !== userRsId && record.made !== 'new')
    return 'its record has no `made` entry: the app or system is your own, with Rust support or parts ostoo added (or it was made before ostoo listed what it added), so there is no tree ostoo could render again';
  return undefined;
}

export async function regenerate(
  flavor: Flavor,
  root: string,
  record: ProjectRecord,
  answers: Answers,
  pickToolchain: () => Promise<Toolchain>,
): Promise<Regenerated> {
  const plan = await flavor.plan({ answers, destination: root, cwd: root, record, pickToolchain });
  const files = new Map<string, Buffer>();
  for (const [rel, contents] of plan.files) {
    // The lock is `ostoo toolchain bump`'s to change.
    if (rel === flavor.lockFile) continue;
    files.set(rel, typeof contents === 'string' ? Buffer.from(contents) : contents);
  }
  // Then what later commands added, planned again on top of that tree.
  const added = await replayAdded(flavor, root, record, files);
  return {
    files,
    executables: new Set([...plan.executables, ...added]),
    record: plan.record,
    messages: plan.messages,
    leave: [flavor.lockFile],
  };
}
