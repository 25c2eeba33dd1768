// Registers a new program in a build script its owner wrote: program lists (`for x in ...; do`
// loops, continued or not, items as names or paths, and `name=( ... )` arrays) and
// `cargo build -p` lines, one per tier or shared. Works on lexed words, never on exact lines.
// Every change is computed first; when one cannot be made safely nothing is edited and the
// caller gets advice, in the script's own variables, for every line that needs changing.
import { spawnSync } from 'node:child_process';
import { lexShell, lineOf, unquote, type SimpleCommand, type Word } from './shell-words.js';
import type { Tier } from './program-crate.js';

export interface ScriptProgram {
  name: string;
  tier: Tier;
}

export interface ScriptRequest {
  name: string;
  tier: Tier;
  /** The programs already in the workspace (runtime crates excluded). */
  programs: ScriptProgram[];
  /** Cargo's target name, for advice when the script names no target directory. */
  target: string;
}

export type ScriptResult = { text: string; changes: string[] } | { advice: string[] };

interface Insertion {
  at: number;
  text: string;
  /** Describes the change, for advice: "line N: ...". */
  describe: string;
}

interface ProgramList {
  /** Where the items are: loop words or array elements. */
  items: Word[];
  programs: ScriptProgram[];
  kind: string;
}

const basename = (w: Word) => unquote(w.raw).replace(/\/+$/, '').split('/').pop() ?? '';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/** The program an item names (by its last path component), if any. */
function programOf(w: Word, programs: ScriptProgram[]): ScriptProgram | undefined {
  const base = basename(w);
  return programs.find((p) => p.name === base);
}

function findLists(commands: SimpleCommand[], programs: ScriptProgram[]): ProgramList[] {
  const lists: ProgramList[] = [];
  for (const cmd of commands) {
    const w = cmd.words;
    if (w[0]?.raw === 'for' && w[2]?.raw === 'in') {
      const items = w.slice(3);
      const named = items.map((i) => programOf(i, programs)).filter((p) => p !== undefined);
      if (named.length) lists.push({ items, programs: named, kind: `for ${w[1]!.raw} in` });
    }
    for (const word of w) {
      if (!word.array) continue;
      const named = word.array.elements.map((i) => programOf(i, programs)).filter((p) => p !== undefined);
      if (named.length) lists.push({ items: word.array.elements, programs: named, kind: `${word.array.name}=(` });
    }
  }
  return lists;
}

/** `cargo build` commands with their package arguments (`-p X`, `-pX`, `--package X`, `--package=X`). */
interface CargoBuild {
  cmd: SimpleCommand;
  packages: { name: string; words: Word[]; style: (name: string) => string }[];
}

function cargoIndex(cmd: SimpleCommand): number {
  const values = cmd.words.map((w) => unquote(w.raw));
  const cargo = values.findIndex((v) => /(^|\/|\$\{?)cargo\}?$/i.test(v));
  return cargo >= 0 && values[cargo + 1] === 'build' ? cargo : -1;
}

function isCargoBuild(cmd: SimpleCommand): boolean {
  return cargoIndex(cmd) >= 0;
}

function findCargoBuilds(commands: SimpleCommand[]): CargoBuild[] {
  const builds: CargoBuild[] = [];
  for (const cmd of commands) {
    const values = cmd.words.map((w) => unquote(w.raw));
    const cargo = cargoIndex(cmd);
    if (cargo < 0) continue;
    const packages: CargoBuild['packages'] = [];
    for (let k = cargo + 2; k < values.length; k++) {
      const v = values[k]!;
      if ((v === '-p' || v === '--package') && k + 1 < values.length) {
        packages.push({ name: values[k + 1]!, words: [cmd.words[k]!, cmd.words[k + 1]!], style: (n) => `${v} ${n}` });
        k++;
      } else if (/^--package=/.test(v)) {
        packages.push({ name: v.slice(10), words: [cmd.words[k]!], style: (n) => `--package=${n}` });
      } else if (/^-p[^-]/.test(v)) {
        packages.push({ name: v.slice(2), words: [cmd.words[k]!], style: (n) => `-p${n}` });
      }
    }
    builds.push({ cmd, packages });
  }
  return builds;
}

/** Whether a list or build line should get the new program: it holds its tier, or no line does. */
function takesTier<T>(groups: T[], tiersOf: (g: T) => Tier[], tier: Tier): T[] {
  const withTier = groups.filter((g) => tiersOf(g).includes(tier));
  return withTier.length ? withTier : groups;
}

