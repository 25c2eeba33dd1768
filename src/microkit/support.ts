// The Rust side of a Microkit system, in its own directory (rust/) beside the .system file:
// a Cargo workspace with the `microkit` crate (safe Rust over libmicrokit, through shim.c),
// one crate per PD with its generated src/system.rs, the pinned toolchain, the derived target
// spec, and microkit.mk, the make rules that build and link the PDs. The same directory is
// what `ostoo new --flavor microkit` and `ostoo microkit-pd` (on any system) write.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { renderTemplate, renderTree, type FileMap } from '../render/tree.js';
import type { MicrokitArchInfo } from '../target-spec/microkit-spec.js';
import { serializeSpec, type Spec } from '../target-spec/spec.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { pdApi, renderPdApi, type PdApi } from './pd-api.js';
import { typeName } from './rust-names.js';
import type { SystemModel } from './system-model.js';

/** The support directory, relative to the .system file's directory. */
export const rustDir = 'rust';
export const lockfileName = `${rustDir}/toolchains.lock`;
/** The crate every PD depends on; no PD may take its name. */
export const runtimeCrate = 'microkit';

export type SupportToolchain = Pick<Toolchain, 'kind' | 'id' | 'root' | 'versionLine' | 'needsBootstrap' | 'vendorDir'>;

export interface SupportConfig {
  toolchain: SupportToolchain;
  arch: MicrokitArchInfo;
  spec: Spec;
  /** The .system file's name (it sits beside rust/). */
  systemFile: string;
  /** The Rust PDs, in build order. */
  pds: string[];
  sdk: string;
  board: string;
  config: string;
  /** The cross tools' prefix microkit.mk uses when the includer sets no TOOLCHAIN. */
  cross: string;
}

export function specFile(arch: Pick<MicrokitArchInfo, 'target'>): string {
  return `${rustDir}/${arch.target}.json`;
}

/** `sha256sum --check` input for the .system file, as seen from rust/. */
export function systemChecksum(systemFile: string, systemText: string): string {
  const digest = createHash('sha256').update(systemText, 'utf8').digest('hex');
  return `${digest}  ../${systemFile}\n`;
}

export function renderToolchainMk(tc: SupportToolchain): string {
  return renderTemplate('microkit/support/toolchain.mk.ejs', { toolchain: tc });
}

export function renderCargoConfig(tc: SupportToolchain, arch: MicrokitArchInfo): string {
  return renderTemplate('microkit/support/dot-cargo/config.toml.ejs', { toolchain: tc, target: arch.target });
}

/** The whole support directory (relative to the system's directory), without PD crates. */
export function planSupport(c: SupportConfig): FileMap {
  const data = { ...c, target: c.arch.target, systemFromRust: `../${c.systemFile}` };
  const files: FileMap = new Map();
  renderTree('microkit/support', data, files, rustDir);
  files.set(`${rustDir}/rust-toolchain.toml`, renderTemplate('user-rs/user-rs/rust-toolchain.toml.ejs', data));
  files.set(specFile(c.arch), serializeSpec(c.spec));
  return files;
}

/** The PDs' generated APIs and the checksum microkit.mk checks them against. */
export function planApis(model: SystemModel, systemFile: string, pds: readonly string[]): FileMap {
  const files: FileMap = new Map();
  for (const pd of pds) files.set(`${rustDir}/${pd}/src/system.rs`, renderPdApi(pdApi(model, pd, systemFile)));
  files.set(`${rustDir}/system.sha256`, systemChecksum(systemFile, model.text));
  return files;
}

/** A new PD crate: Cargo.toml and a starter lib.rs that handles what its API says can happen. */
export function planPdCrate(api: PdApi): FileMap {
  const data = { name: api.pd, api, typeName: typeName(api.pd) };
  return new Map([
    [`${rustDir}/${api.pd}/Cargo.toml`, renderTemplate('microkit/pd/Cargo.toml.ejs', data)],
    [`${rustDir}/${api.pd}/src/lib.rs`, renderTemplate('microkit/pd/src/lib.rs.ejs', data)],
  ]);
}

/** The PD lines of microkit.mk, in order (`MICROKIT_RUST_PDS += NAME`). */
export function listedPds(microkitMk: string): string[] {
  return [...microkitMk.matchAll(/^MICROKIT_RUST_PDS\s*\+=\s*(\S+)\s*$/gm)].map((m) => m[1]!);
}

/** microkit.mk with a line for `pd` after the last PD line; undefined when it has none to follow. */
export function addPdToMicrokitMk(text: string, pd: string): string | undefined {
  const lines = text.split('\n');
  let last = -1;
  lines.forEach((l, i) => {
    if (/^MICROKIT_RUST_PDS\s*\+=/.test(l)) last = i;
  });
  if (last < 0) {
    const marker = lines.findIndex((l) => l.startsWith('# The Rust PDs'));
    if (marker < 0) return undefined;
    last = marker;
  }
  lines.splice(last + 1, 0, `MICROKIT_RUST_PDS += ${pd}`);
  return lines.join('\n');
}

/** A path for messages: relative to where the user is, when that is shorter. */
export function shown(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}
