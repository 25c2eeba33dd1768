// `ostoo camkes-rust DIR`: adds (or refreshes) ostoo-rust/ in an existing CMake CAmkES app
// and points the app's include(rust) / RustAddLibrary at it. Plans only; throws without
// side effects, so a refusal leaves the tree as it was.
import path from 'node:path';
import type { FileMap } from '../render/tree.js';
import type { Spec } from '../target-spec/spec.js';
import { diskView, exists, type FileView } from '../util/file-view.js';
import { addSupportInclude, CmakeAppError, readCmakeApp, type CmakeAppFacts } from '../camkes/edit/cmake-lists.js';
import {
  cmakeTargets,
  knownTargetNames,
  planSupport,
  specFile,
  supportDir,
  supportInclude,
  type SupportToolchain,
} from './support.js';

export { CmakeAppError };

export interface CmakeApp {
  /** What the app was read through; later reads use it too. */
  view: FileView;
  dir: string;
  text: string;
  facts: CmakeAppFacts;
}

/** Reads DIR/CMakeLists.txt and refuses anything that is not a CMake CAmkES app. */
export function readApp(dir: string, view: FileView = diskView): CmakeApp {
  if (!view.isDir(dir))
    throw new CmakeAppError(
      `app directory ${dir} does not exist`,
      'check the path, or create the app with `ostoo new DIR --flavor camkes-cmake`',
    );
  const text = view.read(path.join(dir, 'CMakeLists.txt'));
  if (text === undefined)
    throw new CmakeAppError(
      `${dir} has no CMakeLists.txt, so it is not a CMake CAmkES app`,
      'pass the app directory (projects/camkes/apps/APP); for a Kbuild app use `ostoo camkes-component`',
    );
  return { view, dir, text, facts: readCmakeApp(text, `${supportDir}/rust.cmake`) };
}

/** Refuses TARGET names written literally in the app that no spec answers to. */
export function checkTargets(facts: CmakeAppFacts): void {
  const known = new Set(knownTargetNames());
  for (const lib of facts.rustLibraries) {
    if (lib.target === undefined || lib.target.includes('${')) continue; // chosen at configure time
    if (!known.has(lib.target)) {
      throw new CmakeAppError(
        `RustAddLibrary(${lib.name} ...) has unknown TARGET '${lib.target}' (known: ${cmakeTargets.map((t) => t.upstream).join(', ')}, or ${cmakeTargets.map((t) => t.target).join(', ')})`,
        'use one of those, or drop TARGET to let the seL4 configuration choose',
      );
    }
  }
}

export interface SupportPlan {
  /** Files relative to the app directory: the support (always rewritten) and CMakeLists.txt if edited. */
  files: FileMap;
  /** The support files that already existed (refreshed, not created). */
  refreshed: string[];
  cmakeEdited: boolean;
  derivedSpecs: Record<string, Spec>;
}

export function planAddSupport(app: CmakeApp, tc: SupportToolchain, specs: Map<string, Spec>): SupportPlan {
  checkTargets(app.facts);
  const files = planSupport(tc, specs);
  const refreshed = [...files.keys()].filter((f) => exists(app.view, path.join(app.dir, f)));
  const edited = addSupportInclude(app.text, app.facts, supportInclude);
  if (edited !== app.text) files.set('CMakeLists.txt', edited);
  const derivedSpecs = Object.fromEntries(cmakeTargets.map((t) => [specFile(t.target), specs.get(t.target)!]));
  return { files, refreshed, cmakeEdited: edited !== app.text, derivedSpecs };
}
