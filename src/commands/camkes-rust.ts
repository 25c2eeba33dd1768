import type { CommandDef } from '../command/model.js';
import { pickToolchainOptions as toolchainOptions } from './pick-toolchain-options.js';

/** `yo ostoo:camkes-rust [DIR]` / `ostoo camkes-rust DIR`. */
export const camkesRustCommand = [...toolchainOptions] as const;

export const camkesRustDefinition: CommandDef<typeof camkesRustCommand> = {
  cli: 'camkes-rust',
  generator: 'camkes-rust',
  summary: 'Add or refresh Rust support (ostoo-rust/) in the CMake CAmkES app DIR',
  args: [{ name: 'APP_DIR', description: 'the CMake CAmkES app directory (default: .)', required: false }],
  options: camkesRustCommand,
};
