// Every flavor, by the id that --flavor and the project record use. The list is light (the
// command tables read it for --flavor's choices and help at start-up); a flavor's module is
// loaded only when it is used. Adding a flavor: its module, its templates and one entry here.
import { OstooError } from '../errors.js';
import { camkesCmakeId, camkesKbuildId, userRsId } from '../project/flavor-ids.js';
import type { Flavor } from './flavor.js';

export interface FlavorEntry {
  id: string;
  /** For --flavor's help. */
  summary: string;
  /** Whether the CAmkES questions (app, components, interface, library) apply. */
  camkes: boolean;
  load(): Promise<Flavor>;
}

export const flavorEntries = [
  {
    id: userRsId,
    summary: 'kernel userspace',
    camkes: false,
    load: async () => (await import('./user-rs.js')).userRsFlavor,
  },
  {
    id: camkesKbuildId,
    summary: 'seL4, Kbuild',
    camkes: true,
    load: async () => (await import('./camkes-kbuild.js')).camkesKbuildFlavor,
  },
  {
    id: camkesCmakeId,
    summary: 'seL4, CMake app',
    camkes: true,
    load: async () => (await import('./camkes-cmake.js')).camkesCmakeFlavor,
  },
  {
    id: 'microkit',
    summary: 'seL4 Microkit system, Rust PDs',
    camkes: false,
    load: async () => (await import('./microkit.js')).microkitFlavor,
  },
] as const satisfies readonly FlavorEntry[];

export type FlavorId = (typeof flavorEntries)[number]['id'];
export const flavorIds: readonly FlavorId[] = flavorEntries.map((e) => e.id);

/** `a, b or c` */
export function listInWords(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export async function findFlavor(id: unknown): Promise<Flavor | undefined> {
  return (flavorEntries as readonly FlavorEntry[]).find((e) => e.id === id)?.load();
}

/** The flavor --flavor names; an unknown one is refused with the list. */
export async function flavorFor(id: unknown): Promise<Flavor> {
  const flavor = await findFlavor(id);
  if (!flavor) throw new OstooError(`unknown --flavor '${String(id)}'`, `use ${listInWords(flavorIds)}`);
  return flavor;
}

export function loadFlavors(): Promise<Flavor[]> {
  return Promise.all(flavorEntries.map((e) => e.load()));
}
