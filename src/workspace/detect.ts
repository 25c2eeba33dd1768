// Finds the user-rs workspace around a directory: one we generated (.yo-rc.json), or a
// seed-shaped one we did not (a workspace Cargo.toml beside a target-spec JSON).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { forParsing } from '../util/byte-text.js';
import { fileKind, UnreadableFileError } from '../util/regular-file.js';
import { readUserText } from '../util/user-text.js';
import { userRsId } from '../flavor-catalog/flavor-ids.js';
import { readRecord, RECORD_FILE, type ProjectRecord } from '../project/record.js';
import { OstooError } from '../errors.js';

export interface RuntimeInfo {
  /** Package name programs depend on, e.g. ostoo-rt. */
  name: string;
  /** Directory name inside the workspace, e.g. rt. */
  dir: string;
  /** A separate std runtime (generated workspaces), if any. */
  std?: { name: string; dir: string };
  /** Seed-style runtimes switch tiers with a default feature (no_std) instead. */
  feature?: string;
}

export interface WorkspaceInfo {
  /** The kernel tree root: holds user-rs/ and scripts/. */
  root: string;
  /** The cargo workspace directory. */
  dir: string;
  manifest: string;
  members: string[];
  target: string;
  os: string;
  runtime: RuntimeInfo;
  buildScript?: string;
  generated: boolean;
  /** The project record, when we generated the workspace. */
  record?: ProjectRecord;
}

export class WorkspaceError extends OstooError {}

type Toml = Record<string, unknown>;

function readToml(file: string): Toml {
  const text = readUserText(file);
  if (text === undefined)
    throw new WorkspaceError(
      `${file} does not exist`,
      'restore it (git checkout), or run this in a complete workspace',
    );
  try {
    return parseToml(forParsing(text)) as Toml;
  } catch (err) {
    throw new WorkspaceError(`${file}: ${(err as Error).message.split('\n')[0]}`, 'fix the TOML there first');
  }
}

function workspaceMembers(toml: Toml): string[] | undefined {
  const ws = toml.workspace as Toml | undefined;
  return Array.isArray(ws?.members) ? (ws.members as unknown[]).map(String) : undefined;
}

function targetSpecIn(dir: string): string | undefined {
  const specs = readdirSync(dir).filter((f) => f.endsWith('.json') && /^[a-z0-9_]+-[a-z0-9_-]+\.json$/.test(f));
  const withArch = specs.filter((f) => {
    try {
      return typeof (JSON.parse(readUserText(path.join(dir, f)) ?? '') as Toml)['llvm-target'] === 'string';
    } catch {
      return false;
    }
  });
  return withArch.length === 1 ? withArch[0]!.slice(0, -5) : undefined;
}

function isWorkspaceDir(dir: string): boolean {
  const manifest = path.join(dir, 'Cargo.toml');
  if (!existsSync(manifest) || targetSpecIn(dir) === undefined) return false;
  // A directory (or a FIFO) where the manifest should be is named, not read.
  const text = readUserText(manifest) ?? '';
  if (/^\s*\[workspace\]/m.test(text)) return true;
  // `workspace.members = [...]` (a dotted key) declares the table too.
  try {
    return typeof (parseToml(forParsing(text)) as Toml).workspace === 'object';
  } catch {
    return false;
  }
}

/**
 * Cargo workspaces that could be the user-rs one, nearest first: walking up from `start`, each
 * directory itself, then its `user-rs/` when it is where we started or looks like a kernel
 * repository root (.yo-rc.json, .git or scripts/). A kernel root is often a cargo workspace too
 * (the kernel's), so the caller keeps the first candidate that has a runtime crate.
 */
export function workspaceCandidates(start: string): string[] {
  const found: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (isWorkspaceDir(dir)) found.push(dir);
    const rootLike =
      dir === path.resolve(start) || [RECORD_FILE, '.git', 'scripts'].some((f) => existsSync(path.join(dir, f)));
    const sub = path.join(dir, 'user-rs');
    if (rootLike && sub !== found[found.length - 1] && isWorkspaceDir(sub)) found.push(sub);
    if (path.dirname(dir) === dir) return found;
  }
}

