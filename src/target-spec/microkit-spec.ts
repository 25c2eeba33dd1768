// Target specs for Microkit protection domains, derived like the seL4 ones from the pinned
// rustc's own built-in spec for the bare-metal target of the same architecture: Microkit's
// C PDs are built freestanding (-ffreestanding -nostdlib) with the platform's default ABI,
// which is what `aarch64-unknown-none` and `riscv64gc-unknown-none-elf` generate.
import { printBaseSpec, sortKeys, type Spec } from './spec.js';
import { hostedOrLinkKey } from './sel4-spec.js';
import type { Toolchain } from '../toolchain/resolve.js';

export type MicrokitArch = 'aarch64' | 'riscv64';

export interface MicrokitArchInfo {
  /** seL4's CONFIG_SEL4_ARCH, as the SDK's gen_config.h names it. */
  arch: MicrokitArch;
  baseTriple: string;
  /** The spec's file stem, hence cargo's target name (rust-sel4 uses the same names). */
  target: string;
  /** Cross-tool prefixes to look for, upstream's (Microkit's Makefiles) first. */
  crossPrefixes: string[];
  /** Features the derived spec must have: Microkit's C code is built with -mstrict-align. */
  requiredFeatures: string[];
}

export const microkitArches: readonly MicrokitArchInfo[] = [
  {
    arch: 'aarch64',
    baseTriple: 'aarch64-unknown-none',
    target: 'aarch64-sel4-microkit',
    crossPrefixes: ['aarch64-none-elf-', 'aarch64-linux-gnu-'],
    requiredFeatures: ['+strict-align'],
  },
  {
    arch: 'riscv64',
    // Microkit builds RISC-V PDs with -march=rv64imafdc_zicsr_zifencei -mabi=lp64d: riscv64gc.
    baseTriple: 'riscv64gc-unknown-none-elf',
    target: 'riscv64gc-sel4-microkit',
    crossPrefixes: ['riscv64-unknown-elf-', 'riscv64-linux-gnu-'],
    requiredFeatures: [],
  },
];

export function microkitArchInfo(arch: string): MicrokitArchInfo | undefined {
  return microkitArches.find((a) => a.arch === arch);
}

/** Pure: the built-in bare-metal spec -> the Microkit PD spec (a staticlib GNU ld links). */
export function deriveMicrokitSpec(base: Spec, info: Pick<MicrokitArchInfo, 'requiredFeatures'>): Spec {
  const spec: Spec = {};
  for (const [k, v] of Object.entries(base)) if (!hostedOrLinkKey.test(k)) spec[k] = v;
  spec['os'] = 'none';
  spec['vendor'] = 'sel4';
  spec['env'] = 'microkit';
  spec['panic-strategy'] = 'abort';
  // libmicrokit defines __thread away: a PD has no thread-local storage.
  spec['has-thread-local'] = false;
  const features = typeof spec['features'] === 'string' ? spec['features'].split(',').filter(Boolean) : [];
  for (const f of info.requiredFeatures) if (!features.includes(f)) features.push(f);
  if (features.length) spec['features'] = features.join(',');
  return sortKeys(spec);
}

export async function deriveMicrokitSpecFor(tc: Toolchain, info: MicrokitArchInfo): Promise<Spec> {
  return deriveMicrokitSpec(await printBaseSpec(tc, info.baseTriple), info);
}
