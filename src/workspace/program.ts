// Adding a program to a user-rs workspace: new crate files plus text edits to the
// workspace manifest and the build script. Every edit is computed (and checked) in memory;
// when one cannot be made safely, nothing is written and the exact lines to add are returned.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { packageNameProblem } from '../names.js';
import { toml } from '../render/quote.js';
import { renderTree, type FileMap } from '../render/tree.js';
import type { WorkspaceInfo } from './detect.js';
import type { Tier } from './user-rs.js';

export class ProgramError extends Error {
  override name = 'ProgramError';
}

export interface ProgramPlan {
  /** Absolute path -> content, new files and edited ones alike. */
  files: FileMap;
  edited: string[];
  /** Non-empty when an edit was unsafe: the lines the user must add. Then `files` is empty. */
  manual: string[];
}

/** Names cargo refuses for a binary target: they are directories of its own output. */
const cargoReservedBinNames = new Set(['build', 'deps', 'examples', 'incremental']);

/** Package names of the workspace members (read from their Cargo.toml; unreadable ones skipped). */
function memberPackageNames(ws: WorkspaceInfo): string[] {
  const names: string[] = [];
  for (const m of ws.members) {
    try {
      const pkg = (parseToml(readFileSync(path.join(ws.dir, m, 'Cargo.toml'), 'utf8')) as { package?: { name?: unknown } }).package;
      if (typeof pkg?.name === 'string') names.push(pkg.name);
    } catch {
      // a member without a readable manifest names no package
    }
  }
  return names;
}

export function programNameProblem(ws: WorkspaceInfo, name: string): string | undefined {
  const problem = packageNameProblem(name, 'program name');
  if (problem) return problem;
  if (name === 'target') return "program name 'target' is cargo's build directory: .gitignore ignores it and `cargo clean` deletes it";
  if (cargoReservedBinNames.has(name)) return `program name '${name}' is reserved by cargo for binaries (it names a directory of cargo's output)`;
  const runtimes = new Set([ws.runtime.name, ws.runtime.std?.name, `${ws.os}-sys`, `${ws.os}-rt`, `${ws.os}-rt-std`, ...memberPackageNames(ws)]);
  const taken = new Set([...ws.members, ...ws.members.map((m) => path.basename(m))]);
  if (runtimes.has(name) && !taken.has(name)) return `program name '${name}' already exists as the package name of a crate in ${ws.manifest}: two packages would share one name`;
  if (taken.has(name) || runtimes.has(name)) return `program '${name}' already exists in ${ws.manifest}`;
  if (existsSync(path.join(ws.dir, name))) return `${path.join(ws.dir, name)} already exists`;
  return undefined;
}

/** A TOML key: bare when it may be, else a quoted string. */
function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : toml(k);
}

function dependencyLine(ws: WorkspaceInfo, tier: Tier): string {
  const rt = ws.runtime;
  const key = tomlKey(rt.name);
  if (tier === 'nostd') return `${key} = { path = ${toml(`../${rt.dir}`)} }`;
  if (rt.std) return `# Named like the no_std runtime so both tiers write \`extern crate ${rt.name.replace(/-/g, '_')};\`.\n${key} = { path = ${toml(`../${rt.std.dir}`)}, package = ${toml(rt.std.name)} }`;
  if (rt.feature) return `${key} = { path = ${toml(`../${rt.dir}`)}, default-features = false }`;
  throw new ProgramError(`the runtime ${rt.name} has neither a std variant nor a no_std default feature; cannot add a --std program`);
}

