// The microkit flavor's entry: its questions in `ostoo new`, its fields in the project record
// and the loader of its module (microkit.ts).
import type { OptionSpec } from '../command/model.js';
import { microkitId } from './flavor-ids.js';

const setup = [
  {
    name: 'microkit-sdk',
    type: 'string',
    description: 'microkit: your Microkit SDK, built or unpacked (default: $MICROKIT_SDK; ostoo never downloads one)',
    default: () => process.env.MICROKIT_SDK,
    prompt: { message: 'Microkit SDK directory' },
    store: true,
  },
  {
    name: 'microkit-board',
    type: 'string',
    description: "microkit: the SDK's board (default: qemu_virt_aarch64 if the SDK has it, else its only board)",
    store: true,
  },
  {
    name: 'microkit-config',
    type: 'string',
    description: 'microkit: the SDK configuration: debug (the only one that prints), release or benchmark',
    default: 'debug',
    store: true,
  },
] as const satisfies readonly OptionSpec[];

export const microkitEntry = {
  id: microkitId,
  summary: 'seL4 Microkit system, Rust PDs',
  camkes: false,
  options: { setup },
  record: { systemFile: 'name', target: 'name' },
  load: async () => (await import('../flavors/microkit.js')).microkitFlavor,
} as const;
