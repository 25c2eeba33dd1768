// The questions both CAmkES flavors ask in `ostoo new` (each declares them in its entry).
import type { OptionSpec } from '../command/model.js';
import { cIdentifierProblem, rustCIdentifierProblem } from '../identifiers.js';

/** The CAmkES app and its components; `app` is the default app name (none: the flavor finds one). */
export function camkesOptions<A extends string | undefined>(app: A) {
  return [
    {
      name: 'app',
      type: 'string',
      description: "camkes: the CAmkES app (apps/<app>, CONFIG_APP_<APP>; camkes-cmake: default DIR's name)",
      default: app,
      prompt: { message: 'CAmkES app name' },
      validate: (v: string) => rustCIdentifierProblem(v, 'app name'),
      store: true,
    },
    {
      name: 'component',
      type: 'string',
      description: 'camkes: the Rust component (type and crate name)',
      default: 'client',
      prompt: { message: 'Rust component name' },
      validate: (v: string) => rustCIdentifierProblem(v, 'component name'),
      store: true,
    },
    {
      name: 'c-component',
      type: 'string',
      description: 'camkes: the C component the Rust one calls',
      default: 'server',
      prompt: { message: 'C component name' },
      validate: (v: string) => cIdentifierProblem(v, 'C component name'),
      store: true,
    },
    {
      name: 'interface',
      type: 'string',
      description: 'camkes: the RPC procedure between them',
      default: 'Greeter',
      prompt: { message: 'RPC interface (procedure) name' },
      validate: (v: string) => cIdentifierProblem(v, 'interface (procedure) name'),
      store: true,
    },
    {
      name: 'library',
      type: 'string',
      description: 'camkes: the Rust C library (libs/lib<library>)',
      default: 'hello',
      prompt: { message: 'Rust library name' },
      validate: (v: string) => rustCIdentifierProblem(v, 'library name'),
      store: true,
    },
  ] as const satisfies readonly OptionSpec[];
}

/** The programs both CAmkES flavors run while they write. */
export const camkesTools = [
  {
    name: 'bindgen',
    type: 'string',
    description: 'camkes: bindgen program for the component bindings (default: bindgen on PATH; none: do not use it)',
    hidden: true,
  },
  {
    name: 'cbindgen',
    type: 'string',
    description: 'camkes: cbindgen program for the library header (default: cbindgen on PATH; none: do not use it)',
    hidden: true,
  },
] as const satisfies readonly OptionSpec[];

/** Both CAmkES flavors' part of the project record. */
export const camkesRecordFields = { app: 'name', targets: 'names' } as const;
