import type { CommandDef, OptionSpec } from '../command/model.js';
import { pickToolchainOptions as toolchainOptions } from './pick-toolchain-options.js';

/** `yo ostoo:camkes-component NAME` / `ostoo camkes-component NAME`. */
export const camkesComponentCommand = [
  {
    name: 'app',
    type: 'string',
    description: 'The CAmkES app directory (default: apps/<app> of a camkes project here, else .)',
    prompt: { message: 'CAmkES app directory' },
  },
  { name: 'instance', type: 'string', description: 'Instance name in the composition (default: <name>_obj)' },
  { name: 'control', type: 'boolean', description: 'Give the component a control thread (its run())', default: true },
  {
    name: 'uses',
    type: 'array',
    description:
      'Procedure[:iface]: a `uses` interface for a procedure defined in the app (repeatable, or comma-separated)',
    default: [],
  },
  {
    name: 'provides',
    type: 'array',
    description: 'Procedure[:iface]: a procedure the component serves, implemented in Rust (repeatable)',
    default: [],
  },
  {
    name: 'dataport',
    type: 'array',
    description: "Type:iface: a dataport (Buf, Buf(N) or a type from one of the app's headers) (repeatable)",
    default: [],
  },
  { name: 'emits', type: 'array', description: 'Event:iface: an event the component emits (repeatable)', default: [] },
  {
    name: 'consumes',
    type: 'array',
    description: 'Event:iface: an event the component consumes (repeatable)',
    default: [],
  },
  {
    name: 'new-event',
    type: 'array',
    description: 'Event: an event type no component of the app has yet (for --emits/--consumes)',
    default: [],
  },
  {
    name: 'replace',
    type: 'string',
    description: 'INSTANCE: port its C component to Rust (same interfaces), and switch INSTANCE to the new type',
  },
  {
    name: 'refresh',
    type: 'boolean',
    description: 'Regenerate the generated files of Rust component NAME from its .camkes file',
    default: false,
  },
  {
    name: 'connect',
    type: 'array',
    description:
      'iface=instance.iface: connect one of its interfaces to another instance (repeatable, or comma-separated)',
    default: [],
  },
  { name: 'connector', type: 'string', description: 'Connector for --connect', default: 'seL4RPCCall' },
  {
    name: 'rust-mk',
    type: 'string',
    description: 'Include line added before camkes.mk when the Makefile has no rust.mk (empty: add none)',
    default: '${PWD}/tools/rust/rust.mk',
    hidden: true,
  },
  {
    name: 'bindgen',
    type: 'string',
    description: 'bindgen program for the bindings (default: bindgen on PATH; none: do not use it)',
    hidden: true,
  },
  // CMake apps without ostoo-rust/, and Kbuild checkouts without tools/rust/, get it, pinned to this toolchain.
  ...toolchainOptions.map((o) => ({ ...o, description: `Apps without ostoo's Rust support: ${o.description}` })),
] as const satisfies readonly OptionSpec[];

export const camkesComponentDefinition: CommandDef<typeof camkesComponentCommand> = {
  cli: 'camkes-component',
  generator: 'camkes-component',
  summary: 'Add a Rust component to a CAmkES app',
  args: [{ name: 'NAME', description: 'component (and crate) name', required: true }],
  options: camkesComponentCommand,
};
