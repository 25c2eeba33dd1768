// `ostoo camkes-rust DIR`: adds (or refreshes) ostoo-rust/ in an existing CMake CAmkES app
// and points the app's include(rust) / RustAddLibrary at it. Plans only; throws without
// side effects, so a refusal leaves the tree as it was.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileMap } from '../render/tree.js';
import type { Spec } from '../target/spec.js';
import { addSupportInclude, cmakeCalls, CmakeAppError, readCmakeApp, type CmakeAppFacts } from '../camkes/edit/cmake-lists.js';
import { cmakeTargets, knownTargetNames, planSupport, specFile, supportDir, supportInclude, type SupportToolchain } from './support.js';

export { CmakeAppError };

export interface CmakeApp {
  dir: string;
  text: string;
  facts: CmakeAppFacts;
}

/** Reads DIR/CMakeLists.txt and refuses anything that is not a CMake CAmkES app. */
export function readApp(dir: string): CmakeApp {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CmakeAppError(`app directory ${dir} does not exist`);
  const file = path.join(dir, 'CMakeLists.txt');
  if (!existsSync(file)) throw new CmakeAppError(`${dir} has no CMakeLists.txt, so it is not a CMake CAmkES app`);
  const text = readFileSync(file, 'utf8');
  return { dir, text, facts: readCmakeApp(text, `${supportDir}/rust.cmake`) };
}

/**
 * Whether camkes-component should treat DIR as a CMake app: its CMakeLists.txt calls
 * DeclareCAmkESRootserver, or it has a CMakeLists.txt and no Kbuild-era Makefile (then the
 * CMake planner gives the reason it is not an app).
 */
export function isCmakeApp(dir: string): boolean {
  const file = path.join(dir, 'CMakeLists.txt');
  if (!existsSync(file)) return false;
  if (!existsSync(path.join(dir, 'Makefile'))) return true;
  try {
    return cmakeCalls(readFileSync(file, 'utf8')).some((c) => c.name.toLowerCase() === 'declarecamkesrootserver');
  } catch {
    return false;
  }
}

/** Refuses TARGET names written literally in the app that no spec answers to. */
export function checkTargets(facts: CmakeAppFacts): void {
  const known = new Set(knownTargetNames());
  for (const lib of facts.rustLibraries) {
    if (lib.target === undefined || lib.target.includes('${')) continue; // chosen at configure time
    if (!known.has(lib.target)) {
      throw new CmakeAppError(`RustAddLibrary(${lib.name} ...) has unknown TARGET '${lib.target}' (known: ${cmakeTargets.map((t) => t.upstream).join(', ')}, or ${cmakeTargets.map((t) => t.target).join(', ')})`);
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
  const refreshed = [...files.keys()].filter((f) => existsSync(path.join(app.dir, f)));
  const edited = addSupportInclude(app.text, app.facts, supportInclude);
  if (edited !== app.text) files.set('CMakeLists.txt', edited);
  const derivedSpecs = Object.fromEntries(cmakeTargets.map((t) => [specFile(t.target), specs.get(t.target)!]));
  return { files, refreshed, cmakeEdited: edited !== app.text, derivedSpecs };
}
