import type { OptionSpec } from '../shared/command.js';
import { toolchainOptions } from '../shared/pick-toolchain.js';

/** `yo ostoo:camkes-rust [DIR]` / `ostoo camkes-rust DIR`. */
export const camkesRustCommand: readonly OptionSpec[] = [...toolchainOptions];
