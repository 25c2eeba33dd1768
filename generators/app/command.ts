import type { Answers, OptionSpec } from '../shared/command.js';

const camkesFlavors = ['camkes', 'camkes-cmake'];
const userRs = (a: Answers) => !camkesFlavors.includes(String(a.flavor));
const camkes = (a: Answers) => camkesFlavors.includes(String(a.flavor));
const kbuild = (a: Answers) => a.flavor === 'camkes';

/** `yo ostoo` / `ostoo new DIR`: every question is also an option and (when stored) config. */
export const appCommand: readonly OptionSpec[] = [
  { name: 'flavor', type: 'string', description: 'Project flavor: user-rs (kernel userspace), camkes (seL4, Kbuild) or camkes-cmake (seL4, CMake app)', default: 'user-rs', prompt: { message: 'Project flavor', choices: ['user-rs', 'camkes', 'camkes-cmake'] }, store: true },
  { name: 'os', type: 'string', description: 'Your kernel\'s name: target x86_64-<os>-user, crates <os>-rt', default: 'ostoo', prompt: { message: 'Kernel (OS) name' }, store: true, when: userRs },
  { name: 'toolchain', type: 'string', description: 'rustup toolchain name (default: auto-detect one with rust-src)', prompt: { message: 'rustup toolchain (empty: auto-detect)' }, store: true },
  { name: 'toolchain-path', type: 'string', description: 'Toolchain root with bin/rustc and lib/rustlib/src/rust, e.g. /usr for Debian rustc-web', store: true, hidden: true },
  { name: 'deploy-dir', type: 'string', description: 'Where scripts/user-rs-build.sh deploys binaries, relative to DIR', default: 'user', prompt: { message: 'Deploy directory' }, store: true, when: userRs },
  { name: 'musl', type: 'string', description: 'musl source for the sysroot: auto, system (musl-dev), rust-std, docker', default: 'auto', prompt: { message: 'musl source', choices: ['auto', 'system', 'rust-std', 'docker'] }, store: true, when: userRs },
  { name: 'musl-path', type: 'string', description: 'Directory with libc.a and crt*.o (overrides the musl source\'s default)', store: true, hidden: true, when: userRs },
  { name: 'docker-image', type: 'string', description: 'Image to copy musl from with --musl docker', store: true, hidden: true, when: userRs },
  { name: 'panic', type: 'string', description: 'Panic output: message (no file:line), location (+~0.5 KiB std), immediate-abort (prints nothing; smallest)', default: 'message', prompt: { message: 'On panic, print', choices: ['message', 'location', 'immediate-abort'] }, store: true, when: userRs },
  { name: 'optimize-for-size', type: 'boolean', description: 'build-std-features optimize_for_size: smaller but slower core/alloc algorithms (--no-optimize-for-size to disable)', default: true, store: true, hidden: true, when: userRs },
  { name: 'lockfile', type: 'string', description: 'toolchains.lock to provision --toolchain from (default: the one ostoo ships)', hidden: true },
  { name: 'skip-install', type: 'boolean', description: 'Do not provision a --toolchain pinned in the lock; it must already be installed', default: false, hidden: true },
  { name: 'into-existing', type: 'boolean', description: 'Add to a non-empty DIR (an existing kernel tree); existing files are never overwritten', default: false, hidden: true },
  { name: 'skip-sysroot', type: 'boolean', description: 'Do not run scripts/extract-musl-sysroot.sh after writing', default: false, hidden: true, when: userRs },
  { name: 'app', type: 'string', description: 'camkes: the CAmkES app (apps/<app>, CONFIG_APP_<APP>; camkes-cmake: default DIR\'s name)', default: (a) => (a.flavor === 'camkes-cmake' ? undefined : 'hellorust'), prompt: { message: 'CAmkES app name' }, store: true, when: camkes },
  { name: 'component', type: 'string', description: 'camkes: the Rust component (type and crate name)', default: 'client', prompt: { message: 'Rust component name' }, store: true, when: camkes },
  { name: 'c-component', type: 'string', description: 'camkes: the C component the Rust one calls', default: 'server', prompt: { message: 'C component name' }, store: true, when: camkes },
  { name: 'interface', type: 'string', description: 'camkes: the RPC procedure between them', default: 'Greeter', prompt: { message: 'RPC interface (procedure) name' }, store: true, when: camkes },
  { name: 'library', type: 'string', description: 'camkes: the Rust C library (libs/lib<library>)', default: 'hello', prompt: { message: 'Rust library name' }, store: true, when: camkes },
  { name: 'arch', type: 'string', description: 'camkes: default architecture for the quick start: x86_64, ia32, aarch32, aarch64, riscv64', default: 'x86_64', prompt: { message: 'Default seL4 architecture', choices: ['x86_64', 'ia32', 'aarch32', 'aarch64', 'riscv64'] }, store: true, when: kbuild },
  { name: 'bindgen', type: 'string', description: 'camkes: bindgen program for the component bindings (default: bindgen on PATH; none: do not use it)', hidden: true, when: camkes },
  { name: 'cbindgen', type: 'string', description: 'camkes: cbindgen program for the library header (default: cbindgen on PATH; none: do not use it)', hidden: true, when: camkes },
];