function listInsertion(text: string, list: ProgramList, req: ScriptRequest): Insertion {
  const named = list.items.filter((i) => programOf(i, req.programs));
  const template = named[named.length - 1]!;
  const prog = programOf(template, req.programs)!.name;
  const at = template.raw.lastIndexOf(prog);
  // The item must spell the name literally at its end (`"$T"/name`, `name`, `"$T/name"`).
  if (
    at < 0 ||
    /[A-Za-z0-9_-]/.test(
      template.raw
        .slice(at + prog.length)
        .replace(/^["']/, '')
        .charAt(0),
    )
  ) {
    return {
      at: -1,
      text: '',
      describe: `line ${lineOf(text, template.start)}: add ${req.name} to the list ${list.kind} ...`,
    };
  }
  const item = template.raw.slice(0, at) + req.name + template.raw.slice(at + prog.length);
  const last = list.items[list.items.length - 1]!;
  // One item per line also when there is one item so far, on a line of its own (as generated).
  const first = list.items[0]!;
  const multiLine =
    lineOf(text, first.start) !== lineOf(text, last.end) ||
    /^[ \t]*$/.test(text.slice(lineStart(text, first.start), first.start));
  const line = lineOf(text, last.end);
  if (!multiLine)
    return {
      at: last.end,
      text: ` ${item}`,
      describe: `line ${line}: add ${item} after ${last.raw} (${list.kind} ...)`,
    };
  // A list written one or a few items per line gets a line of its own, indented like the last.
  const firstOnLine = list.items.find((i) => lineOf(text, i.start) === line)!;
  const leading = text.slice(lineStart(text, firstOnLine.start), firstOnLine.start);
  // Align under the line's first item (`for bin in a \` + `           b`).
  const pad = /^[ \t]*$/.test(leading) ? leading : ' '.repeat(leading.length);
  const continued = list.kind.startsWith('for ');
  return {
    at: last.end,
    text: continued ? ` \\\n${pad}${item}` : `\n${pad}${item}`,
    describe: `line ${line}: add ${item} after ${last.raw} (${list.kind} ...)`,
  };
}

/** Whether a line begins a new command (the line before does not continue into it). */
function startsFresh(text: string, lineStartOffset: number): boolean {
  const before = text
    .slice(0, lineStartOffset)
    .replace(/[ \t]*(#[^\n]*)?\n?$/, '')
    .trimEnd();
  return !/(\\|&&|\|\||\|)$/.test(before);
}

const nameAt = (name: string) =>
  new RegExp(`(?<![A-Za-z0-9_.-])${name.replace(/[.-]/g, '\\$&')}(?![A-Za-z0-9_.-])`, 'g');

/**
 * Lines that handle one program each, outside any list (`cp "$OUT/a" "$DEPLOY/a"`,
 * `strip "$OUT/b"`): for each kind of line, a copy for the new program after the last one
 * (of its tier, when there is one).
 */
function perProgramInsertions(text: string, commands: SimpleCommand[], req: ScriptRequest): Insertion[] {
  const kinds = new Map<string, { end: number; line: string; prog: ScriptProgram }[]>();
  for (const cmd of commands) {
    if (cmd.words[0]?.raw === 'for' || cmd.words.some((w) => w.array) || isCargoBuild(cmd)) continue;
    const named = new Set<ScriptProgram>();
    for (const w of cmd.words) {
      const parts = unquote(w.raw).split('/');
      for (const p of req.programs) if (parts.length > 1 && parts.includes(p.name)) named.add(p);
    }
    if (named.size !== 1) continue;
    const prog = [...named][0]!;
    const start = lineStart(text, cmd.start);
    const end = lineEnd(text, cmd.end);
    const alone =
      /^[ \t]*$/.test(text.slice(start, cmd.start)) &&
      /^[ \t]*(#.*)?$/.test(text.slice(cmd.end, end)) &&
      startsFresh(text, start);
    if (!alone) continue;
    const line = text.slice(start, end);
    const kind = line.replace(nameAt(prog.name), '\0').trim();
    kinds.set(kind, [...(kinds.get(kind) ?? []), { end, line, prog }]);
  }
  // A kind of line only the other tier's programs have is not for this program.
  const peers = req.programs.some((p) => p.tier === req.tier);
  return [...kinds.values()].flatMap((lines) => {
    const same = lines.filter((l) => l.prog.tier === req.tier);
    if (peers && !same.length) return [];
    const t = same.pop() ?? lines[lines.length - 1]!;
    const copy = t.line.replace(nameAt(t.prog.name), req.name);
    return [{ at: t.end, text: `\n${copy}`, describe: `after line ${lineOf(text, t.end)}, add: ${copy.trim()}` }];
  });
}

function buildInsertion(text: string, builds: CargoBuild[], req: ScriptRequest): Insertion | 'none' {
  const tierOf = (n: string) => req.programs.find((p) => p.name === n)?.tier;
  const withPackages = builds.filter((b) => b.packages.some((p) => tierOf(p.name)));
  if (!withPackages.length) return 'none'; // one `cargo build` for the whole workspace
  const sameTier = withPackages.filter((b) => b.packages.some((p) => tierOf(p.name) === req.tier));
  const onePerLine = withPackages.every((b) => b.packages.length === 1);
  const tierWord = req.tier === 'std' ? 'std' : 'no_std';
  if (sameTier.length && !onePerLine) {
    const b = sameTier[sameTier.length - 1]!;
    const lastPkg = b.packages[b.packages.length - 1]!;
    const lastWord = lastPkg.words[lastPkg.words.length - 1]!;
    return {
      at: lastWord.end,
      text: ` ${lastPkg.style(req.name)}`,
      describe: `line ${lineOf(text, lastWord.end)}: add ${lastPkg.style(req.name)} to the cargo build of the ${tierWord} programs`,
    };
  }
  // One package per line, or no line for this tier yet: a new line like the tier's (or the
  // last) one, building only the new package.
  const b = sameTier[sameTier.length - 1] ?? withPackages[withPackages.length - 1]!;
  const start = lineStart(text, b.cmd.start);
  const end = lineEnd(text, b.cmd.end);
  // The copy is the command's whole line (keeping a `(cd x && ...)` around it) minus its
  // packages; that is only safe when the line stands alone, not continued from the one before.
  let standalone = startsFresh(text, start);
  let line = '';
  let from = start;
  b.packages.forEach((p, i) => {
    const first = p.words[0]!;
    const last = p.words[p.words.length - 1]!;
    const gap = text.slice(from, first.start);
    line += i === 0 ? gap + p.style(req.name) : gap.replace(/[ \t]+$/, '');
    from = last.end;
  });
  line += text.slice(from, end);
  try {
    lexShell(line);
  } catch {
    standalone = false;
  }
  const describe = `after line ${lineOf(text, end)}, add: ${line.trim()}`;
  return { at: standalone ? end : -1, text: `\n${line}`, describe };
}

function assignedVariable(
  commands: SimpleCommand[],
  test: (name: string, value: string) => boolean,
): string | undefined {
  for (const cmd of commands) {
    for (const w of cmd.words) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.raw);
      if (m && !w.array && test(m[1]!, unquote(m[2]!))) return m[1];
    }
  }
  return undefined;
}

/** How the script itself names the release directory and the deploy directory, for advice. */
function deployLine(commands: SimpleCommand[], req: ScriptRequest): string {
  const target =
    assignedVariable(commands, (n, v) => /target/i.test(n) && /release/.test(v)) ??
    assignedVariable(commands, (_n, v) => v.includes(`${req.target}/release`));
  const deploy = assignedVariable(commands, (n) => /deploy|dest/i.test(n));
  const from = target ? `"$${target}/${req.name}"` : `user-rs/target/${req.target}/release/${req.name}`;
  const to = deploy ? `"$${deploy}/${req.name}"` : `YOUR_DEPLOY_DIR/${req.name}`;
  return `cp ${from} ${to}`;
}

function passesBashN(text: string): boolean {
  const res = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
  return res.error ? true : res.status === 0; // no bash here: the lexer's view has to do
}

export function addProgramToScript(text: string, req: ScriptRequest): ScriptResult {
  let commands: SimpleCommand[];
  try {
    commands = lexShell(text);
  } catch (err) {
    return {
      advice: [
        `cannot read the script (${(err as Error).message}); add ${req.name} wherever the other programs are built and deployed, e.g.: ${deployLine([], req)}`,
      ],
    };
  }
  const lists = takesTier(findLists(commands, req.programs), (l) => l.programs.map((p) => p.tier), req.tier);
  const insertions: Insertion[] = lists.map((l) => listInsertion(text, l, req));
  const perProgram = perProgramInsertions(text, commands, req);
  insertions.push(...perProgram);
  const build = buildInsertion(text, findCargoBuilds(commands), req);
  if (build !== 'none') insertions.push(build);
  const deploys = lists.length + perProgram.length;
  if (deploys > 0 && insertions.every((i) => i.at >= 0)) {
    const ordered = [...insertions].sort((a, b) => b.at - a.at);
    let out = text;
    for (const ins of ordered) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
    if (passesBashN(out)) return { text: out, changes: ordered.reverse().map((i) => i.describe) };
  }
  const advice = insertions.map((i) => i.describe);
  if (!deploys) advice.push(`deploy it like the other programs, e.g.: ${deployLine(commands, req)}`);
  return { advice };
}
