// Adding a program to a user-rs workspace: new crate files plus text edits to the
// workspace manifest and the build script. Every edit is computed (and checked) in memory;
// when one cannot be made safely, nothing is written and the exact lines to add are returned.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { forParsing } from '../util/byte-text.js';
import { readUserText } from '../util/user-text.js';
import { packageNameProblem } from '../package-names.js';
import { toml } from '../render/quote.js';
import type { FileMap } from '../render/tree.js';
import { programCrate, ProgramError } from './program-crate.js';
import { addProgramToScript } from './build-script.js';
import type { WorkspaceInfo } from './detect.js';
import type { Tier } from './program-crate.js';

export { ProgramError };

export interface ProgramPlan {
  /** Absolute path -> content, new files and edited ones alike. */
  files: FileMap;
  edited: string[];
  /** Non-empty when an edit was unsafe: the lines the user must add. Then `files` is empty. */
  manual: string[];
  /** A std program in the seed's shape: why it cannot see its arguments (printed to the user). */
  note?: string;
}

/**
 * The std runtime's own `poll`, which answers std's start-up query without the syscall (see the
 * generated rt-std crate): a `#[no_mangle]` (or `#[unsafe(no_mangle)]`) function named `poll`.
 */
const startUpPoll =
  /#\[(?:unsafe\()?no_mangle\)?\]\s*(?:#\[[^\]]*\]\s*)*pub\s+(?:unsafe\s+)?extern\s+"C"\s+fn\s+poll\s*\(/;

/** The `.rs` files of a crate's `src/` (recursively), for reading. */
function rustSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.rs'))
    .map((f) => path.join(dir, f));
}

/**
 * Whether std programs of this workspace can be ordinary `fn main()` programs: their runtime must
 * answer std's start-up `poll` itself, or a kernel without poll (ostoo) aborts them. Runtimes that
 * do not (the seed's, or one generated before this answer existed) get the seed's shape.
 */
export function stdRuntimeRunsStartUp(ws: WorkspaceInfo, read: (file: string) => string): boolean {
  const dir = path.join(ws.dir, ws.runtime.std?.dir ?? ws.runtime.dir, 'src');
  return rustSources(dir).some((f) => startUpPoll.test(read(f)));
}

/** Names cargo refuses for a binary target: they are directories of its own output. */
const cargoReservedBinNames = new Set(['build', 'deps', 'examples', 'incremental']);

/** Package names of the workspace members (read from their Cargo.toml; unreadable ones skipped). */
function memberPackageNames(ws: WorkspaceInfo): string[] {
  const names: string[] = [];
  for (const m of ws.members) {
    try {
      const pkg = (
        parseToml(forParsing(readUserText(path.join(ws.dir, m, 'Cargo.toml')) ?? '')) as {
          package?: { name?: unknown };
        }
      ).package;
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
  if (name === 'target')
    return "program name 'target' is cargo's build directory: .gitignore ignores it and `cargo clean` deletes it";
  if (cargoReservedBinNames.has(name))
    return `program name '${name}' is reserved by cargo for binaries (it names a directory of cargo's output)`;
  const runtimes = new Set([
    ws.runtime.name,
    ws.runtime.std?.name,
    `${ws.os}-sys`,
    `${ws.os}-rt`,
    `${ws.os}-rt-std`,
    ...memberPackageNames(ws),
  ]);
  const taken = new Set([...ws.members, ...ws.members.map((m) => path.basename(m))]);
  if (runtimes.has(name) && !taken.has(name))
    return `program name '${name}' already exists as the package name of a crate in ${ws.manifest}: two packages would share one name`;
  if (taken.has(name) || runtimes.has(name)) return `program '${name}' already exists in ${ws.manifest}`;
  if (existsSync(path.join(ws.dir, name))) return `${path.join(ws.dir, name)} already exists`;
  return undefined;
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
    // Bytes that are not UTF-8 are kept as they are (util/byte-text.ts); TOML sees them as U+FFFD.
    const before = (parseToml(forParsing(text)) as { workspace: { members: string[] } }).workspace.members;
    const after = (parseToml(forParsing(out)) as { workspace: { members: string[] } }).workspace.members;
    return JSON.stringify(after) === JSON.stringify([...before, name]) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** A member's tier: by its `#![no_std]`, else by how it depends on the runtime. */
export function memberTier(ws: WorkspaceInfo, member: string, read: (file: string) => string): Tier {
  const main = path.join(ws.dir, member, 'src', 'main.rs');
  if (existsSync(main)) return /^\s*#!\[(cfg_attr\([^\]]*)?no_std\b/m.test(read(main)) ? 'nostd' : 'std';
  const manifest = read(path.join(ws.dir, member, 'Cargo.toml'));
  if (ws.runtime.std && manifest.includes(`"../${ws.runtime.std.dir}"`)) return 'std';
  return /default-features\s*=\s*false/.test(manifest) ? 'std' : 'nostd';
}

/** Runs a line-based edit on LF text, and gives the result the file's own line endings back. */
function keepingLineEnds(text: string, edit: (lf: string) => string | undefined): string | undefined {
  if (!text.includes('\r\n')) return edit(text);
  const out = edit(text.replace(/\r\n/g, '\n'));
  return out === undefined ? undefined : out.replace(/\r?\n/g, '\r\n');
}

export function planProgram(ws: WorkspaceInfo, name: string, tier: Tier, read: (file: string) => string): ProgramPlan {
  const problem = programNameProblem(ws, name);
  if (problem) throw new ProgramError(problem, 'choose another name');
  const seedShape = tier === 'std' && !stdRuntimeRunsStartUp(ws, read);
  const rendered = programCrate(name, tier, ws.os, ws.runtime, seedShape ? 'std-seed' : tier);
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
    const programs = ws.members
      .filter((m) => m !== ws.runtime.dir && m !== ws.runtime.std?.dir)
      .map((m) => ({ name: path.basename(m), tier: memberTier(ws, m, read) }));
    const original = read(ws.buildScript);
    const crlf = original.includes('\r\n');
    const script = addProgramToScript(crlf ? original.replace(/\r\n/g, '\n') : original, {
      name,
      tier,
      programs,
      target: ws.target,
    });
    if ('text' in script) {
      files.set(ws.buildScript, crlf ? script.text.replace(/\r?\n/g, '\r\n') : script.text);
      edited.push(ws.buildScript);
    } else {
      manual.push(...script.advice.map((a) => `${ws.buildScript}: ${a}`));
    }
  }
  if (manual.length) return { files: new Map(), edited: [], manual };
  const runtime = ws.runtime.std?.name ?? ws.runtime.name;
  const note = seedShape
    ? `${runtime} does not answer std's start-up \`poll\` (a kernel without poll aborts an ordinary \`fn main()\`), so ${name} has the seed's shape (\`#![no_main]\`, \`#[no_mangle] fn main() -> i32\`): std::env::args() is empty in it; std::env::vars() works`
    : undefined;
  return { files, edited, manual, ...(note ? { note } : {}) };
}
