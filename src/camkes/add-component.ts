// `yo ostoo:camkes-component NAME`: adds a Rust component to an existing Kbuild-era CAmkES
// app, one generated here or written by hand in the layout of SEL4PROJ/rust-camkes-samples.
// Every edit is computed here, in memory, from the files as they are, by the editor for that
// kind of file (edit/*.ts); the generator writes them only when all of them succeeded. Edits
// only insert whole lines: every existing line and comment stays as it was. A checkout without
// ostoo's Rust support (tools/rust/) gets it, as `ostoo doctor --fix` would add it.
import path from 'node:path';
import type { FileMap } from '../render/tree.js';
import type { Spec } from '../target-spec/spec.js';
import { diskView, exists, type FileView } from '../util/file-view.js';
import { assertAbsent, checkComponentIsNew, readCamkesApp, readText } from './app-tree.js';
import type { CliTool, Generated } from './bindings.js';
import { componentDir, planComponent } from './component.js';
import { addToAssembly } from './edit/assembly.js';
import { ComponentError } from './edit/component-error.js';
import { addKbuildPrerequisites, readKbuild } from './edit/kbuild.js';
import { assertRustMkPath, editMakefile, readMakefile } from './edit/makefile.js';
import { assertCIdentifier, assertRustCIdentifier } from './identifiers.js';
import { hasRustSysroot, kbuildSupportState, type SupportToolchain } from './kbuild-support.js';
import { detectKbuildTree } from './kbuild-tree.js';
import { planKbuildSupportAt, type KbuildSupportAddition } from './kbuild-support-add.js';
import { planInterfaces } from './plan-interfaces.js';

export { ComponentError };

export interface AddComponentOptions {
  name: string;
  /** Instance name in the composition (default `<name>_obj`). */
  instance?: string;
  control: boolean;
  /** `Procedure` or `Procedure:iface`: a `uses` line for a procedure defined in the app. */
  uses: string[];
  /** `iface=instance.iface`: an RPC connection from one of our interfaces. */
  connect: string[];
  connector: string;
  /** The include line added before camkes.mk when the Makefile has no rust.mk (empty: none). */
  rustMk: string;
}

/** The toolchain (and its derived specs) the Rust support is added with, asked for only when needed. */
export type PickSupportToolchain = () => Promise<{ toolchain: SupportToolchain; specs: Map<string, Spec> }>;

export interface AddComponentPlan {
  /** New files, relative to the app directory. */
  creates: FileMap;
  /** Changed files, relative to the app directory: the new full text. */
  edits: Map<string, string>;
  /** ostoo's Rust support, added to the checkout that lacked it. */
  support?: KbuildSupportAddition;
  /** The app's .camkes file, relative to the app directory. */
  adl: string;
  instance: string;
  bindings: Generated;
  notes: string[];
}

/**
 * Plans every file to create and edit, reading through `view` (the generator's mem-fs);
 * throws (ComponentError, NameError) without side effects.
 */
export async function planAddComponent(
  appDir: string,
  opts: AddComponentOptions,
  bindgen?: CliTool,
  view: FileView = diskView,
  pickSupportToolchain?: PickSupportToolchain,
): Promise<AddComponentPlan> {
  const name = assertRustCIdentifier(opts.name, 'component name');
  const instance = assertCIdentifier(opts.instance ?? `${name}_obj`, 'instance name');
  assertCIdentifier(opts.connector, 'connector');
  assertRustMkPath(opts.rustMk);
  if (!view.isDir(appDir)) throw new ComponentError(`app directory ${appDir} does not exist`);

  const makefile = readText(view, path.join(appDir, 'Makefile'), 'the app Makefile');
  const kbuildText = readText(view, path.join(appDir, 'Kbuild'), 'the app Kbuild');
  readKbuild(kbuildText); // it is an app's
  const mk = readMakefile(makefile);
  let adl = mk.adl;
  if (!adl) {
    const roots = view.list(appDir).filter((e) => e.name.endsWith('.camkes'));
    if (roots.length !== 1)
      throw new ComponentError(`the app Makefile sets no ADL, and ${appDir} has ${roots.length} .camkes files`);
    adl = roots[0]!.name;
  }
  const app = readCamkesApp(view, appDir, adl);

  // Duplicates.
  const dir = componentDir(name);
  assertAbsent(app, dir);
  if (mk.components.has(name))
    throw new ComponentError(`the app Makefile already has variables for a component '${name}'`);
  checkComponentIsNew(app, name, instance);

  const { uses, imports, notes, connections } = planInterfaces(app, name, instance, opts, 'kbuild');

  // The checkout's Rust support: tools/rust/ beside the rust.mk the Makefile includes. ${PWD}
  // is where make runs, the checkout's root, where the user runs this too.
  const rustMkHere = opts.rustMk.replace(/^\$\{PWD\}|^\$\(PWD\)/, process.cwd());
  const root = /[\\/]tools[\\/]rust[\\/]rust\.mk$/.test(rustMkHere) ? path.resolve(rustMkHere, '../../..') : undefined;
  const state = root ? kbuildSupportState(root, view) : exists(view, rustMkHere) ? 'current' : 'absent';
  let support: KbuildSupportAddition | undefined;
  if (state === 'absent' && root && pickSupportToolchain && detectKbuildTree(root)) {
    const { toolchain, specs } = await pickSupportToolchain();
    support = planKbuildSupportAt(root, toolchain, specs, view);
    notes.push(...support.notes);
  } else if (state === 'absent' && opts.rustMk) {
    notes.push(
      `the Makefile now includes ${opts.rustMk}: the checkout needs tools/rust/ (\`ostoo doctor --fix\` adds it)`,
    );
  }
  if (!mk.hasRustMk && !opts.rustMk)
    notes.push('the Makefile does not include tools/rust/rust.mk; <component>_RUST needs it');
  // ostoo's earlier tools/rust/ builds only what RUST_CAMKES_COMPONENTS lists.
  const form = state === 'earlier' ? 'listed' : 'document';
  if (form === 'listed') {
    notes.push(
      "this checkout's tools/rust/ is ostoo's earlier one, so the component is listed in RUST_CAMKES_COMPONENTS; `ostoo doctor --fix --rename` moves it to the seL4 document's names",
    );
  }

  // One editor per file kind, all in memory.
  const edits = new Map<string, string>();
  edits.set('Makefile', editMakefile(makefile, name, opts.rustMk, form));
  edits.set(adl, addToAssembly(app.assemblyText, app.assembly, { dir, name, instance, connections }));
  // The seL4 document's Kbuild prerequisites of an app that uses Rust: rust_sysroot (where
  // the checkout's seL4_tools has it; a project of ours is written for the one that does) and
  // libcompiler-rt (which the support brings).
  if (form === 'document' && root) {
    const hasSupport = Boolean(support) || state === 'current';
    const wanted = [
      ...((hasRustSysroot(root, view) ?? hasSupport) ? ['rust_sysroot'] : []),
      ...(hasSupport || exists(view, path.join(root, 'libs/libcompiler-rt')) ? ['libcompiler-rt'] : []),
    ];
    const edited = addKbuildPrerequisites(kbuildText, wanted);
    if (edited !== kbuildText) edits.set('Kbuild', edited);
  }

  const component = await planComponent({ name, control: opts.control, uses, imports }, bindgen);
  if (component.bindings.note) notes.push(component.bindings.note);
  return {
    creates: component.files,
    edits,
    ...(support ? { support } : {}),
    adl,
    instance,
    bindings: component.bindings,
    notes,
  };
}
