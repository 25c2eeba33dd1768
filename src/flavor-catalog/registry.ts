// Every flavor, by the id that --flavor and the project record use. The list is light (the
// command tables read it for --flavor's choices, help and questions at start-up); a flavor's
// module is loaded only when it is used. Adding a flavor: its entry module (its questions and
// record fields, and the loader of its module), its module, its templates and one line here.
import type { Answers, OptionSpec } from '../command/model.js';
import { userRsEntry } from './user-rs-entry.js';
import { camkesKbuildEntry } from './camkes-kbuild-entry.js';
import { camkesCmakeEntry } from './camkes-cmake-entry.js';
import { microkitEntry } from './microkit-entry.js';

/** How a field of a flavor's part of the project record is checked (src/project/record.ts). */
export type RecordFieldKind =
  /** one path segment inside the project */
  | 'name'
  /** a list of names */
  | 'names'
  /** a relative path inside the project */
  | 'path'
  /** any text */
  | 'text'
  /** user-rs: the programs, each a name and a tier */
  | 'programs';

/** A flavor's entry; `F` is what its module's loader gives (a `Flavor`: src/flavors/find.ts checks it). */
export interface FlavorEntry<F = unknown> {
  id: string;
  /** For --flavor's help. */
  summary: string;
  /** Whether it makes CAmkES apps (its questions say so themselves: see `options`). */
  camkes: boolean;
  /**
   * The flavor's options of `ostoo new`, asked (and defaulted) only when it is the chosen one.
   * The slot places them among the common ones, in questions and in --help: `project` before
   * the toolchain question (what to make), `build` right after it (how it builds: it may depend
   * on the toolchain), `setup` after the common switches, `tools` last (programs it runs).
   * Flavors that share an option declare it alike (one type; equal descriptions are said once,
   * others joined); its default and choices are the chosen flavor's.
   */
  options: {
    readonly project?: readonly OptionSpec[];
    readonly build?: readonly OptionSpec[];
    readonly setup?: readonly OptionSpec[];
    readonly tools?: readonly OptionSpec[];
  };
  /** The flavor's own fields in the project record, besides those every record has. */
  record: Readonly<Record<string, RecordFieldKind>>;
  load(): Promise<F>;
}

export const flavorEntries = [userRsEntry, camkesKbuildEntry, camkesCmakeEntry, microkitEntry] as const;

export type FlavorId = (typeof flavorEntries)[number]['id'];
export const flavorIds: readonly FlavorId[] = flavorEntries.map((e) => e.id);

// What the lookups below read: the built-in entries, and those a test registers.
const registered: FlavorEntry[] = [...flavorEntries];

/** Every registered flavor, built-in ones first. */
export function allFlavorEntries(): readonly FlavorEntry[] {
  return registered;
}

/**
 * Tests only: registers one more flavor, as a line in `flavorEntries` would. Command tables
 * composed before this (src/commands/app.ts at its import) do not see it: register first.
 */
export function registerFlavorForTest(entry: FlavorEntry): void {
  if (registered.some((e) => e.id === entry.id)) throw new Error(`flavor ${entry.id} is registered already`);
  registered.push(entry);
  (flavorIds as string[]).push(entry.id);
}

type Slot = keyof FlavorEntry['options'];
type SlotOptions<E, S extends Slot> = E extends { options: { readonly [K in S]: readonly (infer O)[] } }
  ? O & { when: (answers: Answers) => boolean }
  : never;

/**
 * The options every registered flavor declares for `slot`, in registry order, each asked only
 * when its flavor (one of its flavors) is chosen.
 */
export function flavorOptions<S extends Slot>(slot: S): SlotOptions<(typeof flavorEntries)[number], S>[] {
  const byName = new Map<string, { spec: OptionSpec; owners: Map<string, OptionSpec> }>();
  for (const entry of registered)
    for (const spec of entry.options[slot] ?? []) {
      const known = byName.get(spec.name);
      if (!known) byName.set(spec.name, { spec, owners: new Map([[entry.id, spec]]) });
      else if (known.spec.type !== spec.type)
        throw new Error(`flavors ${[...known.owners.keys()].join(', ')} and ${entry.id} type --${spec.name} apart`);
      else known.owners.set(entry.id, spec);
    }
  return [...byName.values()].map(({ spec, owners }) => merge(spec, owners)) as SlotOptions<
    (typeof flavorEntries)[number],
    S
  >[];
}

/** One option of the flavors in `owners`: theirs alone, with the chosen one's default and choices. */
function merge(first: OptionSpec, owners: Map<string, OptionSpec>): OptionSpec {
  const ids = [...owners.keys()];
  const specs = [...owners.values()];
  const own = (a: Answers) => owners.get(String(a.flavor)) ?? first;
  const merged: OptionSpec = { ...first, when: (a) => ids.includes(String(a.flavor)) };
  const descriptions = [...new Set(specs.map((s) => s.description))];
  merged.description = descriptions.join('; ');
  if (specs.some((s) => s.default !== first.default))
    merged.default = (a) => {
      const d = own(a).default;
      return typeof d === 'function' ? d(a) : d;
    };
  if (first.prompt && specs.some((s) => s.prompt?.choices !== first.prompt!.choices))
    merged.prompt = {
      message: first.prompt.message,
      choices: (a) => {
        const c = own(a).prompt?.choices ?? [];
        return typeof c === 'function' ? c(a) : c;
      },
    };
  return merged;
}
