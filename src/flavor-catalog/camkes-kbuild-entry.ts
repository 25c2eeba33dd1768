// The camkes (Kbuild) flavor's entry: its questions in `ostoo new`, its fields in the project
// record and the loader of its module (camkes-kbuild.ts).
import { archSynonyms } from '../target-spec/user-arch.js';
import type { OptionSpec } from '../command/model.js';
import { camkesKbuildId } from './flavor-ids.js';
import { camkesOptions, camkesRecordFields, camkesTools } from './camkes-options.js';

const project = [
  {
    name: 'arch',
    type: 'string',
    description:
      'camkes (Kbuild): the configuration the app is built for: x86_64, ia32, aarch32, aarch64, riscv64 (camkes-cmake apps take it from the seL4 configuration)',
    default: 'x86_64',
    prompt: { message: 'Architecture', choices: ['x86_64', 'ia32', 'aarch32', 'aarch64', 'riscv64'] },
    synonyms: archSynonyms,
    store: true,
  },
] as const satisfies readonly OptionSpec[];

export const camkesKbuildEntry = {
  id: camkesKbuildId,
  summary: 'seL4, Kbuild',
  camkes: true,
  options: { project, setup: camkesOptions('hellorust'), tools: camkesTools },
  record: camkesRecordFields,
  load: async () => (await import('../flavors/camkes-kbuild.js')).camkesKbuildFlavor,
} as const;
