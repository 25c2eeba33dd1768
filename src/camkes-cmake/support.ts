// The Rust build support a CMake CAmkES app carries in its own directory (ostoo-rust/):
// RustAddLibrary over cargo + build-std, the pinned toolchain, and the target specs derived
// from that toolchain's rustc. Plain data in, a file map (relative to the app) out.
import { renderTemplate, type FileMap } from '../render/tree.js';
import { deriveSel4Specs, sel4Arches, type Sel4Arch } from '../target-spec/sel4-spec.js';
import { serializeSpec, type Spec } from '../target-spec/spec.js';
import type { Toolchain } from '../toolchain/resolve.js';

/** The app-relative directory holding the support. */
export const supportDir = 'ostoo-rust';
export const supportInclude = `include("\${CMAKE_CURRENT_LIST_DIR}/${supportDir}/rust.cmake")`;
export const lockfileName = `${supportDir}/toolchains.lock`;

export interface CmakeTarget {
  arch: Sel4Arch;
  /** The TARGET name upstream's rust.cmake (and its apps) use. */
  upstream: string;
  /** The spec file stem (sel4Arches' name: without "-none", see rust.cmake). */
  target: string;
}

/** Upstream names its specs <arch>-sel4-none (riscv64 and ia32 had none; same pattern). */
// Today's seL4 has no ARMv6 platform left, so the CMake flavor has no armv6 spec.
export const cmakeTargets: readonly CmakeTarget[] = sel4Arches
  .filter((a) => !a.variant)
  .map((a) => ({ arch: a.arch, upstream: `${a.arch}-sel4-none`, target: a.target }));

/** The names RustAddLibrary's TARGET accepts. */
export function knownTargetNames(): string[] {
  return cmakeTargets.flatMap((t) => [t.upstream, t.target]);
}

export function specFile(target: string): string {
  return `${supportDir}/targets/${target}.json`;
}

export type SupportToolchain = Pick<Toolchain, 'kind' | 'id' | 'root' | 'versionLine' | 'needsBootstrap' | 'vendorDir'>;

/** The toolchain pin alone (bump re-renders it). */
export function renderToolchainCmake(tc: SupportToolchain): string {
  return renderTemplate('camkes-cmake/support/toolchain.cmake.ejs', { toolchain: tc });
}

/** cargo's settings for the toolchain (bump re-renders them too). */
export function renderCargoConfig(tc: SupportToolchain): string {
  return renderTemplate('camkes-cmake/support/cargo-config.toml.ejs', { toolchain: tc });
}

export function planSupport(tc: SupportToolchain, specs: Map<string, Spec>): FileMap {
  const files: FileMap = new Map();
  const data = { toolchain: tc, targets: cmakeTargets };
  files.set(`${supportDir}/rust.cmake`, renderTemplate('camkes-cmake/support/rust.cmake.ejs', data));
  files.set(`${supportDir}/toolchain.cmake`, renderToolchainCmake(tc));
  files.set(`${supportDir}/cargo-config.toml`, renderCargoConfig(tc));
  for (const t of cmakeTargets) {
    const spec = specs.get(t.target);
    if (!spec) throw new Error(`no target spec derived for ${t.target}`);
    files.set(specFile(t.target), serializeSpec(spec));
  }
  return files;
}

/** Every target's spec, derived from the toolchain, keyed by spec stem. */
export async function deriveCmakeSpecs(tc: Toolchain): Promise<Map<string, Spec>> {
  const wanted = new Set(cmakeTargets.map((t) => t.target));
  return new Map(
    [...(await deriveSel4Specs(tc))]
      .filter(([info]) => wanted.has(info.target))
      .map(([info, spec]) => [info.target, spec]),
  );
}
