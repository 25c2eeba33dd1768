// What a component planner reads from a CAmkES app, any build system: its .camkes/.idl4
// files, and whether a new component's names are free there. Reads go through a FileView.
import path from 'node:path';
import { exists, type FileView } from '../util/file-view.js';
import type { CamkesBuild } from './component.js';
import { cmakeCalls } from './edit/cmake-lists.js';
import { ComponentError } from './edit/component-error.js';
import { readAssembly, type AssemblyFacts } from './edit/assembly.js';
import { maskComments } from './idl.js';

/** An app as the build-system-neutral steps of a plan need it. */
export interface CamkesApp {
  view: FileView;
  dir: string;
  /** The assembly, relative to dir, its text and what it declares. */
  adl: string;
  assemblyText: string;
  assembly: AssemblyFacts;
  /** Every .camkes and .idl4 file, relative to dir. */
  camkesFiles: string[];
}

export function readCamkesApp(view: FileView, dir: string, adl: string): CamkesApp {
  const assemblyText = readText(view, path.join(dir, adl), 'the app assembly');
  return {
    view,
    dir,
    adl,
    assemblyText,
    assembly: readAssembly(assemblyText),
    camkesFiles: listCamkesFiles(view, dir),
  };
}

function listCamkesFiles(view: FileView, dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of view.list(path.join(dir, rel))) {
    if (entry.name === 'target' || entry.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.dir) out.push(...listCamkesFiles(view, dir, r));
    else if (/\.(camkes|idl4)$/.test(entry.name)) out.push(r);
  }
  return out;
}

/** Refuses a directory that is neither kind of CAmkES app (a CMake one, or a Kbuild one with its Makefile). */
export function assertCamkesApp(view: FileView, dir: string): void {
  if (!view.isDir(dir))
    throw new ComponentError(
      `app directory ${dir} does not exist`,
      'pass --app DIR with an existing CAmkES app; create one with `ostoo new DIR --flavor camkes-cmake` (or --flavor camkes)',
    );
  if (view.read(path.join(dir, 'CMakeLists.txt')) !== undefined || view.read(path.join(dir, 'Makefile')) !== undefined)
    return;
  throw new ComponentError(
    `${dir} is not a CAmkES app (no CMakeLists.txt, as a CMake app has, and no Makefile, as a Kbuild app has)`,
    'run this in the app directory or pass --app DIR; create an app with `ostoo new DIR --flavor camkes-cmake` (or --flavor camkes)',
  );
}

export function readText(view: FileView, file: string, what: string): string {
  const text = view.read(file);
  if (text === undefined)
    throw new ComponentError(
      `${what} ${file} does not exist`,
      'check the app directory (--app DIR), or restore the file',
    );
  return text;
}

/** The project's libs/LIB/Cargo.toml (two levels above the app) whose package is `name`, if any. */
function libraryCrateNamed(view: FileView, appDir: string, name: string): string | undefined {
  const libs = path.resolve(appDir, '..', '..', 'libs');
  for (const { name: lib } of view.list(libs)) {
    const manifest = view.read(path.join(libs, lib, 'Cargo.toml'));
    if (manifest === undefined) continue;
    const m = /^\s*name\s*=\s*"([^"]*)"/m.exec(manifest);
    if (m?.[1] === name || m?.[1]?.replace(/-/g, '_') === name) return path.join('libs', lib, 'Cargo.toml');
  }
  return undefined;
}

/** Refuses a component type or instance the app's .camkes files already have. */
export function checkComponentIsNew(
  { view, dir: appDir, camkesFiles, assembly }: CamkesApp,
  name: string,
  /** Undefined when an existing instance takes the new type (--replace). */
  instance: string | undefined,
): void {
  for (const file of camkesFiles) {
    const masked = maskComments(readText(view, path.join(appDir, file), 'the app file'));
    if (new RegExp(`\\bcomponent\\s+${name}\\s*\\{`).test(masked))
      throw new ComponentError(`component '${name}' is already defined in ${file}`, 'choose another component name');
  }
  if ([...assembly.instances.values()].includes(name))
    throw new ComponentError(
      `the composition already has a component of type '${name}'`,
      'choose another component name',
    );
  if (instance !== undefined && assembly.instances.has(instance))
    throw new ComponentError(
      `the composition already has an instance named '${instance}'`,
      'choose another --instance',
    );
  const library = libraryCrateNamed(view, appDir, name);
  if (library)
    throw new ComponentError(
      `component name '${name}' is the name of the library crate in ${library}: cargo would see two packages named ${name}`,
      'choose another component name',
    );
}

/**
 * The build system of the app in DIR, for camkes-component: CMake when its CMakeLists.txt
 * calls DeclareCAmkESRootserver, or when it has a CMakeLists.txt and no Kbuild-era Makefile
 * (then the CMake adapter gives the reason it is not an app); the Kbuild-era Makefile
 * otherwise (whose adapter says what is missing).
 */
export function appBuild(dir: string, view: FileView): CamkesBuild {
  const text = view.read(path.join(dir, 'CMakeLists.txt'));
  if (text === undefined) return 'kbuild';
  if (!exists(view, path.join(dir, 'Makefile'))) return 'cmake';
  try {
    return cmakeCalls(text).some((c) => c.name.toLowerCase() === 'declarecamkesrootserver') ? 'cmake' : 'kbuild';
  } catch {
    return 'kbuild';
  }
}

/** A directory the new component would take is there already. */
export function assertAbsent({ view, dir }: CamkesApp, rel: string): void {
  if (exists(view, path.join(dir, rel)))
    throw new ComponentError(`${rel} already exists in ${dir}`, 'choose another name, or move it aside');
}
