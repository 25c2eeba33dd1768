// `yo ostoo:camkes-component NAME`: adds a Rust component to an existing CAmkES app, one
// generated here or written by hand in the layout of SEL4PROJ/rust-camkes-samples. Every
// edit is computed here, in memory, from the files as they are; the generator writes them
// only when all of them succeeded. Edits only insert whole lines: every existing line and
// comment stays as it was.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FileMap } from '../render/tree.js';
import type { CliTool, Generated } from './bindings.js';
import { componentDir, componentMakefileBlock, importFromComponent, planComponent } from './component.js';
import { knownMethods, maskComments, parseProcedures, type CamkesProcedure, type UsedInterface } from './idl.js';
import { assertCIdentifier, assertRustCIdentifier } from './names.js';
import { clientIdentityNote } from './client-identity.js';

export class ComponentError extends Error {
  override name = 'ComponentError';
}

export interface AddComponentOptions {
  name: string;
  /** Instance name in the composition (default `<name>_obj`). */
  instance?: string;
  control: boolean;
  /** `Procedure` or `Procedure:iface`: a `uses` line for a procedure defined in the app. */
  uses: string[];
  /** `iface=instance.iface`: an RPC connection from one of our interfaces. */
  connect: string[];
  connector: string;
  /** The include line added before camkes.mk when the Makefile has no rust.mk (empty: none). */
  rustMk: string;
}

export interface AddComponentPlan {
  /** New files, relative to the app directory. */
  creates: FileMap;
  /** Changed files, relative to the app directory: the new full text. */
  edits: Map<string, string>;
  /** The app's .camkes file, relative to the app directory. */
  adl: string;
  instance: string;
  bindings: Generated;
  notes: string[];
}

// ---------------------------------------------------------------- text helpers

interface Lines {
  lines: string[];
  /** The text ended with a newline. */
  trailingNewline: boolean;
}

function splitLines(text: string): Lines {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  return { lines: text === '' ? [] : lines, trailingNewline: trailingNewline || text === '' };
}

function joinLines({ lines, trailingNewline }: Lines): string {
  return lines.join('\n') + (trailingNewline ? '\n' : '');
}

