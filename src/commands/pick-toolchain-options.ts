// The options of generators/shared/pick-toolchain.ts, apart from it: command tables import
// them at CLI start-up, and pick-toolchain.ts itself loads the provisioning code.
import type { OptionSpec } from '../command/model.js';

export const pickToolchainOptions = [
  { name: 'toolchain', type: 'string', description: 'rustup toolchain name (default: auto-detect one with rust-src)' },
  {
    name: 'toolchain-path',
    type: 'string',
    description: 'Toolchain root with bin/rustc and lib/rustlib/src/rust, e.g. /usr for Debian rustc-web',
  },
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
] as const satisfies readonly OptionSpec[];
