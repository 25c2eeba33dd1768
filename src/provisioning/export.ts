// `ostoo toolchain export OUT [NAME]`: an installed toolchain (rustup's, or one ostoo installed)
// back into a dist tree laid out as upstream's, for machines that cannot reach a dist server.
// Each installed component is packed again as a rust-installer package (format 3) from the
// files its lib/rustlib/manifest-<component> lists; the archives are therefore NOT upstream's
// bytes, and everything says so: the channel manifest carries an `[ostoo-export]` table (naming
// the source directory) and a comment saying so, lists each archive with the sha256 of the bytes written here, and
// the lock written beside it (OUT/toolchains.lock) pins those hashes, not upstream's.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseToml, stringify } from 'smol-toml';
import { OstooError } from '../errors.js';
import { COMPRESSION_FORMATS } from '../lock/compression.js';
import { CHANNELS, detectHost, formatComponentSpec, type Channel } from '../lock/toolchain-names.js';
import type { LockedArtifact, ToolchainEntry } from '../lock/schema.js';
import { defaultRustupHome } from '../toolchain/rustup-home.js';
import { parseChannelManifest, type ChannelManifest } from './channel-manifest.js';
import { readLock, writeLock } from '../lock/file.js';
import { componentName, INSTALLER_VERSION } from './component.js';
import { sha256Hex } from './download.js';
import { lockToolchain } from './lock-toolchain.js';
import { manifestLines, parsePart, type ManifestPart } from './manifest-parts.js';
import { hashFile } from './mirror-tree.js';
import { UPSTREAM_DIST_SERVER } from './mirror.js';
import { CONFIG_FILE, DIST_MANIFEST, lockedManifestTables, RUSTLIB } from './rustup-meta.js';

export interface ExportOptions {
  out: string;
  /** A toolchain in $RUSTUP_HOME/toolchains: its directory name, or NAME-HOST's NAME. */
  name?: string;
  /** The toolchain directory itself, instead of a name. */
  from?: string;
  /** Only these components (NAME or NAME@TARGET, as the lock spells them); default all installed. */
  components?: readonly string[];
  rustupHome?: string;
  /** gzip level of the archives (default 6). */
  level?: number;
}

export interface ExportResult {
  /** The dated name the tree serves, e.g. nightly-2026-05-20. */
  name: string;
  source: string;
  out: string;
  host: string;
  archives: { component: string; file: string; sha256: string }[];
  manifest: string;
  lockfile: string;
}

/** The marker table every exported manifest carries (rustup and ostoo ignore unknown tables). */
export const EXPORT_MARKER = 'ostoo-export';

const TMP = '.ostoo-tmp';

/** The note the export's lock carries for its host. */
export const REPACKED_NOTE =
  "repacked by ostoo toolchain export from an installed toolchain: these hashes are of the exported archives, not upstream's";

function findSource(o: ExportOptions, host: string): string {
  if (o.from) {
    const dir = path.resolve(o.from);
    if (!existsSync(path.join(dir, RUSTLIB, 'components')))
      throw new OstooError(
        `${dir} is not an installed toolchain (no ${RUSTLIB}/components)`,
        'give a toolchain directory rustup or ostoo installed',
      );
    return dir;
  }
  const home = o.rustupHome ?? defaultRustupHome();
  if (!o.name)
    throw new OstooError(
      'toolchain export needs the toolchain to export',
      'name it: `ostoo toolchain export OUT NAME`',
    );
  const dirs = [o.name, `${o.name}-${host}`].map((d) => path.join(home, 'toolchains', d));
  const dir = dirs.find((d) => existsSync(path.join(d, RUSTLIB, 'components')));
  if (!dir)
    throw new OstooError(
      `no installed toolchain ${o.name} in ${path.join(home, 'toolchains')}`,
      'run `ostoo toolchain list` (or `rustup toolchain list`) for the installed ones, or pass --from DIR',
    );
  return dir;
}

function channelOf(m: ChannelManifest): Channel {
  const v = m.pkg.rustc?.version ?? m.pkg.rust?.version ?? '';
  const c = /-(nightly|beta)\b/.exec(v)?.[1];
  return (c ?? 'stable') as Channel;
}

interface Installed {
  pkg: string;
  target: string;
  /** rustup's name: manifest-<name>, the package's component directory. */
  name: string;
  parts: ManifestPart[];
}

