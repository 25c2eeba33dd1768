// `ostoo toolchain <sub>` options come from the table `yo ostoo:toolchain` shares.
import type { Command } from 'commander';
import { addTableOptions } from '../command/commander.js';
import { toolchainOptions } from '../commands/toolchain.js';

export const withOptions = (cmd: Command, sub: keyof typeof toolchainOptions): Command =>
  addTableOptions(cmd, toolchainOptions[sub], { yes: false, cliDefaults: true });
