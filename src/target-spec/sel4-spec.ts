// Per-architecture target specs for Rust code linked into seL4/CAmkES userland. Like the
// user-rs spec, each one is derived from the pinned rustc's own built-in spec for a close
// relative (never copied), so data-layout and field names always match that rustc.
import { printBaseSpec, sortKeys, type Spec } from './spec.js';
import type { Toolchain } from '../toolchain/resolve.js';

export type Sel4Arch = 'x86_64' | 'ia32' | 'aarch32' | 'aarch64' | 'riscv64';

export interface Sel4ArchInfo {
  /** seL4's SEL4_ARCH. */
  arch: Sel4Arch;
  /** Kbuild's ARCH (Makefile.flags). */
  kbuildArch: 'x86' | 'arm' | 'riscv';
  /** The built-in target whose codegen settings (ABI, float ABI, features) match seL4's C code. */
  baseTriple: string;
  /** JSON file stem, hence cargo's target name and its output directory. */
  target: string;
  /** The .config symbol rust.mk selects this target by. */
  configSymbol: string;
  /** Target features removed from the base spec, with the reason. */
  dropFeatures: Record<string, string>;
  /** Further .config symbols that select this target (CPU symbols). */
  cpuSymbols?: string[];
  /** A CPU the base spec does not name (LLVM's -mcpu), set in the derived spec. */
  cpu?: string;
  /**
   * A variant of `arch` for some CPUs only (ARMv6 within aarch32): rust.mk tests its
   * configSymbol before the plain arch's, and `--arch` never names it.
   */
  variant?: string;
}

/**
 * Why these bases: seL4 user code is built by gcc with the platform's default ABI, so the
 * Rust objects must agree on it. Linux musl targets carry exactly those ABIs for x86 and Arm
 * (aarch32 uses the soft-float EABI of arm-linux-gnueabi-); seL4's RISC-V user code is
 * rv64imac/lp64 (soft float), which is riscv64imac-unknown-none-elf rather than the
 * lp64d riscv64gc Linux target.
 */
export const sel4Arches: readonly Sel4ArchInfo[] = [
  {
    arch: 'x86_64',
    kbuildArch: 'x86',
    baseTriple: 'x86_64-unknown-linux-musl',
    target: 'x86_64-sel4',
    configSymbol: 'CONFIG_ARCH_X86_64',
    dropFeatures: {},
  },
  {
    arch: 'ia32',
    kbuildArch: 'x86',
    baseTriple: 'i686-unknown-linux-musl',
    target: 'i686-sel4',
    configSymbol: 'CONFIG_ARCH_IA32',
    dropFeatures: {},
  },
  {
    arch: 'aarch32',
    kbuildArch: 'arm',
    baseTriple: 'armv7-unknown-linux-musleabi',
    target: 'armv7-sel4',
    configSymbol: 'CONFIG_ARCH_AARCH32',
    dropFeatures: {},
  },
  // ARMv6 boards (kzm: ARM1136JF-S) cannot run the ARMv7 spec's Thumb-2 code. Rust's ARMv6
  // Linux target has the same soft-float EABI; the CPU is the one seL4's Kconfig names.
  {
    arch: 'aarch32',
    variant: 'armv6',
    kbuildArch: 'arm',
    baseTriple: 'arm-unknown-linux-musleabi',
    target: 'armv6-sel4',
    configSymbol: 'CONFIG_ARCH_ARM_V6',
    cpuSymbols: ['CONFIG_ARM1136JF_S'],
    cpu: 'arm1136jf-s',
    dropFeatures: {},
  },
  {
    arch: 'aarch64',
    kbuildArch: 'arm',
    baseTriple: 'aarch64-unknown-linux-musl',
    target: 'aarch64-sel4',
    configSymbol: 'CONFIG_ARCH_AARCH64',
    // Outlined atomics pick LSE or LL/SC at run time from getauxval(), which seL4 lacks.
    dropFeatures: { '+outline-atomics': 'needs Linux getauxval() to detect LSE at run time' },
  },
  {
    arch: 'riscv64',
    kbuildArch: 'riscv',
    baseTriple: 'riscv64imac-unknown-none-elf',
    target: 'riscv64imac-sel4',
    configSymbol: 'CONFIG_ARCH_RISCV_RV64',
    dropFeatures: {},
  },
];

/** The order rust.mk tests the configuration in: CPU variants before their plain arch. */
export function sel4TargetChoices(arches: readonly Sel4ArchInfo[] = sel4Arches): Sel4ArchInfo[] {
  return [...arches.filter((a) => a.variant), ...arches.filter((a) => !a.variant)];
}

export function sel4ArchInfo(arch: string): Sel4ArchInfo {
  const info = sel4Arches.find((a) => a.arch === arch && !a.variant);
  if (!info)
    throw new Error(`unknown seL4 architecture '${arch}' (expected ${sel4Arches.map((a) => a.arch).join(', ')})`);
  return info;
}

/**
 * Keys that describe linking an executable or a hosted OS. Our Rust code is always a
 * staticlib that gcc links, and it runs on seL4, not Linux, so these go.
 */
export const hostedOrLinkKey =
  /^(metadata|linker|linker-flavor|linker-is-gnu|lld-flavor|.*link-args.*|.*link-objects.*|crt-objects-fallback|crt-static-.*|dynamic-linking|has-rpath|position-independent-executables|static-position-independent-executables|relro-level|supported-sanitizers|supports-xray|target-mcount|supported-split-debuginfo|target-family|os|env|vendor|default-uwtable|has-thread-local)$/;

/** Pure: a built-in spec -> the seL4 spec (no_std, panic=abort, no OS, same codegen). */
export function deriveSel4Spec(base: Spec, info: Pick<Sel4ArchInfo, 'dropFeatures' | 'cpu'>): Spec {
  const spec: Spec = {};
  for (const [k, v] of Object.entries(base)) {
    if (!hostedOrLinkKey.test(k)) spec[k] = v;
  }
  spec['os'] = 'none';
  spec['vendor'] = 'sel4';
  spec['panic-strategy'] = 'abort';
  // seL4's TLS depends on the runtime (CAmkES sets it up per thread); keep Rust off it.
  spec['has-thread-local'] = false;
  if (info.cpu) spec['cpu'] = info.cpu;
  if (typeof spec['features'] === 'string') {
    const features = spec['features'].split(',').filter((f) => f && !(f in info.dropFeatures));
    if (features.length) spec['features'] = features.join(',');
    else delete spec['features'];
  }
  return sortKeys(spec);
}

/** Derives every architecture's spec from the toolchain's own built-in specs. */
export async function deriveSel4Specs(
  tc: Toolchain,
  arches: readonly Sel4ArchInfo[] = sel4Arches,
): Promise<Map<Sel4ArchInfo, Spec>> {
  const out = new Map<Sel4ArchInfo, Spec>();
  for (const info of arches) out.set(info, deriveSel4Spec(await printBaseSpec(tc, info.baseTriple), info));
  return out;
}
