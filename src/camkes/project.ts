// The `camkes` flavor as data: a plain config in, a file map out. The project follows the
// layout of seL4's Kbuild-era CAmkES project repos (apps/, libs/, configs/, a Kconfig and a
// Makefile at the top) and carries tools/rust/, the Rust rules seL4_tools no longer has.
import { oneLine } from '../render/quote.js';
import { renderTemplate, renderTree, type FileMap } from '../render/tree.js';
import { NameError } from '../package-names.js';
import type { Spec } from '../target-spec/spec.js';
import type { Sel4Arch } from '../target-spec/sel4-spec.js';
import { libraryHeader, type CliTool, type Generated } from './bindings.js';
import { componentMakefileBlock } from './component.js';
import { renderProcedure, type CamkesProcedure } from './idl.js';
import { assertCIdentifier, assertRustCIdentifier, kconfigSymbol } from '../identifiers.js';
import {
  kbuildSupportDirs,
  kbuildSupportExecutables,
  planKbuildSupport,
  supportTemplateData,
  type SupportToolchain,
} from './kbuild-support.js';
import { camkesQuoting } from '../render/camkes-quote.js';
import { demoServerNames, planDemoComponents, rustProcedureText } from './demo.js';

export interface CamkesPlatform {
  arch: Sel4Arch;
  /** configs/<app>_<label>_defconfig */
  label: string;
  description: string;
  /** Kernel .config lines selecting the architecture and platform. */
  kernel: string[];
  crossPrefix: string;
}

export const camkesPlatforms: readonly CamkesPlatform[] = [
  {
    arch: 'x86_64',
    label: 'x86_64',
    description: 'x86_64 PC (pc99)',
    kernel: ['CONFIG_ARCH_X86=y', 'CONFIG_ARCH_X86_64=y', 'CONFIG_PLAT_PC99=y'],
    crossPrefix: '',
  },
  {
    arch: 'ia32',
    label: 'ia32',
    description: '32-bit x86 PC (pc99)',
    kernel: ['CONFIG_ARCH_X86=y', 'CONFIG_ARCH_IA32=y', 'CONFIG_PLAT_PC99=y'],
    crossPrefix: '',
  },
  {
    arch: 'aarch32',
    label: 'sabre',
    description: 'aarch32, i.MX6 Sabre Lite (Cortex-A9)',
    // PLAT_SABRE is the Kconfig choice; it selects PLAT_IMX6, ARM_CORTEX_A9 and ARCH_ARM_V7A.
    kernel: [
      'CONFIG_ARCH_ARM=y',
      'CONFIG_ARCH_AARCH32=y',
      'CONFIG_ARCH_ARM_V7A=y',
      'CONFIG_ARM_CORTEX_A9=y',
      'CONFIG_PLAT_IMX6=y',
      'CONFIG_PLAT_SABRE=y',
    ],
    crossPrefix: 'arm-linux-gnueabi-',
  },
  {
    arch: 'aarch32',
    label: 'kzm',
    description: 'aarch32 ARMv6, KZM i.MX31 (ARM1136JF-S)',
    kernel: [
      'CONFIG_ARCH_ARM=y',
      'CONFIG_ARCH_AARCH32=y',
      'CONFIG_ARCH_ARM_V6=y',
      'CONFIG_ARM1136JF_S=y',
      'CONFIG_PLAT_KZM=y',
    ],
    crossPrefix: 'arm-linux-gnueabi-',
  },
  {
    arch: 'aarch64',
    label: 'tx1',
    description: 'aarch64, NVIDIA Jetson TX1 (Cortex-A57)',
    kernel: [
      'CONFIG_ARCH_ARM=y',
      'CONFIG_ARCH_AARCH64=y',
      'CONFIG_ARCH_ARM_V8A=y',
      'CONFIG_ARM_CORTEX_A57=y',
      'CONFIG_PLAT_TX1=y',
    ],
    crossPrefix: 'aarch64-linux-gnu-',
  },
  {
    arch: 'riscv64',
    label: 'spike',
    description: 'riscv64 (RV64IMAC), Spike',
    kernel: ['CONFIG_ARCH_RISCV=y', 'CONFIG_ARCH_RISCV_RV64=y', 'CONFIG_PLAT_SPIKE=y'],
    crossPrefix: 'riscv64-unknown-linux-gnu-',
  },
];

export function platformFor(arch: Sel4Arch): CamkesPlatform {
  return camkesPlatforms.find((p) => p.arch === arch)!;
}

export function defconfigName(app: string, platform: CamkesPlatform): string {
  return `${app}_${platform.label}_defconfig`;
}

