// The user-rs workspace as data: a plain config object in, a file map out. Generators and
// the CLI both go through here; nothing in this module knows about Yeoman.
import { renderTree, type FileMap } from '../render/tree.js';
import type { MuslSource } from '../sysroot/musl.js';
import { unwindStubArchive } from '../sysroot/unwind-stub.js';
import { deriveUserSpec, printBaseSpec, serializeSpec, type Spec } from '../target-spec/spec.js';
import { crossGcc, userArchInfo, type UserArch } from '../target-spec/user-arch.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { buildStdFeatures, sizeRustflags, type PanicMode } from './size-flags.js';
import { generatedRuntime, programCrate, type Tier } from './program-crate.js';
import { KERNEL_SYSCALLS_FILE } from '../syscalls/kernel-set.js';
import { ostooKernelSetText } from '../syscalls/ostoo-table.js';

export interface ProgramConfig {
  name: string;
  tier: Tier;
}

export interface RuntimeCrates {
  sys: string;
  rt: string;
  rtStd: string;
  /** The identifier programs write in `extern crate ...;` */
  rtIdent: string;
}

export interface UserRsConfig {
  os: string;
  /** `<arch>-<os>-user`: the JSON file stem, hence cargo's target name. */
  target: string;
  /** Absent in configs written before --arch existed: x86_64. */
  arch?: UserArch;
  deployDir: string;
  toolchain: Pick<Toolchain, 'kind' | 'id' | 'root' | 'versionLine' | 'needsBootstrap' | 'vendorDir'>;
  spec: Spec;
  musl: MuslSource;
  programs: ProgramConfig[];
  panic: PanicMode;
  optimizeForSize: boolean;
}

export const seedPrograms: ProgramConfig[] = [
  { name: 'hello-rs', tier: 'nostd' },
  { name: 'hello-std', tier: 'std' },
];

export function runtimeCrates(os: string): RuntimeCrates {
  return { sys: `${os}-sys`, rt: `${os}-rt`, rtStd: `${os}-rt-std`, rtIdent: `${os}_rt`.replace(/-/g, '_') };
}

export { userTargetName } from '../target-spec/user-arch.js';

/** Derives the target spec from the toolchain's own musl spec (see src/target-spec/spec.ts). */
export async function deriveSpecFor(tc: Toolchain, os: string, arch: UserArch = 'x86_64'): Promise<Spec> {
  const info = userArchInfo(arch);
  const base = await printBaseSpec(tc, info.muslTriple);
  return deriveUserSpec(base, {
    linker: tc.rustLld ? 'rust-lld' : 'cc',
    vendor: os,
    gcc: crossGcc(info),
    gccArgs: info.gccArgs,
  });
}

function base64Lines(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
}

/** The std crates a user-rs workspace builds (`-Z build-std`), prebuilt or not. */
export const userRsBuildStd = ['std', 'panic_abort'];

export function planUserRs(config: UserRsConfig): FileMap {
  const crates = runtimeCrates(config.os);
  const members = ['sys', 'rt', 'rt-std', ...config.programs.map((p) => p.name)];
  const linker = config.spec['linker-flavor'] === 'gnu-cc' ? 'cc' : 'rust-lld';
  const data = {
    ...config,
    crates,
    members,
    rustflags: sizeRustflags({ linker, panic: config.panic, optimizeForSize: config.optimizeForSize }),
    buildStdFeatures: buildStdFeatures(config),
    buildStd: userRsBuildStd,
    arch: config.arch ?? 'x86_64',
    unwindStubBase64: base64Lines(unwindStubArchive(config.arch ?? 'x86_64')),
    qemu: userArchInfo(config.arch ?? 'x86_64').qemu,
    kernelSyscallsFile: KERNEL_SYSCALLS_FILE,
  };
  const files = renderTree('user-rs', data);
  // Seed programs left out (no std program without a libc) are not written either.
  for (const seed of seedPrograms) {
    if (config.programs.some((p) => p.name === seed.name)) continue;
    for (const f of [...files.keys()]) if (f.startsWith(`user-rs/${seed.name}/`)) files.delete(f);
  }
  // Programs added since (`ostoo program`, listed in the record): the same crates it wrote.
  for (const p of config.programs) {
    if (seedPrograms.some((s) => s.name === p.name)) continue;
    for (const [f, c] of programCrate(p.name, p.tier, config.os, generatedRuntime(config.os)))
      files.set(`user-rs/${p.name}/${f}`, c);
  }
  files.set(`user-rs/${config.target}.json`, serializeSpec(config.spec));
  // The kernel's syscall set, which `ostoo syscalls` and the build script check programs against:
  // known for ostoo; for another kernel the user writes it (see the README).
  if (config.os === 'ostoo') files.set(KERNEL_SYSCALLS_FILE, ostooKernelSetText());
  return files;
}

/** Files whose exec bit must be set after writing. */
export const executableFiles = ['scripts/user-rs-build.sh', 'scripts/extract-musl-sysroot.sh'];
