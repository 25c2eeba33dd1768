// ostoo's Rust support in a Kbuild-era seL4/CAmkES checkout, as data: tools/rust/ (rust.mk,
// xargo.mk, the drop-in xargo, the pinned toolchain, the target specs), tools/xargo/ (the
// package seL4_tools' project.mk builds as its xargo) and libs/libcompiler-rt/. With it, the
// seL4 document's make interface builds: RUST_TARGET, <component>_RUST and rust_sysroot.
// `ostoo new --flavor camkes` writes it with a project; `ostoo camkes-component` and
// `ostoo doctor --fix` add it to a checkout that lacks it.
import path from 'node:path';
import { renderTree, type FileMap } from '../render/tree.js';
import { serializeSpec, type Spec } from '../target-spec/spec.js';
import { sel4Arches, sel4TargetChoices } from '../target-spec/sel4-spec.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { exists, type FileView } from '../util/file-view.js';
import type { KconfigSources } from './kbuild-tree.js';

export type SupportToolchain = Pick<Toolchain, 'kind' | 'id' | 'root' | 'versionLine' | 'needsBootstrap' | 'vendorDir'>;

/** Top-level entries the support owns, relative to the checkout root. */
export const kbuildSupportDirs = ['tools/rust', 'tools/xargo', 'libs/libcompiler-rt'] as const;

/** Support files that get the exec bit. */
export const kbuildSupportExecutables = ['tools/rust/camkes-bindgen.sh', 'tools/rust/xargo'];

/** The `source` lines the checkout's Kconfig needs for the support. */
export const kbuildSupportKconfig: KconfigSources = {
  libs: ['libs/libcompiler-rt/Kconfig'],
  apps: [],
  tools: ['tools/rust/Kconfig'],
};

export const kbuildSpecFile = (target: string): string => `tools/rust/targets/${target}.json`;

/** What the templates of the support read. */
export function supportTemplateData(toolchain: SupportToolchain): Record<string, unknown> {
  return { toolchain, arches: sel4Arches, targetChoices: sel4TargetChoices(), exampleClangTarget: 'x86_64-linux-gnu' };
}

/** The support's files, relative to the checkout root (specs: per sel4Arches target name). */
export function planKbuildSupport(toolchain: SupportToolchain, specs: Map<string, Spec>): FileMap {
  const data = supportTemplateData(toolchain);
  const files: FileMap = new Map();
  for (const dir of kbuildSupportDirs) renderTree(`camkes/${dir}`, data, files, dir);
  for (const arch of sel4Arches) {
    const spec = specs.get(arch.target);
    if (!spec) throw new Error(`no target spec derived for ${arch.target}`);
    files.set(kbuildSpecFile(arch.target), serializeSpec(spec));
  }
  return files;
}

/**
 * Whether the checkout at `root` has the support: `absent` (no tools/rust/rust.mk), `earlier`
 * (ostoo's rust.mk from before the document's names: no xargo.mk), or `current`.
 */
export function kbuildSupportState(root: string, view: FileView): 'absent' | 'earlier' | 'current' {
  if (!exists(view, path.join(root, 'tools/rust/rust.mk'))) return 'absent';
  return exists(view, path.join(root, 'tools/rust/xargo.mk')) ? 'current' : 'earlier';
}

/**
 * Whether the checkout's seL4_tools has the `rust_sysroot` rule (tools/common/project.mk);
 * undefined where there is no project.mk to ask (a project repository of its own).
 */
export function hasRustSysroot(root: string, view: FileView): boolean | undefined {
  const projectMk = view.read(path.join(root, 'tools/common/project.mk'));
  return projectMk === undefined ? undefined : /^rust_sysroot:/m.test(projectMk);
}
