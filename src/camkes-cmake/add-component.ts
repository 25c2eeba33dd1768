// `ostoo camkes-component NAME --app DIR` for a CMake CAmkES app (a CMakeLists.txt calling
// DeclareCAmkESRootserver): the crate and .camkes file, the import and instance in the
// assembly, --uses/--connect, and the CMake lines (RustAddLibrary + DeclareCAmkESComponent),
// plus ostoo-rust/ when the app lacks it. Only lines are added; nothing is written here.
import path from 'node:path';
import type { CliTool } from '../camkes/bindings.js';
import type { AddComponentOptions, AddComponentPlan } from '../camkes/add-component.js';
import { assertAbsent, checkComponentIsNew, readCamkesApp } from '../camkes/app-tree.js';
import { componentDir, planComponent } from '../camkes/component.js';
import { addToAssembly } from '../camkes/edit/assembly.js';
import { addBeforeRootserver, readCmakeApp } from '../camkes/edit/cmake-lists.js';
import { ComponentError } from '../camkes/edit/component-error.js';
import { assertCIdentifier, assertRustCIdentifier } from '../camkes/identifiers.js';
import { planInterfaces } from '../camkes/plan-interfaces.js';
import type { Spec } from '../target-spec/spec.js';
import { diskView, exists, type FileView } from '../util/file-view.js';
import { checkTargets, planAddSupport, readApp } from './add-support.js';
import { componentCmakeBlock } from './component-block.js';
import { supportDir, type SupportToolchain } from './support.js';

export interface CmakeComponentPlan extends AddComponentPlan {
  /** Set when ostoo-rust/ was added too: the derived specs, for the app's record. */
  supportAdded?: { derivedSpecs: Record<string, Spec> };
}

/** The toolchain (and its specs) for an app without the support; called only then. */
export type SupportSource = () => Promise<{ toolchain: SupportToolchain; specs: Map<string, Spec> }>;

export async function planAddCmakeComponent(
  appDir: string,
  opts: Omit<AddComponentOptions, 'rustMk'>,
  support: SupportSource,
  bindgen?: CliTool,
  view: FileView = diskView,
): Promise<CmakeComponentPlan> {
  const name = assertRustCIdentifier(opts.name, 'component name');
  const instance = assertCIdentifier(opts.instance ?? `${name}_obj`, 'instance name');
  assertCIdentifier(opts.connector, 'connector');
  const app = readApp(appDir, view);
  checkTargets(app.facts);
  const adl = app.facts.adl;
  const camkes = readCamkesApp(view, appDir, adl);

  const dir = componentDir(name);
  if (app.facts.components.has(name))
    throw new ComponentError(`CMakeLists.txt already declares a component '${name}' (DeclareCAmkESComponent)`);
  assertAbsent(camkes, dir);
  const library = `${name}_rust`;
  if (app.facts.targets.has(library)) throw new ComponentError(`CMakeLists.txt already has a target '${library}'`);
  checkComponentIsNew(camkes, name, instance);
  const { uses, imports, connections, notes } = planInterfaces(camkes, name, instance, opts, 'cmake');

  const edits = new Map<string, string>();
  const creates = new Map<string, string | Buffer>();
  let cmake = app.text;
  let supportAdded: CmakeComponentPlan['supportAdded'];
  if (!app.facts.hasSupportInclude || !exists(view, path.join(appDir, supportDir, 'rust.cmake'))) {
    const { toolchain, specs } = await support();
    const added = planAddSupport(app, toolchain, specs);
    for (const [file, contents] of added.files) {
      if (file === 'CMakeLists.txt') cmake = String(contents);
      else creates.set(file, contents);
    }
    supportAdded = { derivedSpecs: added.derivedSpecs };
    notes.push(
      `the app had no Rust support: added ${supportDir}/ (RustAddLibrary over cargo, ${toolchain.versionLine})`,
    );
  }
  // Facts again: the include added above moved the lines after it.
  edits.set(
    'CMakeLists.txt',
    addBeforeRootserver(cmake, readCmakeApp(cmake, `${supportDir}/rust.cmake`), componentCmakeBlock(name)),
  );

  edits.set(adl, addToAssembly(camkes.assemblyText, camkes.assembly, { dir, name, instance, connections }));

  const component = await planComponent({ name, control: opts.control, uses, imports, build: 'cmake' }, bindgen);
  if (component.bindings.note) notes.push(component.bindings.note);
  for (const [file, contents] of component.files) creates.set(file, contents);
  return {
    creates,
    edits,
    adl,
    instance,
    bindings: component.bindings,
    notes,
    ...(supportAdded ? { supportAdded } : {}),
  };
}