export function findWorkspaceDir(start: string): string | undefined {
  return workspaceCandidates(start)[0];
}

/** The runtime is the path dependency most members share; a default feature marks seed style. */
function detectRuntime(dir: string, members: string[]): RuntimeInfo {
  const counts = new Map<string, { name: string; dir: string; n: number }>();
  for (const m of members) {
    const manifest = path.join(dir, m, 'Cargo.toml');
    if (!existsSync(manifest)) continue;
    const deps = (readToml(manifest).dependencies ?? {}) as Record<string, unknown>;
    for (const [key, spec] of Object.entries(deps)) {
      const s = spec as Toml;
      if (typeof s !== 'object' || typeof s.path !== 'string') continue;
      const depDir = path.relative(dir, path.resolve(dir, m, s.path));
      const name = typeof s.package === 'string' ? s.package : key;
      const entry = counts.get(depDir) ?? { name, dir: depDir, n: 0 };
      entry.n += 1;
      counts.set(depDir, entry);
    }
  }
  const ranked = [...counts.values()].filter((c) => /(^|-)rt$/.test(c.name) || c.n > 1).sort((a, b) => b.n - a.n);
  const rt = ranked.find((c) => /(^|-)rt$/.test(c.name)) ?? ranked[0];
  if (!rt)
    throw new WorkspaceError(
      `cannot tell which crate in ${dir} is the runtime (no member depends on a *-rt path crate)`,
      'name the runtime crate <os>-rt (or make the programs depend on it by path), or add the program by hand',
    );
  const info: RuntimeInfo = { name: rt.name, dir: rt.dir };
  const std = [...counts.values()].find((c) => c.name === `${rt.name}-std`);
  if (std) info.std = { name: std.name, dir: std.dir };
  const features = (readToml(path.join(dir, rt.dir, 'Cargo.toml')).features ?? {}) as Record<string, unknown>;
  const defaults = Array.isArray(features.default) ? (features.default as string[]) : [];
  if (!info.std && defaults.length > 0) info.feature = defaults[0];
  return info;
}

export function detectWorkspace(start: string): WorkspaceInfo {
  const candidates = workspaceCandidates(start);
  if (!candidates.length) {
    throw new WorkspaceError(
      `${path.resolve(start)} is not inside a user-rs workspace (no .yo-rc.json, and no workspace Cargo.toml beside a target-spec JSON)`,
      'run this inside one (or at the root of the kernel tree whose user-rs/ is one), or create one with `ostoo new DIR`',
    );
  }
  let firstError: unknown;
  for (const dir of candidates) {
    try {
      return detectWorkspaceIn(dir);
    } catch (err) {
      firstError ??= err;
    }
  }
  throw firstError;
}

function detectWorkspaceIn(dir: string): WorkspaceInfo {
  const manifest = path.join(dir, 'Cargo.toml');
  const members = workspaceMembers(readToml(manifest));
  if (!members)
    throw new WorkspaceError(`${manifest} has no [workspace] members list`, 'add `members = [...]` to its [workspace]');
  const target = targetSpecIn(dir)!;
  const root = path.dirname(dir);
  const runtime = detectRuntime(dir, members);
  const script = path.join(root, 'scripts', 'user-rs-build.sh');
  const scriptStat = statSync(script, { throwIfNoEntry: false });
  if (scriptStat && !scriptStat.isFile())
    throw new UnreadableFileError(script, `${fileKind(scriptStat)}, not a regular file`, 'move what is there aside');
  const found = readRecord(root);
  const record = found?.flavor === userRsId ? found : undefined;
  const os = record?.os ?? runtime.name.replace(/-rt$/, '');
  return {
    root,
    dir,
    manifest,
    members,
    target,
    os,
    runtime,
    buildScript: existsSync(script) ? script : undefined,
    generated: Boolean(record),
    ...(record ? { record } : {}),
  };
}
