// What a bump touches in each kind of generated workspace: where its lock lives, which
// target specs are derived from the toolchain (and how), and its toolchain-pinning files.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toml } from '../render/quote.js';
import { renderTemplate } from '../render/tree.js';
import { deriveSel4Spec, sel4Arches } from '../target/sel4-spec.js';
import { printBaseSpec, type Spec } from '../target/spec.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { deriveSpecFor } from '../workspace/user-rs.js';
import { userArchInfo } from '../target/user-arch.js';
import { findFlavor } from '../flavors/registry.js';

export interface WorkspaceRc {
  flavor?: string;
  os?: string;
  target?: string;
  targets?: string[];
  toolchain?: { kind: string; id: string; root?: string; versionLine?: string };
  derivedSpecs?: Record<string, Spec>;
  specOverlays?: Record<string, Record<string, unknown>>;
  [k: string]: unknown;
}

export interface DerivedSpecFile {
  /** Relative to the workspace root. */
  file: string;
  derive(tc: Toolchain): Promise<Spec>;
}

export interface FlavorFiles {
  lockfile: string;
  specs: DerivedSpecFile[];
  /** New contents of the toolchain-pinning files (absolute path -> text), for toolchain `name`. */
  pinFiles(tc: Toolchain, name: string): Map<string, string>;
}

/** Rewrites the channel (or replaces a path) in rust-toolchain.toml, keeping everything else. */
export function repinToolchainFile(text: string, name: string): string {
  // Replacement functions, not strings: a `$` in a value must not be read as a pattern.
  if (/^channel\s*=.*$/m.test(text)) return text.replace(/^channel\s*=.*$/m, () => `channel = ${toml(name)}`);
  const body = `channel = ${toml(name)}\ncomponents = ["rust-src"]`;
  if (/^path\s*=.*$/m.test(text)) return text.replace(/^#.*\n(?=path\s*=)/m, '').replace(/^path\s*=.*$/m, () => body);
  return `[toolchain]\n${body}\n`;
}

/** Points the offline vendor source at the new toolchain's rust-src (or drops it). */
export function repointVendor(config: string, vendorDir: string | undefined): string {
  const table = /\n*# This toolchain's rust-src vendors[^]*?\[source\.rust-src-vendor\]\ndirectory = "(?:[^"\\\n]|\\.)*"\n/;
  if (!table.test(config)) return config;
  if (!vendorDir) return config.replace(table, '\n');
  return config.replace(/(\[source\.rust-src-vendor\]\ndirectory = )"(?:[^"\\\n]|\\.)*"/, (_m, head: string) => `${head}${toml(vendorDir)}`);
}

/** Regenerates the marked toolchain block of the user-rs build script. */
export function rewriteToolchainBlock(script: string, tc: Toolchain): string {
  const block = /# >>> toolchain[^\n]*\n[^]*?# <<< toolchain\n/;
  if (!block.test(script)) return script;
  return script.replace(block, () => renderTemplate('partials/user-rs-toolchain-env.sh.ejs', { toolchain: tc }));
}

function editIfPresent(out: Map<string, string>, file: string, edit: (text: string) => string): void {
  if (existsSync(file)) out.set(file, edit(readFileSync(file, 'utf8')));
}

function userRs(root: string, rc: WorkspaceRc): FlavorFiles {
  const ws = path.join(root, 'user-rs');
  return {
    lockfile: path.join(ws, 'toolchains.lock'),
    specs: [{ file: `user-rs/${rc.target}.json`, derive: (tc) => deriveSpecFor(tc, rc.os ?? 'ostoo', userArchInfo(String(rc.arch ?? 'x86_64')).arch) }],
    pinFiles(tc, name) {
      const out = new Map<string, string>();
      const tcFile = path.join(ws, 'rust-toolchain.toml');
      out.set(tcFile, repinToolchainFile(existsSync(tcFile) ? readFileSync(tcFile, 'utf8') : '', name));
      editIfPresent(out, path.join(ws, '.cargo', 'config.toml'), (t) => repointVendor(t, tc.vendorDir));
      editIfPresent(out, path.join(root, 'scripts', 'user-rs-build.sh'), (t) => rewriteToolchainBlock(t, tc));
      return out;
    },
  };
}

function camkes(root: string, rc: WorkspaceRc): FlavorFiles {
  const wanted = new Set(rc.targets ?? sel4Arches.map((a) => a.target));
  return {
    lockfile: path.join(root, 'toolchains.lock'),
    specs: sel4Arches
      .filter((a) => wanted.has(a.target))
      .map((info) => ({ file: `tools/rust/targets/${info.target}.json`, derive: async (tc: Toolchain) => deriveSel4Spec(await printBaseSpec(tc, info.baseTriple), info) })),
    pinFiles(tc, name) {
      const out = new Map<string, string>();
      const tcFile = path.join(root, 'rust-toolchain.toml');
      out.set(tcFile, repinToolchainFile(existsSync(tcFile) ? readFileSync(tcFile, 'utf8') : '', name));
      // Fully generated and overridable from the make command line, so it is re-rendered.
      out.set(path.join(root, 'tools/rust/toolchain.mk'), renderTemplate('camkes/tools/rust/toolchain.mk.ejs', { toolchain: { ...tc, kind: 'rustup', id: name } }));
      editIfPresent(out, path.join(root, 'tools/rust/cargo-config.toml'), (t) => repointVendor(t, tc.vendorDir));
      return out;
    },
  };
}

export function flavorFiles(root: string, rc: WorkspaceRc): FlavorFiles | undefined {
  const module = findFlavor(rc.flavor);
  if (module) return module.bumpFiles(root, rc);
  if (rc.flavor === 'user-rs') return userRs(root, rc);
  if (rc.flavor === 'camkes') return camkes(root, rc);
  return undefined;
}