export interface CamkesConfig {
  /** The repository's name (manifest project, README). */
  repoName: string;
  app: string;
  /** The Rust component (type name = crate name). */
  component: string;
  /** The C component it calls. */
  cComponent: string;
  /** The RPC interface between them. */
  procedure: string;
  /** libs/lib<library>, crate <library>. */
  library: string;
  /** The architecture the README and the Makefile's quick start use. */
  defaultArch: Sel4Arch;
  toolchain: SupportToolchain;
  /** Target spec per sel4Arches entry's target name. */
  specs: Map<string, Spec>;
  /**
   * `project`: a project repository of its own (top-level Kconfig and Makefile, manifest
   * snippet). `tree`: files added into a Kbuild-era checkout, whose own Kconfig, Makefile and
   * Kbuild stay (the Kconfig gets `source` lines, see kbuild-tree.ts).
   */
  layout?: 'project' | 'tree';
  /** The checkout kernel's Kconfig symbols: platforms it lacks get no defconfig (`tree`). */
  kernelSymbols?: Set<string>;
}

/** Whether a kernel with these Kconfig symbols has the platform (all its PLAT_/ARCH_ symbols). */
export function kernelHasPlatform(symbols: Set<string>, platform: CamkesPlatform): boolean {
  return platform.kernel.every((line) => symbols.has(line.replace(/^CONFIG_/, '').replace(/=.*$/, '')));
}

/** What a checkout already has, so the `tree` layout does not write it. */
const projectOnlyFiles = [
  'Kconfig',
  'Makefile',
  'manifest-snippet.xml',
  'README.md',
  'rust-toolchain.toml',
  '.gitignore',
];

export interface CamkesTools {
  bindgen?: CliTool;
  cbindgen?: CliTool;
}

export interface CamkesPlan {
  files: FileMap;
  /** Where a CLI was missing or failed, and what was written instead. */
  notes: string[];
  /** Platforms whose defconfig was written. */
  platforms: CamkesPlatform[];
  header: Generated;
}

export const executableCamkesFiles = kbuildSupportExecutables;

// Libraries of a seL4/CAmkES checkout a generated library must not shadow.
const sel4LibraryNames = new Set(
  (
    'sel4 muslc c sel4muslcsys sel4muslccamkes sel4camkes sel4platsupport sel4utils cpio elf sel4vspace sel4vka ' +
    'platsupport sel4debug sel4sync sel4bench utils sel4simple sel4simple-default ethdrivers compiler-rt sel4test'
  ).split(' '),
);

/** Validates names and their relations; throws NameError. */
export function validateCamkesConfig(
  c: Pick<CamkesConfig, 'app' | 'component' | 'cComponent' | 'procedure' | 'library'>,
): void {
  assertRustCIdentifier(c.app, 'app name');
  assertRustCIdentifier(c.component, 'component name');
  assertCIdentifier(c.cComponent, 'C component name');
  assertCIdentifier(c.procedure, 'interface (procedure) name');
  assertRustCIdentifier(c.library, 'library name');
  if (c.component === c.cComponent) throw new NameError(`the Rust and the C component are both named '${c.component}'`);
  if (c.library === c.component) {
    throw new NameError(
      `library and component are both named '${c.library}': their crates would share one archive name`,
    );
  }
  if (sel4LibraryNames.has(c.library))
    throw new NameError(`library name '${c.library}' is taken by seL4's lib${c.library}`);
  const iface = interfaceName(c.procedure);
  for (const [what, name] of [
    ['component', c.component],
    ['C component', c.cComponent],
  ] as const) {
    if (`${name}_obj` === `${iface}_rpc`) throw new NameError(`${what} '${name}' clashes with the connection name`);
  }
  // The demo's Rust server, named after the C component: its crate and names must be free too.
  const d = demoServerNames(c);
  if ([c.component, c.library].includes(d.server))
    throw new NameError(`'${d.server}' is the name of the demo's Rust server (the C component's name + _rs)`);
  if (c.component.endsWith('_rs') && c.component.slice(0, -3) === c.cComponent)
    throw new NameError(`component '${c.component}' clashes with the demo's Rust server`);
  const instances = [`${c.component}_obj`, `${c.cComponent}_obj`, d.serverInstance];
  const connections = [`${iface}_rpc`, `${d.rustIface}_rpc`, `${d.dataport}_dp`, `${d.event}_ev`];
  const clash = connections.find((n, i) => instances.includes(n) || connections.indexOf(n) !== i);
  if (clash) throw new NameError(`the demo's connection name '${clash}' clashes with another name of the app`);
  if (d.rustIface === iface || [d.dataport, d.event].includes(iface))
    throw new NameError(`interface (procedure) name '${c.procedure}' clashes with the demo's other interfaces`);
}