async function readInstalledComponents(dir: string): Promise<{ manifest: ChannelManifest; comps: Installed[] }> {
  const rustlib = path.join(dir, RUSTLIB);
  let manifest: ChannelManifest;
  let config: { pkg: string; target: string }[];
  try {
    manifest = parseChannelManifest(await readFile(path.join(rustlib, DIST_MANIFEST), 'utf8'), DIST_MANIFEST);
    const cfg = parseToml(await readFile(path.join(rustlib, CONFIG_FILE), 'utf8')) as {
      components?: { pkg: string; target: string }[];
    };
    config = cfg.components ?? [];
  } catch (err) {
    throw new OstooError(
      `${dir} lacks rustup's records of what it holds (${(err as Error).message})`,
      'export a toolchain rustup or ostoo installed',
    );
  }
  const comps: Installed[] = [];
  for (const { pkg, target } of config) {
    const name = componentName(pkg, target);
    const text = await readFile(path.join(rustlib, `manifest-${name}`), 'utf8').catch(() => undefined);
    if (text === undefined)
      throw new OstooError(`${dir}: ${RUSTLIB}/manifest-${name} is missing`, 'reinstall the toolchain, then export it');
    const parts = manifestLines(text).map((l) => {
      const p = parsePart(l);
      if (!p || p.path.split('/').some((s) => s === '..' || s === '' || s === '.') || p.path.startsWith('/'))
        throw new OstooError(`${dir}: manifest-${name} has a bad line "${l}"`, 'reinstall the toolchain');
      return p;
    });
    comps.push({ pkg, target, name, parts });
  }
  return { manifest, comps };
}

/** Whether `spec` (NAME or NAME@TARGET, before or after [renames]) picks component `c`. */
function picks(spec: string, c: Installed, m: ChannelManifest, host: string): boolean {
  const [n = '', t] = spec.split('@');
  const pkg = m.renames[n]?.to ?? n;
  if (pkg !== c.pkg) return false;
  return t ? t === c.target : c.target === host || c.target === '*';
}

/** Every path of a part, parents first: a file and its directories, or a directory and all under it. */
function partPaths(dir: string, part: ManifestPart, seen: Set<string>, out: string[]): void {
  const add = (rel: string): void => {
    if (seen.has(rel)) return;
    seen.add(rel);
    out.push(rel);
  };
  const segs = part.path.split('/');
  for (let i = 1; i < segs.length; i++) add(segs.slice(0, i).join('/'));
  const walk = (rel: string): void => {
    add(rel);
    const st = lstatSync(path.join(dir, rel), { throwIfNoEntry: false });
    if (!st)
      throw new OstooError(`${path.join(dir, rel)} is listed as installed but missing`, 'reinstall the toolchain');
    if (part.kind === 'dir' && st.isDirectory())
      for (const e of readdirSync(path.join(dir, rel)).sort()) walk(`${rel}/${e}`);
  };
  walk(part.path);
}

/**
 * One component as a rust-installer package: TOP/{rust-installer-version, components},
 * TOP/<name>/manifest.in and TOP/<name>/<the files>, gzipped, written to `file`.
 */
async function packComponent(src: string, c: Installed, meta: string, file: string, level: number, mtime: Date) {
  const tar = await import('tar');
  const top = path.basename(file).replace(/\.tar\.gz$/, '');
  await mkdir(path.join(meta, c.name), { recursive: true });
  await writeFile(path.join(meta, 'rust-installer-version'), `${INSTALLER_VERSION}\n`);
  await writeFile(path.join(meta, 'components'), `${c.name}\n`);
  await writeFile(path.join(meta, c.name, 'manifest.in'), c.parts.map((p) => `${p.kind}:${p.path}\n`).join(''));
  const rels: string[] = [];
  const seen = new Set<string>();
  for (const p of c.parts) partPaths(src, p, seen, rels);
  const named = new Map<string, string>([
    [meta, top],
    [path.join(meta, 'rust-installer-version'), `${top}/rust-installer-version`],
    [path.join(meta, 'components'), `${top}/components`],
    [path.join(meta, c.name), `${top}/${c.name}`],
    [path.join(meta, c.name, 'manifest.in'), `${top}/${c.name}/manifest.in`],
  ]);
  await tar.create(
    {
      file,
      cwd: src,
      gzip: { level },
      portable: true,
      preservePaths: true,
      noDirRecurse: true,
      mtime,
      // A file linked twice in the toolchain (ostoo links from its cache) is packed twice: no hard-link entries.
      filter: (_p, st) => {
        (st as { nlink: number }).nlink = 1;
        return true;
      },
      onWriteEntry: (e) => {
        const abs = path.resolve(e.absolute);
        e.path = named.get(abs) ?? `${top}/${c.name}/${path.relative(src, abs).split(path.sep).join('/')}`;
      },
    },
    [...named.keys(), ...rels],
  );
}

