// The `camkes-cmake` flavor: a CAmkES app for today's CMake seL4 build, in one directory that
// goes under projects/camkes/apps/. Same demo as the Kbuild flavor (a Rust component calling
// a C component over RPC; a Rust C library with a cbindgen header, used by the C component),
// with the Rust build support (ostoo-rust/) inside the app.
import path from 'node:path';
import { findTool, libraryHeader } from '../camkes/bindings.js';
import { demoTemplateData, validateCamkesConfig } from '../camkes/project.js';
import { demoServerNames, planDemoComponents } from '../camkes/demo.js';
import { camkesCmakeId } from '../flavor-catalog/flavor-ids.js';
import { toolchainRecord, type ProjectRecord } from '../project/record.js';
import type { BumpFiles, Flavor, FlavorInput, FlavorPlan } from './flavor.js';
import { cmakeAdapter } from '../camkes-cmake/cmake-adapter.js';
import { componentCmakeBlock } from '../camkes-cmake/component-block.js';
import { renderTemplate, type FileMap } from '../render/tree.js';
import { deriveSel4Spec, sel4Arches } from '../target-spec/sel4-spec.js';
import { printBaseSpec, type Spec } from '../target-spec/spec.js';
import type { Toolchain } from '../toolchain/resolve.js';
import {
  cmakeTargets,
  deriveCmakeSpecs,
  lockfileName,
  planSupport,
  renderCargoConfig,
  renderToolchainCmake,
  specFile,
  supportDir,
} from '../camkes-cmake/support.js';

export interface CmakeAppNames {
  app: string;
  component: string;
  cComponent: string;
  procedure: string;
  library: string;
}

/** Kbuild-flavor templates whose text does not depend on the build system. */
const shared = {
  assembly: 'camkes/apps/__app__/__app__.camkes.ejs',
  procedure: 'camkes/apps/__app__/interfaces/__procedure__.camkes.ejs',
  cComponent: 'camkes/apps/__app__/components/__cComponent__/__cComponent__.camkes.ejs',
  cSource: 'camkes/apps/__app__/components/__cComponent__/src/main.c.ejs',
  libSource: 'camkes/libs/lib__library__/src/lib.rs.ejs',
  cbindgen: 'camkes/libs/lib__library__/cbindgen.toml.ejs',
  header: 'camkes/libs/lib__library__/include/__library__.h.ejs',
};

async function plan(input: FlavorInput): Promise<FlavorPlan> {
  const a = input.answers;
  const names: CmakeAppNames = {
    app: a.app === undefined || a.app === '' ? path.basename(input.destination) : String(a.app),
    component: String(a.component),
    cComponent: String(a['c-component']),
    procedure: String(a.interface),
    library: String(a.library),
  };
  validateCamkesConfig(names); // cheap checks before the toolchain and the CLIs
  const toolchain = await input.pickToolchain();
  const specs = await deriveCmakeSpecs(toolchain);
  const bindgen = await findTool('bindgen', a.bindgen as string | undefined);
  const cbindgen = await findTool('cbindgen', a.cbindgen as string | undefined);

  const interfaceFile = `interfaces/${names.procedure}.camkes`;
  const data = {
    ...names,
    ...demoTemplateData(names),
    componentBlock: [names.component, demoServerNames(names).server]
      .map((name) => `${componentCmakeBlock(name, { sources: [`components/${name}/src/camkes_glue.c`] }).join('\n')}\n`)
      .join('\n'),
  };

  const files: FileMap = new Map();
  files.set('CMakeLists.txt', renderTemplate('camkes-cmake/app/CMakeLists.txt.ejs', data));
  files.set('README.md', renderTemplate('camkes-cmake/app/README.md.ejs', data));
  files.set(`${names.app}.camkes`, renderTemplate(shared.assembly, data));
  files.set(interfaceFile, renderTemplate(shared.procedure, data));
  files.set(`components/${names.cComponent}/${names.cComponent}.camkes`, renderTemplate(shared.cComponent, data));
  files.set(`components/${names.cComponent}/src/main.c`, renderTemplate(shared.cSource, data));

  const components = await planDemoComponents(names, files, interfaceFile, 'cmake', bindgen);
  for (const [file, contents] of components.files) files.set(file, contents);

  const lib = `libs/${names.library}`;
  const crate: FileMap = new Map([
    ['Cargo.toml', renderTemplate('camkes-cmake/app/library-Cargo.toml.ejs', data)],
    ['src/lib.rs', renderTemplate(shared.libSource, data)],
    ['cbindgen.toml', renderTemplate(shared.cbindgen, data)],
  ]);
  for (const [file, contents] of crate) files.set(`${lib}/${file}`, contents);
  const header = await libraryHeader(crate, renderTemplate(shared.header, data), cbindgen);
  files.set(`${lib}/include/${names.library}.h`, header.text);

  for (const [file, contents] of planSupport(toolchain, specs)) files.set(file, contents);

  const notes = [header.note].filter((n): n is string => Boolean(n));
  return {
    files,
    executables: [],
    claims: ['CMakeLists.txt', `${names.app}.camkes`, 'components', 'interfaces', 'libs', supportDir],
    record: {
      app: names.app,
      ...supportRecord(
        toolchain,
        Object.fromEntries(cmakeTargets.map((t) => [specFile(t.target), specs.get(t.target)!])),
      ),
    },
    messages: [
      ...notes.map((n) => `Note: ${n}.`),
      '',
      `CAmkES app ready (CMake): ${names.app} (Rust components ${names.component} and ${demoServerNames(names).server}, C component ${names.cComponent}, Rust library lib${names.library}), ${toolchain.versionLine}.`,
      `Put it under projects/camkes/apps/${names.app} of a seL4 CAmkES checkout, then in a build directory:`,
      `  ../init-build.sh -DPLATFORM=x86_64 -DCAMKES_APP=${names.app} -DSIMULATION=TRUE && ninja && ./simulate`,
    ],
  };
}

/** What the record of an app with our support says (new app, camkes-rust, camkes-component alike). */
export function supportRecord(tc: Toolchain, derivedSpecs: Record<string, Spec>): ProjectRecord {
  return {
    flavor: camkesCmakeId,
    toolchain: toolchainRecord(tc),
    targets: cmakeTargets.map((t) => t.target),
    derivedSpecs,
  };
}

function bumpFiles(root: string, record: ProjectRecord): BumpFiles {
  const wanted = new Set(record.targets ?? cmakeTargets.map((t) => t.target));
  return {
    lockfile: path.join(root, lockfileName),
    specs: sel4Arches
      .filter((info) => wanted.has(info.target))
      .map((info) => ({
        file: specFile(info.target),
        derive: async (tc) => deriveSel4Spec(await printBaseSpec(tc, info.baseTriple), info),
      })),
    pinFiles(tc, name) {
      // Both files are fully generated, so they are re-rendered for the new toolchain.
      const pinned = { ...tc, kind: 'rustup' as const, id: name };
      return new Map([
        [path.join(root, supportDir, 'toolchain.cmake'), renderToolchainCmake(pinned)],
        [path.join(root, supportDir, 'cargo-config.toml'), renderCargoConfig(pinned)],
      ]);
    },
  };
}

export const camkesCmakeFlavor: Flavor = {
  id: camkesCmakeId,
  lockFile: lockfileName,
  plan,
  bumpFiles,
  // The record lives in the app directory itself.
  componentApp: () => '.',
  componentBuild: { build: 'cmake', adapter: ({ support }) => cmakeAdapter({ support }), supportRecord },
};
