import { userArches } from '../target-spec/user-arch.js';
import type { Answers, CommandDef, OptionSpec } from '../command/model.js';
import { NameError, assertRelativeDir, packageNameProblem } from '../package-names.js';
import { cIdentifierProblem, rustCIdentifierProblem } from '../camkes/identifiers.js';
import { flavorEntries, flavorIds, listInWords } from '../flavors/registry.js';

const camkesFlavors: readonly string[] = flavorEntries.filter((f) => f.camkes).map((f) => f.id);
const userRs = (a: Answers) => !camkesFlavors.includes(String(a.flavor)) && a.flavor !== 'microkit';
const microkit = (a: Answers) => a.flavor === 'microkit';
const camkes = (a: Answers) => camkesFlavors.includes(String(a.flavor));
const kbuild = (a: Answers) => a.flavor === 'camkes';
// Checked as typed (asked again), and again in the generator for options and defaults.
const packageName = (what: string) => (v: string) => packageNameProblem(v, what);
const relativeDir = (what: string) => (v: string) => {
  try {
    assertRelativeDir(v, what);
    return undefined;
  } catch (err) {
    if (err instanceof NameError) return err.message;
    throw err;
  }
};

/** `yo ostoo` / `ostoo new DIR`: every question is also an option and (when stored) config. */
export const appCommand = [
  {
    name: 'flavor',
    type: 'string',
    description: `Project flavor: ${listInWords(flavorEntries.map((f) => `${f.id} (${f.summary})`))}`,
    default: 'user-rs',
    prompt: { message: 'Project flavor', choices: flavorIds },
    store: true,
  },
  {
    name: 'os',
    type: 'string',
    description:
      "Your kernel's name: target <arch>-<os>-user, crates <os>-rt, <os>-rt-std and <os>-sys, and the spec's vendor",
    default: 'ostoo',
    prompt: { message: 'Kernel (OS) name' },
    validate: packageName('OS name'),
    store: true,
    when: userRs,
  },
  {
    name: 'toolchain',
    type: 'string',
    description: 'rustup toolchain name (default: auto-detect one with rust-src)',
    prompt: { message: 'rustup toolchain (empty: auto-detect)' },
    store: true,
  },
  {
    name: 'toolchain-path',
    type: 'string',
    description: 'Toolchain root with bin/rustc and lib/rustlib/src/rust, e.g. /usr for Debian rustc-web',
    store: true,
    hidden: true,
  },
  {
    name: 'deploy-dir',
    type: 'string',
    description: 'Where scripts/user-rs-build.sh deploys binaries, relative to DIR',
    default: 'user',
    prompt: { message: 'Deploy directory' },
    validate: relativeDir('deploy directory'),
    store: true,
    when: userRs,
  },
  {
    name: 'musl',
    type: 'string',
    description: 'musl source for the sysroot: auto, system (musl-dev), rust-std, docker, none (no_std tier only)',
    default: 'auto',
    prompt: { message: 'musl source', choices: ['auto', 'system', 'rust-std', 'docker', 'none'] },
    store: true,
    when: userRs,
  },
  {
    name: 'musl-path',
    type: 'string',
    description: "Directory with libc.a and crt*.o (overrides the musl source's default)",
    store: true,
    hidden: true,
    when: userRs,
  },
  {
    name: 'docker-image',
    type: 'string',
    description: 'Image to copy musl from with --musl docker',
    store: true,
    hidden: true,
    when: userRs,
  },
  {
    name: 'panic',
    type: 'string',
    description:
      'Panic output: message (no file:line), location (+~0.5 KiB std), immediate-abort (prints nothing; smallest)',
    default: 'message',
    prompt: { message: 'On panic, print', choices: ['message', 'location', 'immediate-abort'] },
    store: true,
    when: userRs,
  },
  {
    name: 'optimize-for-size',
    type: 'boolean',
    description:
      'build-std-features optimize_for_size: smaller but slower core/alloc algorithms (--no-optimize-for-size to disable)',
    default: true,
    store: true,
    hidden: true,
    when: userRs,
  },
  {
    name: 'lockfile',
    type: 'string',
    description: 'toolchains.lock to provision --toolchain from (default: the one ostoo ships)',
    hidden: true,
  },
  {
    name: 'skip-install',
    type: 'boolean',
    description: 'Do not provision a --toolchain pinned in the lock; it must already be installed',
    default: false,
    hidden: true,
  },
  {
    name: 'into-existing',
    type: 'boolean',
    description: 'Add to a non-empty DIR (an existing kernel tree); existing files are never overwritten',
    default: false,
    hidden: true,
  },
  {
    name: 'skip-sysroot',
    type: 'boolean',
    description: 'Do not run scripts/extract-musl-sysroot.sh after writing',
    default: false,
    hidden: true,
    when: userRs,
  },
  {
    name: 'app',
    type: 'string',
    description: "camkes: the CAmkES app (apps/<app>, CONFIG_APP_<APP>; camkes-cmake: default DIR's name)",
    default: (a) => (a.flavor === 'camkes-cmake' ? undefined : 'hellorust'),
    prompt: { message: 'CAmkES app name' },
    validate: (v) => rustCIdentifierProblem(v, 'app name'),
    store: true,
    when: camkes,
  },
  {
    name: 'component',
    type: 'string',
    description: 'camkes: the Rust component (type and crate name)',
    default: 'client',
    prompt: { message: 'Rust component name' },
    validate: (v) => rustCIdentifierProblem(v, 'component name'),
    store: true,
    when: camkes,
  },
  {
    name: 'c-component',
    type: 'string',
    description: 'camkes: the C component the Rust one calls',
    default: 'server',
    prompt: { message: 'C component name' },
    validate: (v) => cIdentifierProblem(v, 'C component name'),
    store: true,
    when: camkes,
  },
  {
    name: 'interface',
    type: 'string',
    description: 'camkes: the RPC procedure between them',
    default: 'Greeter',
    prompt: { message: 'RPC interface (procedure) name' },
    validate: (v) => cIdentifierProblem(v, 'interface (procedure) name'),
    store: true,
    when: camkes,
  },
  {
    name: 'library',
    type: 'string',
    description: 'camkes: the Rust C library (libs/lib<library>)',
    default: 'hello',
    prompt: { message: 'Rust library name' },
    validate: (v) => rustCIdentifierProblem(v, 'library name'),
    store: true,
    when: camkes,
  },
  {
    name: 'arch',
    type: 'string',
    description:
      "Architecture: user-rs: x86_64, aarch64, riscv64 (target <arch>-<os>-user); camkes (Kbuild): the quick start's default: x86_64, ia32, aarch32, aarch64, riscv64 (camkes-cmake apps take it from the seL4 configuration)",
    default: 'x86_64',
    prompt: {
      message: 'Architecture',
      choices: (a) => (kbuild(a) ? ['x86_64', 'ia32', 'aarch32', 'aarch64', 'riscv64'] : [...userArches]),
    },
    store: true,
    when: (a) => a.flavor !== 'camkes-cmake' && !microkit(a),
  },
  {
    name: 'microkit-sdk',
    type: 'string',
    description: 'microkit: your Microkit SDK, built or unpacked (default: $MICROKIT_SDK; ostoo never downloads one)',
    default: () => process.env.MICROKIT_SDK,
    prompt: { message: 'Microkit SDK directory' },
    store: true,
    when: microkit,
  },
  {
    name: 'microkit-board',
    type: 'string',
    description: "microkit: the SDK's board (default: qemu_virt_aarch64 if the SDK has it, else its only board)",
    store: true,
    when: microkit,
  },
  {
    name: 'microkit-config',
    type: 'string',
    description: 'microkit: the SDK configuration: debug (the default; the only one that prints), release or benchmark',
    default: 'debug',
    store: true,
    when: microkit,
  },
  {
    name: 'bindgen',
    type: 'string',
    description: 'camkes: bindgen program for the component bindings (default: bindgen on PATH; none: do not use it)',
    hidden: true,
    when: camkes,
  },
  {
    name: 'cbindgen',
    type: 'string',
    description: 'camkes: cbindgen program for the library header (default: cbindgen on PATH; none: do not use it)',
    hidden: true,
    when: camkes,
  },
] as const satisfies readonly OptionSpec[];

export const appDefinition: CommandDef<typeof appCommand> = {
  cli: 'new',
  generator: 'app',
  summary: 'Create a user-rs workspace, a CAmkES project or a Microkit system in DIR',
  args: [{ name: 'DIR', description: 'the directory to create (or, with --into-existing, to add to)', required: true }],
  options: appCommand,
};