export async function exportToolchain(o: ExportOptions): Promise<ExportResult> {
  const host = detectHost();
  const src = findSource(o, host);
  const { manifest: installed, comps: all } = await readInstalledComponents(src);
  const channel = channelOf(installed);
  if (!CHANNELS.includes(channel))
    throw new OstooError(
      `unknown channel ${channel}`,
      `export a ${CHANNELS.slice(0, -1).join(', ')} or ${CHANNELS.at(-1)} toolchain`,
    );
  const name = `${channel}-${installed.date}`;
  const toolHost = all.find((c) => c.pkg === 'rustc')?.target ?? host;
  const comps = o.components?.length
    ? all.filter((c) => o.components!.some((s) => picks(s, c, installed, toolHost)))
    : all;
  for (const s of o.components ?? [])
    if (!all.some((c) => picks(s, c, installed, toolHost)))
      throw new OstooError(
        `${src} has no component ${s} installed`,
        `choose among ${all.map((c) => (c.target === toolHost || c.target === '*' ? c.pkg : `${c.pkg}@${c.target}`)).join(', ')}`,
      );
  if (!comps.some((c) => c.pkg === 'rustc'))
    throw new OstooError('an export without rustc installs nothing runnable', 'add rustc to --components');

  const out = path.resolve(o.out);
  const outIsNew = !existsSync(out);
  const distRel = `dist/${installed.date}`;
  const work = path.join(out, TMP, `export-${process.pid}`);
  const mtime = new Date(`${installed.date}T00:00:00Z`);
  await mkdir(path.join(work, 'dist'), { recursive: true });
  try {
    const archives: ExportResult['archives'] = [];
    const artifacts: LockedArtifact[] = [];
    for (const c of comps) {
      const file = `${c.pkg}-${channel}${c.target === '*' ? '' : `-${c.target}`}${COMPRESSION_FORMATS.gz.extension}`;
      const staged = path.join(work, 'dist', file);
      await packComponent(src, c, path.join(work, 'meta', c.name), staged, o.level ?? 6, mtime);
      const sha256 = await hashFile(staged);
      archives.push({ component: c.name, file: `${distRel}/${file}`, sha256 });
      artifacts.push({
        component: c.pkg,
        target: c.target,
        required: true,
        gz: { url: `${UPSTREAM_DIST_SERVER}/${distRel}/${file}`, sha256 },
      });
    }
    const text = exportManifest(installed, channel, toolHost, artifacts, path.basename(src));
    const manifestName = `channel-rust-${channel}.toml`;
    await mkdir(path.join(out, distRel), { recursive: true });
    for (const a of archives) await rename(path.join(work, 'dist', path.basename(a.file)), path.join(out, a.file));
    for (const rel of [`${distRel}/${manifestName}`, `dist/${manifestName}`]) {
      await writeFile(path.join(out, rel), text);
      await writeFile(path.join(out, `${rel}.sha256`), `${sha256Hex(text)}  ${manifestName}\n`);
    }
    // The lock for the tree, made from the tree itself: it pins the repacked archives' hashes.
    const lockfile = path.join(out, 'toolchains.lock');
    await rm(lockfile, { force: true });
    await lockToolchain({
      name,
      lockfile,
      distServer: pathToFileURL(out).href,
      hosts: [toolHost],
      required: artifacts.map((a) =>
        formatComponentSpec(
          a.target === toolHost || a.target === '*' ? { name: a.component } : { name: a.component, target: a.target },
        ),
      ),
      optional: [],
      sizes: false,
    });
    const lock = await readLock(lockfile);
    const h = lock.toolchains[name]?.hosts[toolHost];
    h?.notes.push(REPACKED_NOTE);
    await writeLock(lockfile, lock);
    return { name, source: src, out, host: toolHost, archives, manifest: `${distRel}/${manifestName}`, lockfile };
  } catch (err) {
    if (outIsNew) await rm(out, { recursive: true, force: true });
    throw err;
  } finally {
    await rm(path.join(out, TMP), { recursive: true, force: true });
  }
}

/** The v2 channel manifest of the export: the exported archives with their own hashes, marked as repacked. */
export function exportManifest(
  installed: ChannelManifest,
  channel: Channel,
  host: string,
  artifacts: readonly LockedArtifact[],
  source: string,
): string {
  const version = (pkg: string) => installed.pkg[pkg]?.version;
  const entry = {
    rustc: version('rustc') ?? version('rust') ?? '',
    cargo: version('cargo') ?? version('rustc') ?? '',
  } as ToolchainEntry;
  const { pkg } = lockedManifestTables(entry, [{ host, artifacts }]);
  for (const [n, p] of Object.entries(pkg)) {
    const v = version(n);
    if (v) (p as { version: string }).version = v;
  }
  const exported = new Set(artifacts.map((a) => a.component));
  const renames = Object.fromEntries(Object.entries(installed.renames).filter(([, r]) => exported.has(r.to)));
  const minimal = ['rustc', 'cargo', 'rust-std'].filter((p) => exported.has(p));
  const doc = {
    'manifest-version': '2',
    date: installed.date,
    pkg,
    renames,
    profiles: { minimal, default: minimal, complete: [...exported] },
    [EXPORT_MARKER]: {
      repacked: true,
      channel,
      source,
      note: "archives repacked from an installed toolchain: their sha256 values are of these bytes, not upstream's",
    },
  };
  return `# Written by ostoo toolchain export from an installed toolchain (see [${EXPORT_MARKER}]).\n# REPACKED: these archives are not upstream's; each hash below is of the archive in this tree.\n${stringify(doc)}\n`;
}
