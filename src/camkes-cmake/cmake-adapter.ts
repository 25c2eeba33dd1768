// A component's build in a CMake CAmkES app (a CMakeLists.txt calling DeclareCAmkESRootserver):
// RustAddLibrary + DeclareCAmkESComponent lines before the rootserver, and ostoo-rust/ (the
// Rust build support) when the app lacks it, pinned to the toolchain `support` gives.
import path from 'node:path';
import type { ComponentBuildAdapter } from '../camkes/add-component.js';
import { addBeforeRootserver, readCmakeApp } from '../camkes/edit/cmake-lists.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { exists, type FileView } from '../util/file-view.js';
import { checkTargets, planAddSupport, readApp } from './add-support.js';
import { componentCmakeBlock } from './component-block.js';
import { deriveCmakeSpecs, supportDir } from './support.js';

export interface CmakeAdapterOptions {
  /** The toolchain for an app without the support; called only then. */
  support: () => Promise<Toolchain>;
}

export function cmakeAdapter({ support }: CmakeAdapterOptions): ComponentBuildAdapter {
  return {
    build: 'cmake',
    readApp(appDir: string, view: FileView) {
      const app = readApp(appDir, view);
      checkTargets(app.facts);
      return {
        adl: app.facts.adl,
        declared: (name) =>
          app.facts.components.has(name)
            ? `CMakeLists.txt already declares a component '${name}' (DeclareCAmkESComponent)`
            : undefined,
        taken: (name) =>
          app.facts.targets.has(`${name}_rust`) ? `CMakeLists.txt already has a target '${name}_rust'` : undefined,
        async addComponent({ name }) {
          const notes: string[] = [];
          const creates = new Map<string, string | Buffer>();
          let cmake = app.text;
          let supportAdded;
          if (!app.facts.hasSupportInclude || !exists(view, path.join(appDir, supportDir, 'rust.cmake'))) {
            const toolchain = await support();
            const added = planAddSupport(app, toolchain, await deriveCmakeSpecs(toolchain));
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
          const edits = new Map([
            [
              'CMakeLists.txt',
              addBeforeRootserver(cmake, readCmakeApp(cmake, `${supportDir}/rust.cmake`), componentCmakeBlock(name)),
            ],
          ]);
          return { edits, creates, notes, ...(supportAdded ? { supportAdded } : {}) };
        },
      };
    },
  };
}
