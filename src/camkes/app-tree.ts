// What a component planner reads from a CAmkES app, any build system: its .camkes/.idl4
// files, and whether a new component's names are free there.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ComponentError } from './edit/component-error.js';
import type { AssemblyFacts } from './edit/assembly.js';
import { maskComments } from './idl.js';

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
