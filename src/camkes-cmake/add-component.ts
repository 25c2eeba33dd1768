// `ostoo camkes-component NAME --app DIR` for a CMake CAmkES app (a CMakeLists.txt calling
// DeclareCAmkESRootserver): the crate and .camkes file, the import and instance in the
// assembly, --uses/--connect, and the CMake lines (RustAddLibrary + DeclareCAmkESComponent),
// plus ostoo-rust/ when the app lacks it. Only lines are added; nothing is written here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CliTool } from '../camkes/bindings.js';
import type { AddComponentOptions, AddComponentPlan } from '../camkes/add-component.js';
import { checkComponentIsNew, listCamkesFiles, readText } from '../camkes/app-tree.js';
import { componentDir, planComponent } from '../camkes/component.js';
import { addToAssembly, readAssembly } from '../camkes/edit/assembly.js';
import { addBeforeRootserver, readCmakeApp } from '../camkes/edit/cmake-lists.js';
import { ComponentError } from '../camkes/edit/component-error.js';
import { assertCIdentifier, assertRustCIdentifier } from '../camkes/names.js';
import { planInterfaces } from '../camkes/plan-interfaces.js';
import type { Spec } from '../target/spec.js';
import { checkTargets, planAddSupport, readApp } from './add-support.js';
import { componentCmakeBlock } from './flavor.js';
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
): Promise<CmakeComponentPlan> {
  const name = assertRustCIdentifier(opts.name, 'component name');
  const instance = assertCIdentifier(opts.instance ?? `${name}_obj`, 'instance name');
  assertCIdentifier(opts.connector, 'connector');
  const app = readApp(appDir);
  checkTargets(app.facts);
  const adl = app.facts.adl;
  const assemblyText = readText(path.join(appDir, adl), 'the app assembly');
  const assembly = readAssembly(assemblyText);

  const dir = componentDir(name);
  if (app.facts.components.has(name)) throw new ComponentError(`CMakeLists.txt already declares a component '${name}' (DeclareCAmkESComponent)`);
  if (existsSync(path.join(appDir, dir))) throw new ComponentError(`${dir} already exists in ${appDir}`);
  const library = `${name}_rust`;
  if (app.facts.targets.has(library)) throw new ComponentError(`CMakeLists.txt already has a target '${library}'`);
  const camkesFiles = listCamkesFiles(appDir);
  checkComponentIsNew(appDir, camkesFiles, assembly, name, instance);
  const planned = planInterfaces(appDir, adl, assemblyText, camkesFiles, assembly, name, instance, opts);
  const { uses, imports, connectionLines } = planned;
  // CMake apps have no tools/rust/camkes-bindgen.sh (a Kbuild-flavor script).
  const notes = planned.notes.map((n) => n.replace(/ \(or run tools\/rust\/camkes-bindgen\.sh after a build\)/, ''));

  const edits = new Map<string, string>();
  const creates = new Map<string, string | Buffer>();
  let cmake = app.text;
  let supportAdded: CmakeComponentPlan['supportAdded'];
  if (!app.facts.hasSupportInclude || !existsSync(path.join(appDir, supportDir, 'rust.cmake'))) {
    const { toolchain, specs } = await support();
    const added = planAddSupport(app, toolchain, specs);
    for (const [file, contents] of added.files) {
      if (file === 'CMakeLists.txt') cmake = String(contents);
      else creates.set(file, contents);
    }
    supportAdded = { derivedSpecs: added.derivedSpecs };
    notes.push(`the app had no Rust support: added ${supportDir}/ (RustAddLibrary over cargo, ${toolchain.versionLine})`);
  }
  // Facts again: the include added above moved the lines after it.
  edits.set('CMakeLists.txt', addBeforeRootserver(cmake, readCmakeApp(cmake, `${supportDir}/rust.cmake`), componentCmakeBlock(name)));

  edits.set(adl, addToAssembly(assemblyText, assembly, { dir, name, instance, connectionLines }));

  const component = await planComponent({ name, control: opts.control, uses, imports }, bindgen);
  if (component.bindings.note) notes.push(component.bindings.note);
  for (const [file, contents] of component.files) creates.set(file, contents);
  return { creates, edits, adl, instance, bindings: component.bindings, notes, ...(supportAdded ? { supportAdded } : {}) };
}
