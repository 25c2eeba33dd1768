// The flavor modules behind the catalogue's entries (src/flavor-catalog/registry.ts), loaded
// when a command uses one. The catalogue sits below the project record and knows no Flavor;
// here each loaded module is one, as the check below proves for the built-in entries.
import { OstooError } from '../errors.js';
import { allFlavorEntries, flavorEntries, flavorIds } from '../flavor-catalog/registry.js';
import { listInWords } from '../util/words.js';
import type { Flavor } from './flavor.js';

// Every built-in entry's loader gives a Flavor (a compile-time check; tests register Flavors).
flavorEntries satisfies readonly { load(): Promise<Flavor> }[];

async function load(entry: { load(): Promise<unknown> }): Promise<Flavor> {
  return (await entry.load()) as Flavor;
}

export async function findFlavor(id: unknown): Promise<Flavor | undefined> {
  const entry = allFlavorEntries().find((e) => e.id === id);
  return entry && load(entry);
}

/** The flavor --flavor names; an unknown one is refused with the list. */
export async function flavorFor(id: unknown): Promise<Flavor> {
  const flavor = await findFlavor(id);
  if (!flavor) throw new OstooError(`unknown --flavor '${String(id)}'`, `use ${listInWords(flavorIds)}`);
  return flavor;
}

export function loadFlavors(): Promise<Flavor[]> {
  return Promise.all(allFlavorEntries().map(load));
}
