// The architectures a user-rs workspace can target: each one's base musl triple, ELF machine,
// cross linker and where distributions install its musl. Everything per-architecture outside the
// Rust templates is looked up here, so adding an architecture starts in this table.
import { oneOf } from '../command/choices.js';

export type UserArch = 'x86_64' | 'aarch64' | 'riscv64';
export const userArches: readonly UserArch[] = ['x86_64', 'aarch64', 'riscv64'];

/** Other names people type for an architecture (Debian's, Go's, LLVM's), for "did you mean". */
export const archSynonyms: Readonly<Record<string, string>> = {
  arm64: 'aarch64',
  armv8: 'aarch64',
  amd64: 'x86_64',
  x64: 'x86_64',
  'x86-64': 'x86_64',
  riscv: 'riscv64',
  rv64: 'riscv64',
  rv64gc: 'riscv64',
  riscv64gc: 'riscv64',
  i386: 'ia32',
  i686: 'ia32',
  x86: 'ia32',
  arm: 'aarch32',
  armhf: 'aarch32',
  armv7: 'aarch32',
};

export interface UserArchInfo {
  arch: UserArch;
  /** The pinned rustc's built-in target the spec is derived from. */
  muslTriple: string;
  /** e_machine of its executables and of the libunwind stub object. */
  elfMachine: number;
  /** e_flags the stub object needs to link with the toolchain's objects (RISC-V: float ABI). */
  elfFlags: number;
  /** GNU triple: the cross gcc is `<gnuTriple>-gcc` (Debian gcc-<arch>-linux-gnu). */
  gnuTriple: string;
  /** Node's process.arch on a host of this architecture, where plain `cc` links natively. */
  nodeArch: string;
  /** Extra gcc arguments before ours (-nostartfiles). */
  gccArgs: string[];
  /** Debian's qemu-user binary that runs its programs on another host. */
  qemu: string;
  /** Whether Debian packages musl for it (musl-dev:<debian arch>). */
  debianMusl?: string;
}

const EF_RISCV_RVC = 0x1;
const EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;

const table: Record<UserArch, UserArchInfo> = {
  x86_64: {
    arch: 'x86_64',
    muslTriple: 'x86_64-unknown-linux-musl',
    elfMachine: 62,
    elfFlags: 0,
    gnuTriple: 'x86_64-linux-gnu',
    nodeArch: 'x64',
    gccArgs: ['-m64'],
    qemu: 'qemu-x86_64-static',
    debianMusl: 'musl-dev',
  },
  aarch64: {
    arch: 'aarch64',
    muslTriple: 'aarch64-unknown-linux-musl',
    elfMachine: 183,
    elfFlags: 0,
    gnuTriple: 'aarch64-linux-gnu',
    nodeArch: 'arm64',
    gccArgs: [],
    qemu: 'qemu-aarch64-static',
    debianMusl: 'musl-dev:arm64',
  },
  // riscv64gc: lp64d, so objects say "double-float ABI, compressed instructions" or GNU ld refuses them.
  riscv64: {
    arch: 'riscv64',
    muslTriple: 'riscv64gc-unknown-linux-musl',
    elfMachine: 243,
    elfFlags: EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE,
    gnuTriple: 'riscv64-linux-gnu',
    nodeArch: 'riscv64',
    gccArgs: [],
    qemu: 'qemu-riscv64-static',
  },
};

export function userArchInfo(arch: string): UserArchInfo {
  return table[oneOf('--arch', arch, userArches, { synonyms: archSynonyms, context: 'for user-rs' })];
}

/** `<arch>-<os>-user`: the target spec's file stem, hence cargo's target name. */
export function userTargetName(os: string, arch: UserArch = 'x86_64'): string {
  return `${arch}-${os}-user`;
}

/** The gcc that links for `arch` on this host: plain `cc` natively, else the GNU cross gcc. */
export function crossGcc(info: UserArchInfo, hostArch: string = process.arch): string {
  return hostArch === info.nodeArch ? 'cc' : `${info.gnuTriple}-gcc`;
}
