import type { CommandDef, OptionSpec } from '../command/model.js';
import { userRsId } from '../flavor-catalog/flavor-ids.js';
import { allFlavorEntries, flavorIds, flavorOptions } from '../flavor-catalog/registry.js';
import { listInWords } from '../util/words.js';
import { pickToolchainOptions } from './pick-toolchain-options.js';

// The toolchain's options, as every command that picks one has them; `new` asks and stores two.
const [toolchain, toolchainPath, lockfile, skipInstall] = pickToolchainOptions;

/**
 * `yo ostoo` / `ostoo new DIR`: every question is also an option and (when stored) config. The
 * flavors' own options (src/flavors/*-entry.ts) are composed in: asked only for their flavor.
 */
export const appCommand = [
  {
    name: 'flavor',
    type: 'string',
    description: `Project flavor: ${listInWords(allFlavorEntries().map((f) => `${f.id} (${f.summary})`))}`,
    default: userRsId,
    prompt: { message: 'Project flavor', choices: flavorIds },
    store: true,
  },
  // What to make: asked before the toolchain.
  ...flavorOptions('project'),
  { ...toolchain, prompt: { message: 'rustup toolchain (empty: auto-detect)' }, store: true },
  { ...toolchainPath, store: true, hidden: true },
  // How it builds: asked once the toolchain is known (user-rs's musl source depends on it).
  ...flavorOptions('build'),
  lockfile,
  skipInstall,
  {
    name: 'into-existing',
    type: 'boolean',
    description: 'Add to a non-empty DIR (an existing kernel tree); existing files are never overwritten',
    default: false,
    hidden: true,
  },
  ...flavorOptions('setup'),
  ...flavorOptions('tools'),
] as const satisfies readonly OptionSpec[];

export const appDefinition: CommandDef<typeof appCommand> = {
  cli: 'new',
  generator: 'app',
  summary: 'Create a user-rs workspace, a CAmkES project or a Microkit system in DIR',
  args: [{ name: 'DIR', description: 'the directory to create (or, with --into-existing, to add to)', required: true }],
  options: appCommand,
};