/** The interface name both components use for the procedure: `Greeter` -> `greeter`. */
export function interfaceName(procedure: string): string {
  return procedure.toLowerCase();
}

/** The demo interface: one method taking a string. */
export function demoProcedure(name: string): CamkesProcedure {
  return {
    name,
    includes: [],
    methods: [{ name: 'greet', returns: 'int', params: [{ direction: 'in', type: 'string', name: 'name' }] }],
  };
}

/** What the demo's templates (shared by both CAmkES flavors) say of its names. */
export function demoTemplateData(names: Pick<CamkesConfig, 'component' | 'cComponent' | 'procedure' | 'library'>) {
  const server = demoServerNames(names);
  return {
    ...server,
    iface: interfaceName(names.procedure),
    method: 'greet',
    instance: `${names.component}_obj`,
    cInstance: `${names.cComponent}_obj`,
    procedureText: `${renderProcedure(demoProcedure(names.procedure))}\n${rustProcedureText(server.rustProcedure)}`,
    librarySymbol: kconfigSymbol(names.library),
  };
}

function libraryCrate(all: FileMap, library: string): FileMap {
  const prefix = `libs/lib${library}/`;
  const crate: FileMap = new Map();
  for (const [file, contents] of all) {
    if (file.startsWith(prefix) && !file.startsWith(`${prefix}include/`))
      crate.set(file.slice(prefix.length), contents);
  }
  return crate;
}

export async function planCamkesProject(config: CamkesConfig, tools: CamkesTools = {}): Promise<CamkesPlan> {
  validateCamkesConfig(config);
  // Free text that reaches the files: refused here, named, if no file's language can carry it.
  oneLine(config.repoName, 'project directory name');
  oneLine(config.toolchain.root, 'toolchain path');
  const appDir = `apps/${config.app}`;
  const interfaceFile = `interfaces/${config.procedure}.camkes`;

  const defaultPlatform = platformFor(config.defaultArch);
  const data = {
    ...config,
    ...demoTemplateData(config),
    ...supportTemplateData(config.toolchain),
    appSymbol: kconfigSymbol(config.app),
    componentMakefileBlock: [config.component, demoServerNames(config).server]
      .map((name) => componentMakefileBlock(name))
      .join('\n'),
    qk: camkesQuoting,
    platforms: camkesPlatforms,
    defaultPlatform,
    defconfigName: (p: CamkesPlatform) => defconfigName(config.app, p),
  };

  const files = renderTree('camkes', data);
  // The support (tools/rust, tools/xargo, libs/libcompiler-rt) as planKbuildSupport plans it.
  for (const file of [...files.keys()]) {
    if (kbuildSupportDirs.some((dir) => file.startsWith(`${dir}/`))) files.delete(file);
  }
  for (const [file, contents] of planKbuildSupport(config.toolchain, config.specs)) files.set(file, contents);
  // In a checkout, tools/rust/README.md explains the Rust parts; the checkout's own README.md stays.
  if (config.layout === 'tree') for (const file of projectOnlyFiles) files.delete(file);
  const appFiles: FileMap = new Map(
    [...files].filter(([f]) => f.startsWith(`${appDir}/`)).map(([f, t]) => [f.slice(appDir.length + 1), t]),
  );
  const components = await planDemoComponents(config, appFiles, interfaceFile, 'kbuild', tools.bindgen);
  for (const [file, contents] of components.files) files.set(`${appDir}/${file}`, contents);
  const platforms = camkesPlatforms.filter((p) => !config.kernelSymbols || kernelHasPlatform(config.kernelSymbols, p));
  const skipped = camkesPlatforms.filter((p) => !platforms.includes(p));
  for (const platform of platforms) {
    files.set(
      `configs/${defconfigName(config.app, platform)}`,
      renderTemplate('camkes-defconfig/defconfig.ejs', { ...data, platform }),
    );
  }
  const headerPath = `libs/lib${config.library}/include/${config.library}.h`;
  const header = await libraryHeader(
    libraryCrate(files, config.library),
    String(files.get(headerPath)),
    tools.cbindgen,
  );
  files.set(headerPath, header.text);

  const notes = [header.note].filter((n): n is string => Boolean(n));
  for (const p of skipped) {
    notes.push(
      `this checkout's kernel has no ${p.description} (${p.kernel.join(' ')}): no configs/${defconfigName(config.app, p)}; its Rust target is still in tools/rust/targets`,
    );
  }
  return { files, notes, platforms, header };
}