/** Adds `name` to `members = [...]`, keeping the list's own layout; undefined if unsure. */
export function addWorkspaceMember(text: string, name: string): string | undefined {
  // `members` in a [workspace] table, or as the dotted key `workspace.members`.
  const m = /^(\s*(?:workspace\s*\.\s*)?members\s*=\s*\[)([^\]]*)\]/m.exec(text);
  if (!m) return undefined;
  const body = m[2]!;
  let newBody: string;
  if (body.includes('\n')) {
    const items = [...body.matchAll(/^([ \t]*)"[^"]*",?[ \t]*(#.*)?$/gm)];
    const last = items[items.length - 1];
    if (!last) return undefined;
    const indent = last[1]!;
    const lastEnd = last.index! + last[0].length;
    const lastLine = last[0].replace(/[ \t]*(#.*)?$/, '');
    const fixed = lastLine.endsWith(',') ? last[0] : last[0].replace(lastLine, `${lastLine},`);
    newBody = `${body.slice(0, last.index)}${fixed}\n${indent}${toml(name)},${body.slice(lastEnd)}`;
  } else {
    const trimmed = body.replace(/[\s,]*$/, '');
    newBody = trimmed ? `${trimmed}, ${toml(name)}${body.slice(trimmed.length).replace(/^,/, '')}` : toml(name);
  }
  const out = text.slice(0, m.index) + m[1] + newBody + ']' + text.slice(m.index + m[0].length);
  // Accept the edit only if TOML sees exactly one more member.
  try {
    const before = (parseToml(text) as { workspace: { members: string[] } }).workspace.members;
    const after = (parseToml(out) as { workspace: { members: string[] } }).workspace.members;
    return JSON.stringify(after) === JSON.stringify([...before, name]) ? out : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers `name` in the build script: our `programs=( ... )` list, or a seed-style
 * `for bin in .../a .../b; do` deploy loop (plus its `cargo build -p` lines). Undefined if unsure.
 */
export function addToBuildScript(text: string, name: string, existing: string[]): string | undefined {
  const list = /^(programs=\(\n)((?:[ \t]*[A-Za-z0-9_-]+\n)*)(\))/m.exec(text);
  if (list) {
    const indent = /^([ \t]*)/.exec(list[2]!)?.[1] ?? '  ';
    return text.slice(0, list.index) + list[1] + list[2] + `${indent}${name}\n` + text.slice(list.index + list[1]!.length + list[2]!.length);
  }
  const word = (p: string) => new RegExp(`(^|[/"' ])${p.replace(/[-]/g, '\\-')}(?=$|["' ])`);
  const lines = text.split('\n');
  const loop = lines.findIndex((l) => /^\s*for\s+\w+\s+in\s+.+;\s*do\s*$/.test(l) && existing.some((p) => word(p).test(l)));
  if (loop < 0) return undefined;
  const loopLine = lines[loop]!;
  const items = /^(\s*for\s+\w+\s+in\s+)(.+?)(;\s*do\s*)$/.exec(loopLine)!;
  const tokens = items[2]!.split(/\s+/);
  const template = [...tokens].reverse().find((t) => existing.some((p) => word(p).test(` ${t} `)));
  const prog = template && existing.find((p) => word(p).test(` ${template} `));
  if (!template || !prog) return undefined;
  lines[loop] = `${items[1]}${items[2]} ${template.replace(prog, name)}${items[3]}`;
  // Seed scripts build each package separately (-p); give the new one its own line too.
  const buildLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /\bcargo\s+build\b.*\s-p\s+\S+/.test(l));
  const lastBuild = buildLines[buildLines.length - 1];
  if (lastBuild) {
    const [line, i] = lastBuild;
    const pkg = /\s-p\s+(\S+)/.exec(line)![1]!;
    lines.splice(i + 1, 0, line.replace(`-p ${pkg}`, `-p ${name}`));
  }
  return lines.join('\n');
}

/** Runs a line-based edit on LF text, and gives the result the file's own line endings back. */
function keepingLineEnds(text: string, edit: (lf: string) => string | undefined): string | undefined {
  if (!text.includes('\r\n')) return edit(text);
  const out = edit(text.replace(/\r\n/g, '\n'));
  return out === undefined ? undefined : out.replace(/\r?\n/g, '\r\n');
}

export function planProgram(ws: WorkspaceInfo, name: string, tier: Tier, read: (file: string) => string): ProgramPlan {
  const problem = programNameProblem(ws, name);
  if (problem) throw new ProgramError(problem);
  const rtIdent = ws.runtime.name.replace(/-/g, '_');
  const rendered = renderTree(path.join('program', tier), { name, os: ws.os, rtIdent, rtDependency: dependencyLine(ws, tier) });
  const files: FileMap = new Map([...rendered].map(([f, c]) => [path.join(ws.dir, name, f), c]));
  const manual: string[] = [];
  const edited: string[] = [];

  const manifest = read(ws.manifest);
  const newManifest = keepingLineEnds(manifest, (t) => addWorkspaceMember(t, name));
  if (newManifest) {
    files.set(ws.manifest, newManifest);
    edited.push(ws.manifest);
  } else {
    manual.push(`${ws.manifest}: members = ${JSON.stringify([...ws.members, name]).replace(/","/g, '", "')}`);
  }
  if (ws.buildScript) {
    const programs = ws.members.filter((m) => m !== ws.runtime.dir && m !== ws.runtime.std?.dir);
    const script = keepingLineEnds(read(ws.buildScript), (t) => addToBuildScript(t, name, programs));
    if (script) {
      files.set(ws.buildScript, script);
      edited.push(ws.buildScript);
    } else {
      manual.push(
        `${ws.buildScript}: after the cargo build, add`,
        `    install -m 0755 "$root/user-rs/target/${ws.target}/release/${name}" "$deploy/${name}"`,
      );
    }
  }
  return manual.length ? { files: new Map(), edited: [], manual } : { files, edited, manual };
}
