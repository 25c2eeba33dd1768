import type { OptionSpec } from '../shared/command.js';

/** `yo ostoo` / `ostoo new DIR`: every question is also an option and (when stored) config. */
export const appCommand: readonly OptionSpec[] = [
  { name: 'flavor', type: 'string', description: 'Project flavor: user-rs (kernel userspace) or camkes (seL4)', default: 'user-rs', prompt: { message: 'Project flavor', choices: ['user-rs', 'camkes'] }, store: true },
  { name: 'os', type: 'string', description: 'Your kernel\'s name: target x86_64-<os>-user, crates <os>-rt', default: 'ostoo', prompt: { message: 'Kernel (OS) name' }, store: true },
  { name: 'toolchain', type: 'string', description: 'rustup toolchain name (default: auto-detect one with rust-src)', prompt: { message: 'rustup toolchain (empty: auto-detect)' }, store: true },
  { name: 'toolchain-path', type: 'string', description: 'Toolchain root with bin/rustc and lib/rustlib/src/rust, e.g. /usr for Debian rustc-web', store: true, hidden: true },
  { name: 'deploy-dir', type: 'string', description: 'Where scripts/user-rs-build.sh deploys binaries, relative to DIR', default: 'user', prompt: { message: 'Deploy directory' }, store: true },
  { name: 'musl', type: 'string', description: 'musl source for the sysroot: auto, system (musl-dev), rust-std, docker', default: 'auto', prompt: { message: 'musl source', choices: ['auto', 'system', 'rust-std', 'docker'] }, store: true },
  { name: 'musl-path', type: 'string', description: 'Directory with libc.a and crt*.o (overrides the musl source\'s default)', store: true, hidden: true },
  { name: 'docker-image', type: 'string', description: 'Image to copy musl from with --musl docker', store: true, hidden: true },
  { name: 'panic', type: 'string', description: 'Panic output: message (no file:line), location (+~0.5 KiB std), immediate-abort (prints nothing; smallest)', default: 'message', prompt: { message: 'On panic, print', choices: ['message', 'location', 'immediate-abort'] }, store: true },
  { name: 'optimize-for-size', type: 'boolean', description: 'build-std-features optimize_for_size: smaller but slower core/alloc algorithms (--no-optimize-for-size to disable)', default: true, store: true, hidden: true },
  { name: 'lockfile', type: 'string', description: 'toolchains.lock to provision --toolchain from (default: the one ostoo ships)', hidden: true },
  { name: 'skip-install', type: 'boolean', description: 'Do not provision a --toolchain pinned in the lock; it must already be installed', default: false, hidden: true },
  { name: 'into-existing', type: 'boolean', description: 'Add to a non-empty DIR (an existing kernel tree); existing files are never overwritten', default: false, hidden: true },
  { name: 'skip-sysroot', type: 'boolean', description: 'Do not run scripts/extract-musl-sysroot.sh after writing', default: false, hidden: true },
];
