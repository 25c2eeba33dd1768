// `ostoo camkes-component NAME`: the one planner that adds a Rust component to a CAmkES app,
// whatever builds it. It validates the names, reads the app, refuses duplicates, plans the
// interfaces and the assembly edit, and renders the component; what differs between build
// systems (the Kbuild-era Makefile, a CMakeLists.txt) is asked of a ComponentBuildAdapter,
// which the app's flavor supplies (kbuild-adapter.ts, camkes-cmake/cmake-adapter.ts).
// Everything is computed in memory from the files as they are, read through a FileView (the
// generator's mem-fs); the generator writes the plan only when all of it succeeded. Edits
// only insert whole lines: every existing line and comment stays as it was.
import type { FileMap } from '../render/tree.js';
import type { Spec } from '../target-spec/spec.js';
import { diskView, type FileView } from '../util/file-view.js';
import { assertAbsent, checkComponentIsNew, readCamkesApp } from './app-tree.js';
import type { CliTool, Generated } from './bindings.js';
import { componentDir, planComponent, type CamkesBuild } from './component.js';
import { addToAssembly } from './edit/assembly.js';
import { ComponentError } from './edit/component-error.js';
import { assertCIdentifier, assertRustCIdentifier } from '../identifiers.js';
import { planInterfaces, type InterfacesPlan } from './plan-interfaces.js';
import { needsDeclaredPlan, planDeclared, replacedComponent } from './rust/plan-declared.js';

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
  /** `Procedure[:iface]`: procedures it provides (the declared plan, rust/plan-declared.ts). */
  provides?: string[];
  /** `Type:iface`: dataports (Buf, Buf(N), or a type from one of the app's headers). */
  dataports?: string[];
  /** `Event:iface`: events it emits, and events it consumes. */
  emits?: string[];
  consumes?: string[];
  /** Event types new to the app (otherwise an event type no component has is refused as a typo). */
  newEvents?: string[];
  /** An instance of a C component that the new Rust component takes over (same interfaces and connections). */
  replace?: string;
}

/** The component being added, as the build system's adapter sees it. */
export interface NewComponent {
  /** Component type, crate and directory name (components/<name>). */
  name: string;
  instance: string;
  /** Its interfaces (every kind a component can have) and the connections to other instances. */
  interfaces: InterfacesPlan;
  /** C sources of the component besides the Rust library (its generated glue), app-relative. */
  sources?: string[];
  /** App-relative directories of the headers its declaration includes. */
  includeDirs?: string[];
}

/** What the build system's files need for a new component. */
export interface BuildEdits {
  /** Changed build files, relative to the app directory: the new full text. */
  edits: Map<string, string>;
  /**
   * New files (e.g. build support the app lacked), relative to the app directory; the
   * support of a Kbuild checkout lies outside it (`../../tools/rust/...`).
   */
  creates: FileMap;
  /** Files of `creates` that get the exec bit. */
  executables?: string[];
  notes: string[];
  /**
   * Set when the app got Rust build support too: what was derived, for its record, and the
   * directory (relative to the app's) the record and lock go in, when not the app's own.
   */
  supportAdded?: { derivedSpecs: Record<string, Spec>; dir?: string };
}

/** An app's build files, read and checked by its adapter. */
export interface BuildFiles {
  /** The app's assembly (.camkes), relative to the app directory. */
  adl: string;
  /** Why the build files already declare a component `name` (checked before its directory), if they do. */
  declared(name: string): string | undefined;
  /** Why the build files already use a name the component's build would take (checked after its directory), if they do. */
  taken(name: string): string | undefined;
  /** The edits of the build files (and new files) that build `component`. */
  addComponent(component: NewComponent): Promise<BuildEdits>;
}

/**
 * The part of adding a component that depends on the app's build system. A new kind of
 * interface (provides, dataports, events) reaches the adapter in NewComponent.interfaces;
 * a new build system is one more adapter, given by its flavor.
 */
export interface ComponentBuildAdapter {
  /** The build system, which the component's own files point to in their comments. */
  build: CamkesBuild;
  /** Checks the adapter's own options (after the names, before anything is read). */
  checkOptions?(): void;
  /** Reads the app's build files and refuses a directory that is not such an app. */
  readApp(appDir: string, view: FileView): BuildFiles;
}

