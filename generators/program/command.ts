import type { OptionSpec } from '../shared/command.js';

export const programCommand: readonly OptionSpec[] = [
  { name: 'std', type: 'boolean', description: 'A std program (#![feature(restricted_std)]) instead of no_std + alloc', default: false, prompt: { message: 'Use std?' } },
];
