import type { CommandDef, OptionSpec } from '../command/model.js';
import { userRsId } from '../flavor-catalog/flavor-ids.js';
import { allFlavorEntries, flavorIds, flavorOptions } from '../flavor-catalog/registry.js';
import { listInWords } from '../util/words.js';

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
  {
    name: 'toolchain',
    type: 'string',
    description: 'rustup toolchain name (default: auto-detect one with rust-src)',
    prompt: { message: 'rustup toolchain (empty: auto-detect)' },
    store: true,
  },
  {
    name: 'toolchain-path',
    type: 'string',
    description: 'Toolchain root with bin/rustc and lib/rustlib/src/rust, e.g. /usr for Debian rustc-web',
    store: true,
    hidden: true,
  },
  // How it builds: asked once the toolchain is known (user-rs's musl source depends on it).
  ...flavorOptions('build'),
  {
    name: 'lockfile',
    type: 'string',
    description: 'toolchains.lock to provision --toolchain from (default: the one ostoo ships)',
    hidden: true,
  },
  {
    name: 'skip-install',
    type: 'boolean',
    description: 'Do not provision a --toolchain pinned in the lock; it must already be installed',
    default: false,
    hidden: true,
  },
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
