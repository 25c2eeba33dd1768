// The metadata rustup reads from an installed toolchain (see rustup's src/dist/prefix.rs,
// component/components.rs, config.rs, manifestation.rs):
//   lib/rustlib/rust-installer-version          "3"
//   lib/rustlib/components                      installed component names, one a line
//   lib/rustlib/manifest-<component>            that component's `file:`/`dir:` parts
//   lib/rustlib/multirust-config.toml           installed components as pkg/target pairs
//   lib/rustlib/multirust-channel-manifest.toml the channel manifest: rustup's
//       `component list` joins its rust package's components/extensions with the config.
// rustup treats a toolchain as installed as soon as its directory exists, which is why
// the whole tree is built in a staging directory and renamed into place.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml, stringify } from 'smol-toml';
import { COMPRESSIONS, type LockedArtifact, type ToolchainEntry } from '../lock/schema.js';
import { COMPRESSION_FORMATS } from '../lock/compression.js';
import { componentName, INSTALLER_VERSION, type ComponentPlan } from './component.js';
import { formatPart } from './manifest-parts.js';

export const RUSTLIB = path.join('lib', 'rustlib');
export const CONFIG_FILE = 'multirust-config.toml';
export const DIST_MANIFEST = 'multirust-channel-manifest.toml';
/** Our own record: the lock entry this toolchain was installed from (`ostoo toolchain verify` reads it). */
export const OSTOO_RECORD = 'ostoo-lock.toml';

/** rustup's minimal profile: these are "components" of the rust package, the rest "extensions". */
function isCore(a: LockedArtifact, host: string): boolean {
  return (a.component === 'rustc' || a.component === 'cargo' || a.component === 'rust-std') && a.target === host;
}

export function configToml(artifacts: readonly LockedArtifact[], host: string): string {
  const lines = ['config_version = "1"'];
  for (const a of artifacts) {
    lines.push(
      '',
      '[[components]]',
      `pkg = ${JSON.stringify(a.component)}`,
      `target = ${JSON.stringify(a.target)}`,
      `is_extension = ${!isCore(a, host)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * The `pkg` table (the rust package first) and the `renames` of a v2 channel manifest that
 * lists exactly the locked artifacts of each host, with the lock's URLs and hashes.
 */
export function lockedManifestTables(
  entry: ToolchainEntry,
  perHost: readonly { host: string; artifacts: readonly LockedArtifact[] }[],
): { pkg: Record<string, unknown>; renames: Record<string, { to: string }> } {
  const ref = (a: LockedArtifact) => ({ pkg: a.component, target: a.target });
  const rustTargets: Record<string, unknown> = {};
  const pkg: Record<string, { version: string; target: Record<string, unknown> }> = {};
  const renames: Record<string, { to: string }> = {};
  for (const { host, artifacts } of perHost) {
    rustTargets[host] = {
      available: false,
      components: artifacts.filter((a) => isCore(a, host)).map(ref),
      extensions: artifacts.filter((a) => !isCore(a, host)).map(ref),
    };
    for (const a of artifacts) {
      const p = (pkg[a.component] ??= { version: a.component === 'cargo' ? entry.cargo : entry.rustc, target: {} });
      const t: Record<string, unknown> = { available: true };
      for (const c of COMPRESSIONS) {
        const f = a[c];
        const { urlKey, hashKey } = COMPRESSION_FORMATS[c];
        if (f) Object.assign(t, { [urlKey]: f.url, [hashKey]: f.sha256 });
      }
      p.target[a.target] = { ...t, components: [], extensions: [] };
      if (a.requested_as) renames[a.requested_as] = { to: a.component };
    }
  }
  return { pkg: { rust: { version: entry.rustc, target: rustTargets }, ...pkg }, renames };
}

/**
 * A channel manifest that describes exactly the locked artifacts, for when the lock does not
 * know the upstream manifest's sha256 (so its bytes cannot be verified). rustup reads it for
 * `component list` and component checks; it lists only what the lock pins.
 */
export function synthesizedManifest(entry: ToolchainEntry, artifacts: readonly LockedArtifact[], host: string): string {
  const { pkg, renames } = lockedManifestTables(entry, [{ host, artifacts }]);
  const doc = { 'manifest-version': '2', date: entry.date, pkg, renames };
  return `# Written by ostoo from toolchains.lock: only the pinned components are listed.\n${stringify(doc)}\n`;
}

export async function writeRustupMetadata(
  prefix: string,
  plans: readonly ComponentPlan[],
  config: string,
  manifest: string | Buffer,
  record: string,
): Promise<void> {
  const dir = path.join(prefix, RUSTLIB);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'rust-installer-version'), INSTALLER_VERSION);
  await writeFile(path.join(dir, 'components'), plans.map((p) => `${p.name}\n`).join(''));
  for (const p of plans)
    await writeFile(path.join(dir, `manifest-${p.name}`), p.parts.map((part) => `${formatPart(part)}\n`).join(''));
  await writeFile(path.join(dir, CONFIG_FILE), config);
  await writeFile(path.join(dir, DIST_MANIFEST), manifest);
  await writeFile(path.join(dir, OSTOO_RECORD), record);
}

/** Installed component names per lib/rustlib/components and pkg/target pairs per multirust-config.toml. */
export async function readInstalled(
  prefix: string,
): Promise<{ components: string[]; config: { pkg: string; target: string }[] } | undefined> {
  try {
    const components = (await readFile(path.join(prefix, RUSTLIB, 'components'), 'utf8')).split('\n').filter(Boolean);
    const cfg = parseToml(await readFile(path.join(prefix, RUSTLIB, CONFIG_FILE), 'utf8')) as {
      components?: { pkg: string; target: string }[];
    };
    return { components, config: cfg.components ?? [] };
  } catch {
    return undefined;
  }
}

/** Which of `artifacts` an existing toolchain lacks (by rustup's own records). */
export async function missingComponents(
  prefix: string,
  artifacts: readonly LockedArtifact[],
): Promise<string[] | undefined> {
  const inst = await readInstalled(prefix);
  if (!inst) return undefined;
  return artifacts
    .filter(
      (a) =>
        !inst.config.some(
          (c) => c.pkg === a.component && (c.target === a.target || (a.target === '*' && c.target === '*')),
        ),
    )
    .map((a) => componentName(a.component, a.target));
}