export interface AddComponentPlan {
  /** New files, relative to the app directory. */
  creates: FileMap;
  /** Changed files, relative to the app directory: the new full text. */
  edits: Map<string, string>;
  /** The app's .camkes file, relative to the app directory. */
  adl: string;
  instance: string;
  /** The raw bindings of a --uses-only component (a declared one's are in its src/camkes.rs). */
  bindings?: Generated;
  notes: string[];
  /** --replace: the component type the instance had. */
  replaced?: string;
  /** Files of `creates` that get the exec bit. */
  executables: string[];
  supportAdded?: BuildEdits['supportAdded'];
}

/**
 * Plans every file to create and edit, reading through `view` (the generator's mem-fs);
 * throws (ComponentError, NameError) without side effects.
 */
export async function planAddComponent(
  adapter: ComponentBuildAdapter,
  appDir: string,
  opts: AddComponentOptions,
  bindgen?: CliTool,
  view: FileView = diskView,
): Promise<AddComponentPlan> {
  const name = assertRustCIdentifier(opts.name, 'component name');
  if (opts.replace && opts.instance) throw new ComponentError('--replace names the instance already — drop --instance');
  const instance = assertCIdentifier(opts.replace ?? opts.instance ?? `${name}_obj`, 'instance name');
  assertCIdentifier(opts.connector, 'connector');
  adapter.checkOptions?.();
  const buildFiles = adapter.readApp(appDir, view);
  const app = readCamkesApp(view, appDir, buildFiles.adl);

  // Duplicates: what the build declares, the directory, the build's other names, the .camkes files.
  const declared = buildFiles.declared(name);
  if (declared)
    throw new ComponentError(
      declared,
      `choose another component name, or remove the existing ${name} from the app first`,
    );
  const dir = componentDir(name);
  assertAbsent(app, dir);
  const taken = buildFiles.taken(name);
  if (taken)
    throw new ComponentError(taken, 'choose another component name, or rename what the app already calls that');
  if (opts.replace) replacedComponent(app, instance);
  checkComponentIsNew(app, name, opts.replace ? undefined : instance);

  const declaredOpts = {
    control: opts.control,
    uses: opts.uses,
    provides: opts.provides ?? [],
    dataports: opts.dataports ?? [],
    emits: opts.emits ?? [],
    consumes: opts.consumes ?? [],
    newEvents: opts.newEvents ?? [],
    connect: opts.connect,
    connector: opts.connector,
    ...(opts.replace ? { replace: opts.replace } : {}),
  };
  let interfaces: InterfacesPlan;
  let files: FileMap;
  let bindings: Generated | undefined;
  let extra: Pick<NewComponent, 'sources' | 'includeDirs'> = {};
  let replaced: string | undefined;
  if (needsDeclaredPlan(declaredOpts)) {
    const planned = await planDeclared(app, name, instance, declaredOpts, adapter.build, bindgen);
    interfaces = { uses: [], imports: [], notes: planned.notes, connections: planned.connections };
    files = planned.files;
    extra = { sources: [`${dir}/src/camkes_glue.c`], includeDirs: planned.includeDirs };
    replaced = planned.replaced;
  } else {
    interfaces = planInterfaces(app, name, instance, opts, adapter.build);
    const component = await planComponent(
      { name, control: opts.control, uses: interfaces.uses, imports: interfaces.imports, build: adapter.build },
      bindgen,
    );
    files = component.files;
    bindings = component.bindings;
  }
  const build = await buildFiles.addComponent({ name, instance, interfaces, ...extra });
  const edits = new Map(build.edits);
  edits.set(
    app.adl,
    addToAssembly(app.assemblyText, app.assembly, {
      dir,
      name,
      instance,
      connections: interfaces.connections,
      ...(replaced ? { replaces: true } : {}),
    }),
  );

  const notes = [...interfaces.notes, ...build.notes];
  if (bindings?.note) notes.push(bindings.note);
  const creates: FileMap = new Map(build.creates);
  for (const [file, contents] of files) creates.set(file, contents);
  return {
    creates,
    edits,
    adl: app.adl,
    instance,
    ...(bindings ? { bindings } : {}),
    ...(replaced ? { replaced } : {}),
    notes,
    executables: build.executables ?? [],
    ...(build.supportAdded ? { supportAdded: build.supportAdded } : {}),
  };
}
