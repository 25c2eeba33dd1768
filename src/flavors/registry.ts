// The flavors that are modules behind the Flavor interface (user-rs and the Kbuild camkes
// flavor are still branches in the app generator and in bump/flavors.ts).
import { camkesCmakeFlavor } from '../camkes-cmake/flavor.js';
import type { Flavor } from './flavor.js';

export const flavorModules: readonly Flavor[] = [camkesCmakeFlavor];

export function findFlavor(id: unknown): Flavor | undefined {
  return flavorModules.find((f) => f.id === id);
}
