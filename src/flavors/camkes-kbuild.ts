// The `camkes` flavor: a seL4/CAmkES project for the Kbuild-era build (src/camkes/project.ts
// plans its files), or, with --into-existing at the root of such a checkout, the same parts
// added into it with `source` lines in the checkout's own Kconfig.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OstooError } from '../errors.js';
import { findTool } from '../camkes/bindings.js';
import { demoServerNames } from '../camkes/demo.js';
import { kbuildAdapter } from '../camkes/kbuild-adapter.js';
import { kbuildSupportDirs, kbuildSupportState } from '../camkes/kbuild-support.js';
import { diskView } from '../util/file-view.js';
import { addKconfigSources, detectKbuildTree } from '../camkes/kbuild-tree.js';
import {
  defconfigName,
  executableCamkesFiles,
  planCamkesProject,
  platformFor,
  validateCamkesConfig,
  type CamkesConfig,
} from '../camkes/project.js';
import { camkesKbuildId } from '../flavor-catalog/flavor-ids.js';
import { toolchainRecord, type ProjectRecord } from '../project/record.js';
import { repinToolchainFileAt, editIfPresent, repointVendor } from '../project/repin.js';
import { renderTemplate } from '../render/tree.js';
import { deriveSel4Spec, deriveSel4Specs, sel4Arches, sel4ArchInfo, type Sel4Arch } from '../target-spec/sel4-spec.js';
import { printBaseSpec } from '../target-spec/spec.js';
import type { Toolchain } from '../toolchain/resolve.js';
import type { BumpFiles, Flavor, FlavorInput, FlavorPlan } from './flavor.js';

const specFile = (target: string): string => `tools/rust/targets/${target}.json`;

async function plan(input: FlavorInput): Promise<FlavorPlan> {
  const a = input.answers;
  const arch = sel4ArchInfo(String(a.arch)).arch as Sel4Arch;
  // Cheap checks first: names, then the toolchain, then the CLIs.
  const names = {
    app: String(a.app),
    component: String(a.component),
    cComponent: String(a['c-component']),
    procedure: String(a.interface),
    library: String(a.library),
  };
  validateCamkesConfig(names);
  const toolchain = await input.pickToolchain();
  const specs = new Map([...(await deriveSel4Specs(toolchain))].map(([info, spec]) => [info.target, spec]));
  // --into-existing at the root of a Kbuild checkout: add to it, keep its top level.
  const tree = a['into-existing'] ? detectKbuildTree(input.destination) : undefined;
  const config: CamkesConfig = {
    ...names,
    repoName: path.basename(input.destination),
    defaultArch: arch,
    toolchain,
    specs,
    layout: tree ? 'tree' : 'project',
    ...(tree ? { kernelSymbols: tree.kernelSymbols } : {}),
  };
  const edits = new Map<string, string>();
  // A checkout with ostoo's Rust support already (from camkes-component or doctor --fix) keeps it.
  const support = tree ? kbuildSupportState(input.destination, diskView) : 'absent';
  if (support === 'earlier') {
    throw new OstooError(
      `${path.join(input.destination, 'tools/rust')} is ostoo's earlier Rust support`,
      'run `ostoo doctor --fix` there first, which brings it up to date',
    );
  }
  if (tree) {
    const text = addKconfigSources(tree.kconfigText, {
      libs: [`libs/lib${names.library}/Kconfig`, 'libs/libcompiler-rt/Kconfig'],
      apps: [`apps/${names.app}/Kconfig`],
      tools: ['tools/rust/Kconfig'],
    });
    edits.set(tree.kconfigFile, text);
  }
  const tools = {
    bindgen: await findTool('bindgen', a.bindgen as string | undefined),
    cbindgen: await findTool('cbindgen', a.cbindgen as string | undefined),
  };
  const project = await planCamkesProject(config, tools);
  const kept =
    support === 'current' ? kbuildSupportDirs.filter((d) => existsSync(path.join(input.destination, d))) : [];
  for (const file of [...project.files.keys()])
    if (kept.some((d) => file.startsWith(`${d}/`))) project.files.delete(file);

  const start = `make ${defconfigName(names.app, platformFor(arch))} && make`;
  const record: ProjectRecord = {
    flavor: camkesKbuildId,
    toolchain: toolchainRecord(toolchain),
    targets: [...specs.keys()],
    derivedSpecs: Object.fromEntries([...specs].map(([t, spec]) => [specFile(t), spec])),
  };
  return {
    files: project.files,
    executables: executableCamkesFiles,
    claims: [`apps/${names.app}`, `libs/lib${names.library}`, ...kbuildSupportDirs.filter((d) => !kept.includes(d))],
    edits,
    record,
    messages: [
      ...project.notes.map((n) => `Note: ${n}.`),
      ...(kept.length
        ? [
            `Note: ${kept.join(', ')} ${kept.length > 1 ? 'are' : 'is'} there already: kept as ${kept.length > 1 ? 'they are' : 'it is'}.`,
          ]
        : []),
      `\nCAmkES project ready: app ${names.app} (Rust components ${names.component} and ${demoServerNames(names).server}, C component ${names.cComponent}), library lib${names.library}, ${toolchain.versionLine}.`,
      tree
        ? `Added source lines to ${tree.kconfigFile}. Build: ${start} (see tools/rust/README.md)`
        : `In a Kbuild-era seL4/CAmkES checkout (see README.md): ${start}`,
    ],
  };
}

function bumpFiles(root: string, record: ProjectRecord): BumpFiles {
  const wanted = new Set(record.targets ?? sel4Arches.map((a) => a.target));
  return {
    lockfile: path.join(root, 'toolchains.lock'),
    specs: sel4Arches
      .filter((a) => wanted.has(a.target))
      .map((info) => ({
        file: specFile(info.target),
        derive: async (tc: Toolchain) => deriveSel4Spec(await printBaseSpec(tc, info.baseTriple), info),
      })),
    pinFiles(tc, name) {
      const out = new Map<string, string>();
      repinToolchainFileAt(out, path.join(root, 'rust-toolchain.toml'), name);
      // Fully generated and overridable from the make command line (and the environment), so
      // they are re-rendered; toolchain.sh is xargo's copy of the pin.
      for (const file of ['toolchain.mk', 'toolchain.sh']) {
        out.set(
          path.join(root, 'tools/rust', file),
          renderTemplate(`camkes/tools/rust/${file}.ejs`, { toolchain: { ...tc, kind: 'rustup', id: name } }),
        );
      }
      editIfPresent(out, path.join(root, 'tools/rust/cargo-config.toml'), (t) => repointVendor(t, tc.vendorDir));
      return out;
    },
  };
}

export const camkesKbuildFlavor: Flavor = {
  id: camkesKbuildId,
  lockFile: 'toolchains.lock',
  plan,
  bumpFiles,
  componentApp: (record) => (record.app ? `apps/${record.app}` : undefined),
  componentBuild: {
    build: 'kbuild',
    adapter: ({ rustMk, support }) => kbuildAdapter({ rustMk, support }),
    supportRecord: (tc, derivedSpecs) => ({
      flavor: camkesKbuildId,
      toolchain: toolchainRecord(tc),
      targets: Object.keys(derivedSpecs).map((f) => path.basename(f, '.json')),
      derivedSpecs,
    }),
  },
};
