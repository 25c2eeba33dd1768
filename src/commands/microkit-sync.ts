import type { CommandDef, OptionSpec } from '../command/model.js';

/** `yo ostoo:microkit-sync` / `ostoo microkit-sync`. */
export const microkitSyncCommand = [
  { name: 'system', type: 'string', description: 'The .system file (default: the only one in the current directory)' },
] as const satisfies readonly OptionSpec[];

export const microkitSyncDefinition: CommandDef<typeof microkitSyncCommand> = {
  cli: 'microkit-sync',
  generator: 'microkit-sync',
  summary: "Regenerate the Rust PDs' src/system.rs after the .system file changed",
  args: [{ name: 'SYSTEM_DIR', description: 'the Microkit system directory (default: .)', required: false }],
  options: microkitSyncCommand,
};
