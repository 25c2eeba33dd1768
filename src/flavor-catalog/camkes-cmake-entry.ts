// The camkes-cmake flavor's entry: its questions in `ostoo new` (no --arch: the seL4
// configuration has it), its fields in the project record and the loader of its module.
import { camkesCmakeId } from './flavor-ids.js';
import { camkesOptions, camkesRecordFields, camkesTools } from './camkes-options.js';

export const camkesCmakeEntry = {
  id: camkesCmakeId,
  summary: 'seL4, CMake app',
  camkes: true,
  options: { setup: camkesOptions(undefined), tools: camkesTools },
  record: camkesRecordFields,
  load: async () => (await import('../flavors/camkes-cmake.js')).camkesCmakeFlavor,
} as const;
