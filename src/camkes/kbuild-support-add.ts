// Adding ostoo's Rust support (kbuild-support.ts) to a Kbuild-era checkout that lacks it:
// the files, the `source` lines its Kconfig needs, and the project record that lets
// `ostoo toolchain bump` re-pin it. Plans only; throws without side effects.
import path from 'node:path';
import type { ProjectRecord } from '../project/record.js';
import { toolchainRecord } from '../project/record.js';
import type { FileMap } from '../render/tree.js';
import type { Spec } from '../target-spec/spec.js';
import { exists, type FileView } from '../util/file-view.js';
import { ComponentError } from './edit/component-error.js';
import {
  kbuildSpecFile,
  kbuildSupportExecutables,
  kbuildSupportKconfig,
  planKbuildSupport,
  type SupportToolchain,
} from './kbuild-support.js';
import { addKconfigSources, detectKbuildTree } from './kbuild-tree.js';

export interface KbuildSupportAddition {
  /** The checkout root the files are relative to. */
  root: string;
  files: FileMap;
  executables: string[];
  /** Files outside `files` to change (absolute path -> new text): the checkout's Kconfig. */
  edits: Map<string, string>;
  /** The flavor's project record for the checkout (toolchain and derived specs). */
  record: ProjectRecord;
  notes: string[];
}

export function planKbuildSupportAt(
  root: string,
  toolchain: SupportToolchain,
  specs: Map<string, Spec>,
  view: FileView,
): KbuildSupportAddition {
  if (exists(view, path.join(root, 'tools/rust')))
    throw new ComponentError(
      `${path.join(root, 'tools/rust')} exists but has no rust.mk, so ostoo's Rust support cannot go there`,
      'move it away',
    );
  const files = planKbuildSupport(toolchain, specs);
  const notes: string[] = [];
  // A checkout may have these already (the 2016 manifests put xargo's sources at tools/xargo,
  // and seL4_rust_libs a libcompiler-rt): theirs stay.
  for (const dir of ['tools/xargo', 'libs/libcompiler-rt']) {
    if (!exists(view, path.join(root, dir))) continue;
    for (const file of [...files.keys()]) if (file.startsWith(`${dir}/`)) files.delete(file);
    notes.push(`${dir} is there already: kept as it is (ostoo's support would have written its own)`);
  }
  const edits = new Map<string, string>();
  const tree = detectKbuildTree(root);
  if (tree) {
    const text = addKconfigSources(tree.kconfigText, kbuildSupportKconfig);
    if (text !== tree.kconfigText) edits.set(tree.kconfigFile, text);
  } else {
    notes.push(
      `${root} has no Kbuild-era Kconfig: add \`source "tools/rust/Kconfig"\` and \`source "libs/libcompiler-rt/Kconfig"\` to yours`,
    );
  }
  notes.push(`added ostoo's Rust support to ${root}: tools/rust/, tools/xargo/, libs/libcompiler-rt/`);
  return {
    root,
    files,
    executables: kbuildSupportExecutables.filter((f) => files.has(f)),
    edits,
    record: {
      flavor: 'camkes',
      toolchain: toolchainRecord(toolchain),
      targets: [...specs.keys()],
      derivedSpecs: Object.fromEntries([...specs].map(([t, spec]) => [kbuildSpecFile(t), spec])),
    },
    notes,
  };
}