/** Make comments (`# ...`) blanked out, line by line (a `\#` is not a comment). */
function maskMakeComments(line: string): string {
  const i = line.search(/(^|[^\\])#/);
  if (i < 0) return line;
  const at = line[i] === '#' ? i : i + 1;
  return line.slice(0, at) + ' '.repeat(line.length - at);
}

/** Logical make lines (backslash continuations joined), with their physical line ranges. */
function logicalMakeLines(lines: string[]): { text: string; first: number; last: number }[] {
  const out: { text: string; first: number; last: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let text = maskMakeComments(lines[i]!);
    while (/\\\s*$/.test(text) && i + 1 < lines.length) {
      text = `${text.replace(/\\\s*$/, ' ')}${maskMakeComments(lines[++i]!)}`;
    }
    out.push({ text, first, last: i });
  }
  return out;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

// ---------------------------------------------------------------- Makefile

export interface MakefileFacts {
  adl?: string;
  /** Component names with any `<name>_(RUST|CFILES|HFILES|...)` variable. */
  components: Set<string>;
  hasRustMk: boolean;
}

const componentVar = /^\s*(?:override\s+)?([A-Za-z_][A-Za-z0-9_]*)_(RUST|CFILES|HFILES|CXXFILES|ASMFILES|OFILES|LIBS)\s*[:+?]?=/;

export function readMakefile(text: string): MakefileFacts {
  const facts: MakefileFacts = { components: new Set(), hasRustMk: false };
  for (const { text: line } of logicalMakeLines(splitLines(text).lines)) {
    const adl = /^\s*ADL\s*[:?]?=\s*(\S+)\s*$/.exec(line);
    if (adl) facts.adl = adl[1];
    const v = componentVar.exec(line);
    if (v) facts.components.add(v[1]!);
    if (/^\s*-?include\s+.*\brust\.mk\b/.test(line)) facts.hasRustMk = true;
  }
  return facts;
}

/** Adds the component's lines before the rust.mk/camkes.mk include (and rust.mk if missing). */
export function editMakefile(text: string, name: string, rustMk: string): string {
  const doc = splitLines(text);
  const logical = logicalMakeLines(doc.lines);
  const include = (re: RegExp) => logical.find((l) => re.test(l.text));
  const camkesMk = include(/^\s*-?include\s+.*\bcamkes\.mk\b/);
  if (!camkesMk) throw new ComponentError('the app Makefile does not include camkes.mk, so it is not a CAmkES app Makefile');
  const rustInclude = include(/^\s*-?include\s+.*\brust\.mk\b/);
  let at = Math.min(camkesMk.first, rustInclude?.first ?? Infinity);
  // Keep a comment that introduces the include next to it.
  while (at > 0 && /^\s*#/.test(doc.lines[at - 1]!)) at--;
  const added = [`# ${name}: a Rust component, the cargo crate in components/${name}.`, ...componentMakefileBlock(name).split('\n')];
  if (!rustInclude && rustMk) {
    added.push('# Rust components (RUST_CAMKES_COMPONENTS): tools/rust/rust.mk, before camkes.mk.', `include ${rustMk}`);
  }
  if (at > 0 && doc.lines[at - 1]!.trim() !== '') added.unshift('');
  doc.lines.splice(at, 0, ...added);
  return joinLines(doc);
}

/**
 * --rust-mk is written as Make text (`include <it>`), so it may refer to ${PWD} or $(PWD) as
 * the default does; any other `$`, and spaces, `#`, quotes or `;`, are refused.
 */
function rustMkProblem(rustMk: string): void {
  const rest = rustMk.replace(/\$\{PWD\}|\$\(PWD\)/g, '');
  if (!/^[A-Za-z0-9_./+@%-]*$/.test(rest)) {
    throw new ComponentError(`--rust-mk ${JSON.stringify(rustMk)} must be a path (letters, digits, . / _ - + @ %) that may start from \${PWD}`);
  }
}

// ---------------------------------------------------------------- Kbuild

export interface KbuildFacts {
  app: string;
  prerequisites: Set<string>;
  /** Index of the last physical line of the app's last dependency (or apps- line). */
  insertAfter: number;
}

export function readKbuild(text: string): KbuildFacts {
  const logical = logicalMakeLines(splitLines(text).lines);
  const apps = logical.map((l) => /^\s*apps-\S*\s*\+=\s*(\S+)/.exec(l.text)).find(Boolean);
  if (!apps) throw new ComponentError('the app Kbuild has no `apps-$(CONFIG_...) += <app>` line');
  const app = apps[1]!;
  const facts: KbuildFacts = { app, prerequisites: new Set(), insertAfter: logical.find((l) => /^\s*apps-/.test(l.text))!.last };
  const dep = new RegExp(`^\\s*${app.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*:(?!=)(.*)$`);
  for (const l of logical) {
    const m = dep.exec(l.text);
    if (!m) continue;
    for (const p of m[1]!.trim().split(/\s+/).filter(Boolean)) facts.prerequisites.add(p);
    facts.insertAfter = l.last;
  }
  return facts;
}

// ---------------------------------------------------------------- the assembly (.camkes)

export interface AssemblyFacts {
  /** Instance name -> component type. */
  instances: Map<string, string>;
  connections: Set<string>;
  imports: string[];
}

interface Composition {
  /** Line index of `composition {` and of its closing brace. */
  open: number;
  close: number;
}

function lineOfOffset(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function findComposition(masked: string): Composition {
  const m = /\bcomposition\s*\{/.exec(masked);
  if (!m) throw new ComponentError('the app .camkes file has no `composition { ... }` block');
  let depth = 0;
  for (let i = m.index + m[0].length - 1; i < masked.length; i++) {
    if (masked[i] === '{') depth++;
    else if (masked[i] === '}' && --depth === 0) {
      const open = lineOfOffset(masked, m.index + m[0].length - 1);
      const close = lineOfOffset(masked, i);
      if (open === close) throw new ComponentError('the composition block is on one line; add the component by hand');
      return { open, close };
    }
  }
  throw new ComponentError('the composition block in the app .camkes file is not closed');
}

export function readAssembly(text: string): AssemblyFacts {
  const masked = maskComments(text);
  const facts: AssemblyFacts = { instances: new Map(), connections: new Set(), imports: [] };
  for (const m of masked.matchAll(/\bcomponent\s+([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*;/g)) facts.instances.set(m[2]!, m[1]!);
  for (const m of masked.matchAll(/\bconnection\s+[A-Za-z_]\w*\s+([A-Za-z_]\w*)\s*\(/g)) facts.connections.add(m[1]!);
  for (const m of masked.matchAll(/\bimport\s+("[^"]*"|<[^>]*>)\s*;/g)) facts.imports.push(m[1]!);
  return facts;
}

export interface AssemblyEdit {
  /** Imports the new lines need that the file lacks (e.g. the connectors), before importLine. */
  extraImports?: string[];
  importLine: string;
  instanceLine: string;
  connectionLines: string[];
}

export function editAssembly(text: string, edit: AssemblyEdit): string {
  const masked = maskComments(text);
  const doc = splitLines(text);
  const maskedLines = masked.split('\n');
  const comp = findComposition(masked);

  // Inside the composition: after the last instance, connections after the last connection.
  const inside = (re: RegExp) => {
    let last = -1;
    for (let i = comp.open + 1; i < comp.close; i++) if (re.test(maskedLines[i]!)) last = i;
    return last;
  };
  const lastInstance = inside(/^\s*component\s+\w+\s+\w+\s*;/);
  const lastConnection = inside(/^\s*connection\b/);
  const sample = lastInstance >= 0 ? doc.lines[lastInstance]! : lastConnection >= 0 ? doc.lines[lastConnection]! : undefined;
  const indent = sample !== undefined ? indentOf(sample) : `${indentOf(doc.lines[comp.open]!)}    `;

  // Insert from the bottom up so earlier indices stay valid.
  const inserts: { after: number; lines: string[] }[] = [];
  const instanceAfter = lastInstance >= 0 ? lastInstance : comp.open;
  inserts.push({ after: instanceAfter, lines: [`${indent}${edit.instanceLine}`] });
  if (edit.connectionLines.length) {
    const connAfter = lastConnection >= 0 ? lastConnection : instanceAfter;
    const connIndent = lastConnection >= 0 ? indentOf(doc.lines[lastConnection]!) : indent;
    inserts.push({ after: connAfter, lines: edit.connectionLines.map((l) => `${connIndent}${l}`) });
  }

  // The import: after the last import statement before the composition, else before `assembly`.
  let lastImport = -1;
  for (let i = 0; i < comp.open; i++) if (/^\s*import\b.*;/.test(maskedLines[i]!)) lastImport = i;
  const importLines = [...(edit.extraImports ?? []), edit.importLine];
  if (lastImport >= 0) {
    inserts.push({ after: lastImport, lines: importLines });
  } else {
    const assembly = maskedLines.findIndex((l) => /\bassembly\b/.test(l));
    if (assembly < 0) throw new ComponentError('the app .camkes file has no assembly');
    inserts.push({ after: assembly - 1, lines: [...importLines, ''] });
  }

  // Same line: the instance (added first) goes before the connections.
  inserts.sort((a, b) => b.after - a.after || (a.lines[0] === `${indent}${edit.instanceLine}` ? 1 : -1));
  for (const ins of inserts) doc.lines.splice(ins.after + 1, 0, ...ins.lines);
  return joinLines(doc);
}

// ---------------------------------------------------------------- the plan

export function listCamkesFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel)).sort()) {
    if (entry === 'target' || entry.startsWith('.')) continue;
    const r = rel ? `${rel}/${entry}` : entry;
    const full = path.join(dir, r);
    if (statSync(full).isDirectory()) out.push(...listCamkesFiles(dir, r));
    else if (/\.(camkes|idl4)$/.test(entry)) out.push(r);
  }
  return out;
}

function parseUses(spec: string): { procedure: string; iface?: string } {
  const [procedure, iface, extra] = spec.split(':');
  if (extra !== undefined || !procedure) throw new ComponentError(`--uses '${spec}' must be Procedure or Procedure:iface`);
  return iface ? { procedure, iface } : { procedure };
}

function parseConnect(spec: string): { iface: string; instance: string; to: string } {
  const m = /^([^=]+)=([^.]+)\.(.+)$/.exec(spec);
  if (!m) throw new ComponentError(`--connect '${spec}' must be iface=instance.iface`);
  return { iface: m[1]!, instance: m[2]!, to: m[3]! };
}

export function readText(file: string, what: string): string {
  if (!existsSync(file)) throw new ComponentError(`${what} ${file} does not exist`);
  return readFileSync(file, 'utf8');
}

/** The project's libs/LIB/Cargo.toml (two levels above the app) whose package is `name`, if any. */
function libraryCrateNamed(appDir: string, name: string): string | undefined {
  const libs = path.resolve(appDir, '..', '..', 'libs');
  if (!existsSync(libs)) return undefined;
  for (const lib of readdirSync(libs)) {
    const manifest = path.join(libs, lib, 'Cargo.toml');
    if (!existsSync(manifest)) continue;
    const m = /^\s*name\s*=\s*"([^"]*)"/m.exec(readFileSync(manifest, 'utf8'));
    if (m?.[1] === name || m?.[1]?.replace(/-/g, '_') === name) return path.join('libs', lib, 'Cargo.toml');
  }
  return undefined;
}

/** Refuses a component type or instance the app's .camkes files already have. */
export function checkComponentIsNew(appDir: string, camkesFiles: string[], assembly: AssemblyFacts, name: string, instance: string): void {
  for (const file of camkesFiles) {
    const masked = maskComments(readFileSync(path.join(appDir, file), 'utf8'));
    if (new RegExp(`\\bcomponent\\s+${name}\\s*\\{`).test(masked)) throw new ComponentError(`component '${name}' is already defined in ${file}`);
  }
  if ([...assembly.instances.values()].includes(name)) throw new ComponentError(`the composition already has a component of type '${name}'`);
  if (assembly.instances.has(instance)) throw new ComponentError(`the composition already has an instance named '${instance}'`);
  const library = libraryCrateNamed(appDir, name);
  if (library) throw new ComponentError(`component name '${name}' is the name of the library crate in ${library}: cargo would see two packages named ${name}`);
}

export interface InterfacesPlan {
  uses: UsedInterface[];
  /** import lines for the component's .camkes, relative to its directory. */
  imports: string[];
  notes: string[];
  /** connection lines for the composition. */
  connectionLines: string[];
}

/** --uses and --connect, checked against the app's procedures and composition (any build system). */
export function planInterfaces(
  appDir: string,
  adl: string,
  assemblyText: string,
  camkesFiles: string[],
  assembly: AssemblyFacts,
  name: string,
  instance: string,
  opts: Pick<AddComponentOptions, 'uses' | 'connect' | 'connector'>,
): InterfacesPlan {
  // Interfaces: procedures defined somewhere in the app.
  const procedures = new Map<string, { proc: CamkesProcedure; file: string }>();
  for (const file of camkesFiles) {
    for (const proc of parseProcedures(readFileSync(path.join(appDir, file), 'utf8'))) {
      if (!procedures.has(proc.name)) procedures.set(proc.name, { proc, file });
    }
  }
  const uses: UsedInterface[] = [];
  const imports: string[] = [];
  const notes: string[] = [];
  for (const spec of opts.uses) {
    const { procedure, iface = procedure.toLowerCase() } = parseUses(spec);
    assertCIdentifier(procedure, 'procedure name');
    assertCIdentifier(iface, 'interface name');
    const found = procedures.get(procedure);
    if (!found) throw new ComponentError(`procedure '${procedure}' is not defined in any .camkes or .idl4 file under ${appDir}`);
    if (uses.some((u) => u.iface === iface)) throw new ComponentError(`interface '${iface}' is given twice`);
    uses.push({ procedure: found.proc, iface });
    const { skipped } = knownMethods(found.proc);
    if (skipped.length) {
      notes.push(`${procedure}.${skipped.map((m) => m.name).join(', .')} use types from the procedure's own headers; declare ${skipped.map((m) => `${iface}_${m.name}`).join(', ')} in src/camkes.rs by hand (or run tools/rust/camkes-bindgen.sh after a build)`);
    }
    if (found.file === adl) notes.push(`${procedure} is defined in ${adl} itself, so ${name}.camkes does not import it`);
    else {
      const imp = importFromComponent(name, found.file);
      if (!imports.includes(imp)) imports.push(imp);
    }
  }

  const connectionLines: string[] = [];
  const connectionNames = new Set(assembly.connections);
  for (const spec of opts.connect) {
    const c = parseConnect(spec);
    const iface = assertCIdentifier(c.iface, 'interface name');
    const target = assertCIdentifier(c.instance, 'instance name');
    const to = assertCIdentifier(c.to, 'interface name');
    if (!uses.some((u) => u.iface === iface)) throw new ComponentError(`--connect ${spec}: '${iface}' is not one of ${name}'s interfaces (add --uses Procedure:${iface})`);
    if (!assembly.instances.has(target)) throw new ComponentError(`--connect ${spec}: the composition has no instance '${target}'`);
    const conn = `${instance}_${iface}`;
    if (connectionNames.has(conn)) throw new ComponentError(`the composition already has a connection named '${conn}'`);
    connectionNames.add(conn);
    connectionLines.push(`connection ${opts.connector} ${conn}(from ${instance}.${iface}, to ${target}.${to});`);
    const identity = clientIdentityNote(appDir, assemblyText, { instance: target, iface: to, type: assembly.instances.get(target)! }, { instance, iface });
    if (identity) {
      notes.push(
        `${target}.${to} tells its clients apart (${identity.evidence.join('; ')}); ostoo cannot know the value for ${instance}: ` +
          `add to the configuration block of ${adl}:\n    ${identity.lines.join('\n    ')}`,
      );
    }
  }

  return { uses, imports, notes, connectionLines };
}

/** The assembly with the component's import, instance and connections added (any build system). */
export function addToAssembly(text: string, assembly: AssemblyFacts, c: { dir: string; name: string; instance: string; connectionLines: string[] }): string {
  // The builtin connectors (seL4RPCCall, ...) come from std_connector.camkes.
  const needsConnectors = c.connectionLines.length > 0 && !assembly.imports.includes('<std_connector.camkes>');
  return editAssembly(text, {
    ...(needsConnectors ? { extraImports: ['import <std_connector.camkes>;'] } : {}),
    importLine: `import "${c.dir}/${c.name}.camkes";`,
    instanceLine: `component ${c.name} ${c.instance};`,
    connectionLines: c.connectionLines,
  });
}

/** Plans every file to create and edit; throws (ComponentError, NameError) without side effects. */
export async function planAddComponent(appDir: string, opts: AddComponentOptions, bindgen?: CliTool): Promise<AddComponentPlan> {
  const name = assertRustCIdentifier(opts.name, 'component name');
  const instance = assertCIdentifier(opts.instance ?? `${name}_obj`, 'instance name');
  assertCIdentifier(opts.connector, 'connector');
  rustMkProblem(opts.rustMk);
  if (!existsSync(appDir) || !statSync(appDir).isDirectory()) throw new ComponentError(`app directory ${appDir} does not exist`);

  const makefile = readText(path.join(appDir, 'Makefile'), 'the app Makefile');
  readKbuild(readText(path.join(appDir, 'Kbuild'), 'the app Kbuild')); // it is an app's
  const mk = readMakefile(makefile);
  let adl = mk.adl;
  if (!adl) {
    const roots = readdirSync(appDir).filter((f) => f.endsWith('.camkes'));
    if (roots.length !== 1) throw new ComponentError(`the app Makefile sets no ADL, and ${appDir} has ${roots.length} .camkes files`);
    adl = roots[0]!;
  }
  const assemblyText = readText(path.join(appDir, adl), 'the app assembly');
  const assembly = readAssembly(assemblyText);

  // Duplicates.
  const dir = componentDir(name);
  if (existsSync(path.join(appDir, dir))) throw new ComponentError(`${dir} already exists in ${appDir}`);
  if (mk.components.has(name)) throw new ComponentError(`the app Makefile already has variables for a component '${name}'`);
  const camkesFiles = listCamkesFiles(appDir);
  checkComponentIsNew(appDir, camkesFiles, assembly, name, instance);

  const { uses, imports, notes, connectionLines } = planInterfaces(appDir, adl, assemblyText, camkesFiles, assembly, name, instance, opts);

  // All edits, in memory.
  // The Kbuild stays as it is: the Rust rules need no other target built first (the first
  // crate builds core and alloc itself), so an app keeps the dependencies it had.
  const edits = new Map<string, string>();
  edits.set('Makefile', editMakefile(makefile, name, opts.rustMk));
  edits.set(adl, addToAssembly(assemblyText, assembly, { dir, name, instance, connectionLines }));
  // ${PWD} is where make runs: the checkout's root, where the user runs this too.
  const rustMkHere = opts.rustMk.replace(/^\$\{PWD\}|^\$\(PWD\)/, process.cwd());
  if (!mk.hasRustMk && opts.rustMk && !existsSync(rustMkHere)) {
    notes.push(`the Makefile now includes ${opts.rustMk}: the checkout needs tools/rust/ (from \`ostoo new --flavor camkes\`)`);
  }
  if (!mk.hasRustMk && !opts.rustMk) notes.push('the Makefile does not include tools/rust/rust.mk; RUST_CAMKES_COMPONENTS needs it');

  const component = await planComponent({ name, control: opts.control, uses, imports }, bindgen);
  if (component.bindings.note) notes.push(component.bindings.note);
  return { creates: component.files, edits, adl, instance, bindings: component.bindings, notes };
}
