// The user-rs flavor's entry: its questions in `ostoo new`, its fields in the project record
// and the loader of its module (user-rs.ts).
import { archSynonyms, userArches } from '../target-spec/user-arch.js';
import type { OptionSpec } from '../command/model.js';
import { NameError, assertRelativeDir, packageNameProblem } from '../package-names.js';
import { userRsId } from './flavor-ids.js';

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

const project = [
  {
    name: 'os',
    type: 'string',
    description:
      "Your kernel's name: target <arch>-<os>-user, crates <os>-rt, <os>-rt-std and <os>-sys, and the spec's vendor",
    default: 'ostoo',
    prompt: { message: 'Kernel (OS) name' },
    validate: packageName('OS name'),
    store: true,
  },
  {
    name: 'arch',
    type: 'string',
    description: 'Architecture: user-rs: x86_64, aarch64, riscv64 (target <arch>-<os>-user)',
    default: 'x86_64',
    prompt: { message: 'Architecture', choices: [...userArches] },
    synonyms: archSynonyms,
    store: true,
  },
] as const satisfies readonly OptionSpec[];

const build = [
  {
    name: 'deploy-dir',
    type: 'string',
    description: 'Where scripts/user-rs-build.sh deploys binaries, relative to DIR',
    default: 'user',
    prompt: { message: 'Deploy directory' },
    validate: relativeDir('deploy directory'),
    store: true,
  },
  {
    name: 'musl',
    type: 'string',
    description: 'musl source for the sysroot: auto, system (musl-dev), rust-std, docker, none (no_std tier only)',
    default: 'auto',
    prompt: { message: 'musl source', choices: ['auto', 'system', 'rust-std', 'docker', 'none'] },
    store: true,
  },
  {
    name: 'musl-path',
    type: 'string',
    description: "Directory with libc.a and crt*.o (overrides the musl source's default)",
    store: true,
    hidden: true,
  },
  {
    name: 'docker-image',
    type: 'string',
    description: 'Image to copy musl from with --musl docker',
    store: true,
    hidden: true,
  },
  {
    name: 'panic',
    type: 'string',
    description:
      'Panic output: message (no file:line), location (+~0.5 KiB std), immediate-abort (prints nothing; smallest)',
    default: 'message',
    prompt: { message: 'On panic, print', choices: ['message', 'location', 'immediate-abort'] },
    store: true,
  },
  {
    name: 'optimize-for-size',
    type: 'boolean',
    description:
      'build-std-features optimize_for_size: smaller but slower core/alloc algorithms (--no-optimize-for-size to disable)',
    default: true,
    store: true,
    hidden: true,
  },
] as const satisfies readonly OptionSpec[];

const setup = [
  {
    name: 'skip-sysroot',
    type: 'boolean',
    description: 'Do not run scripts/extract-musl-sysroot.sh after writing',
    default: false,
    hidden: true,
  },
] as const satisfies readonly OptionSpec[];

export const userRsEntry = {
  id: userRsId,
  summary: 'kernel userspace',
  camkes: false,
  options: { project, build, setup },
  record: { os: 'name', target: 'name', arch: 'text', muslKind: 'text', deployDir: 'path', programs: 'programs' },
  load: async () => (await import('../flavors/user-rs.js')).userRsFlavor,
} as const;
