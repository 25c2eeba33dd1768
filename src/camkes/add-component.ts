// `yo ostoo:camkes-component NAME`: adds a Rust component to an existing Kbuild-era CAmkES
// app, one generated here or written by hand in the layout of SEL4PROJ/rust-camkes-samples.
// Every edit is computed here, in memory, from the files as they are, by the editor for that
// kind of file (edit/*.ts); the generator writes them only when all of them succeeded. Edits
// only insert whole lines: every existing line and comment stays as it was.
import path from 'node:path';
import type { FileMap } from '../render/tree.js';
import { diskView, exists, type FileView } from '../util/file-view.js';
import { assertAbsent, checkComponentIsNew, readCamkesApp, readText } from './app-tree.js';
import type { CliTool, Generated } from './bindings.js';
import { componentDir, planComponent } from './component.js';
import { addToAssembly } from './edit/assembly.js';
import { ComponentError } from './edit/component-error.js';
import { readKbuild } from './edit/kbuild.js';
import { assertRustMkPath, editMakefile, readMakefile } from './edit/makefile.js';
import { assertCIdentifier, assertRustCIdentifier } from './identifiers.js';
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

export interface AddComponentPlan {
  /** New files, relative to the app directory. */
  creates: FileMap;
  /** Changed files, relative to the app directory: the new full text. */
  edits: Map<string, string>;
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
): Promise<AddComponentPlan> {
  const name = assertRustCIdentifier(opts.name, 'component name');
  const instance = assertCIdentifier(opts.instance ?? `${name}_obj`, 'instance name');
  assertCIdentifier(opts.connector, 'connector');
  assertRustMkPath(opts.rustMk);
  if (!view.isDir(appDir)) throw new ComponentError(`app directory ${appDir} does not exist`);

  const makefile = readText(view, path.join(appDir, 'Makefile'), 'the app Makefile');
  readKbuild(readText(view, path.join(appDir, 'Kbuild'), 'the app Kbuild')); // it is an app's
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

  // One editor per file kind, all in memory.
  // The Kbuild stays as it is: the Rust rules need no other target built first (the first
  // crate builds core and alloc itself), so an app keeps the dependencies it had.
  const edits = new Map<string, string>();
  edits.set('Makefile', editMakefile(makefile, name, opts.rustMk));
  edits.set(adl, addToAssembly(app.assemblyText, app.assembly, { dir, name, instance, connections }));
  // ${PWD} is where make runs: the checkout's root, where the user runs this too.
  const rustMkHere = opts.rustMk.replace(/^\$\{PWD\}|^\$\(PWD\)/, process.cwd());
  if (!mk.hasRustMk && opts.rustMk && !exists(view, rustMkHere)) {
    notes.push(
      `the Makefile now includes ${opts.rustMk}: the checkout needs tools/rust/ (from \`ostoo new --flavor camkes\`)`,
    );
  }
  if (!mk.hasRustMk && !opts.rustMk)
    notes.push('the Makefile does not include tools/rust/rust.mk; RUST_CAMKES_COMPONENTS needs it');

  const component = await planComponent({ name, control: opts.control, uses, imports }, bindgen);
  if (component.bindings.note) notes.push(component.bindings.note);
  return { creates: component.files, edits, adl, instance, bindings: component.bindings, notes };
}
