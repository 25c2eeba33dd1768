// `ostoo toolchain <sub>` options come from the table `yo ostoo:toolchain` shares.
import type { Command } from 'commander';
import { toolchainOptions } from '../../generators/toolchain/command.js';
import { addTableOptions } from './command-options.js';

export const withOptions = (cmd: Command, sub: keyof typeof toolchainOptions): Command =>
  addTableOptions(cmd, toolchainOptions[sub], { yes: false, cliDefaults: true });
