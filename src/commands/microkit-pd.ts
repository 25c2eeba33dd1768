import type { CommandDef, OptionSpec } from '../command/model.js';
import { microkitSdkOptions } from './microkit-options.js';
import { pickToolchainOptions } from './pick-toolchain-options.js';

/** `yo ostoo:microkit-pd NAME` / `ostoo microkit-pd NAME`. */
export const microkitPdCommand = [
  { name: 'system', type: 'string', description: 'The .system file (default: the only one in the current directory)' },
  {
    name: 'channel',
    type: 'array',
    description: 'A PD to share a channel with, both ends notifying (repeatable, or comma-separated)',
    default: [],
  },
  {
    name: 'calls',
    type: 'array',
    description: 'A PD to share a channel with that the new PD may also call (ppcall); it needs the higher priority',
    default: [],
  },
  {
    name: 'priority',
    type: 'string',
    description: 'The new PD’s priority, 0 to 254 (default: 100, or just below the lowest PD it calls)',
  },
  // Systems without rust/ get it, for this SDK and toolchain.
  ...microkitSdkOptions.map((o) => ({ ...o, description: `Systems without rust/: ${o.description}` })),
  ...pickToolchainOptions.map((o) => ({ ...o, description: `Systems without rust/: ${o.description}` })),
] as const satisfies readonly OptionSpec[];

export const microkitPdDefinition: CommandDef<typeof microkitPdCommand> = {
  cli: 'microkit-pd',
  generator: 'microkit-pd',
  summary: 'Add a Rust protection domain to the Microkit system here',
  args: [{ name: 'NAME', description: 'the PD (and crate) name', required: true }],
  options: microkitPdCommand,
};
