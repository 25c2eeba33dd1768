import type { CommandDef, OptionSpec } from '../command/model.js';

/** `ostoo update` / `yo ostoo:update`. */
export const updateCommand = [
  {
    name: 'dry-run',
    type: 'boolean',
    description: 'Print what would change, file by file, and write nothing',
    default: false,
  },
  {
    name: 'adopt',
    type: 'boolean',
    description:
      "For a project made before ostoo kept a merge base: take this version's output as the base (files that differ from it are kept as your edits)",
    default: false,
  },
  {
    name: 'force',
    type: 'boolean',
    description:
      'Run even with uncommitted changes (git), an earlier backup in .ostoo-backup/ (no git) or conflict markers left',
    default: false,
  },
] as const satisfies readonly OptionSpec[];

export const updateDefinition: CommandDef<typeof updateCommand> = {
  cli: 'update',
  generator: 'update',
  summary: "Bring this version's generated files into the project around the current directory, merging your edits",
  args: [{ name: 'PROJECT_DIR', description: 'a directory in the project (default: .)', required: false }],
  options: updateCommand,
};
