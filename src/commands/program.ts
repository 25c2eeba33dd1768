import type { CommandDef, OptionSpec } from '../command/model.js';

export const programCommand = [
  {
    name: 'std',
    type: 'boolean',
    description: 'A std program (an ordinary fn main(), through the std runtime) instead of no_std + alloc',
    default: false,
    prompt: { message: 'Use std?' },
  },
] as const satisfies readonly OptionSpec[];

export const programDefinition: CommandDef<typeof programCommand> = {
  cli: 'program',
  generator: 'program',
  summary: 'Add a program to the user-rs workspace around the current directory',
  args: [{ name: 'NAME', description: 'package name of the new program', required: true }],
  options: programCommand,
};
