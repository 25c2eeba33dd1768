// Every command that runs a generator, in the order `ostoo --help` lists them. `ostoo` builds
// its commands from these, and registers the generators they name.
import { appDefinition } from './app.js';
import { camkesComponentDefinition } from './camkes-component.js';
import { camkesRustDefinition } from './camkes-rust.js';
import { microkitPdDefinition } from './microkit-pd.js';
import { microkitSyncDefinition } from './microkit-sync.js';
import { programDefinition } from './program.js';
import { toolchainDefinition } from './toolchain.js';
import { updateDefinition } from './update.js';

export const commandDefinitions = [
  appDefinition,
  programDefinition,
  camkesComponentDefinition,
  camkesRustDefinition,
  microkitPdDefinition,
  microkitSyncDefinition,
  updateDefinition,
  toolchainDefinition,
] as const;

/** `yo ostoo:<name>`: one generator per definition. */
export const generatorNames = commandDefinitions.map((d) => d.generator);
