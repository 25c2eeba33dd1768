// The Microkit SDK options shared by `ostoo new --flavor microkit` and `ostoo microkit-pd`.
import type { OptionSpec } from '../command/model.js';

export const microkitSdkOptions = [
  {
    name: 'microkit-sdk',
    type: 'string',
    description: 'your Microkit SDK, built or unpacked (default: as remembered, else $MICROKIT_SDK)',
  },
  {
    name: 'microkit-board',
    type: 'string',
    description:
      "The SDK's board (default: as remembered, else $MICROKIT_BOARD, else qemu_virt_aarch64 or the only one)",
  },
  {
    name: 'microkit-config',
    type: 'string',
    description: 'the SDK configuration: debug (prints), release or benchmark (default: as remembered, else debug)',
  },
] as const satisfies readonly OptionSpec[];
