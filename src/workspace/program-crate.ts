// A program's crate (Cargo.toml and src/main.rs from templates/program/<tier>): the one
// renderer behind `ostoo program` and behind the workspace plan, which renders the programs
// a workspace's record lists when `ostoo update` re-renders it.
import { toml } from '../render/quote.js';
import { renderTree, type FileMap } from '../render/tree.js';
import { OstooError } from '../errors.js';
import type { RuntimeInfo } from './detect.js';

/** A program's tier: `#![no_std]` on the runtime crate, or std over the musl sysroot. */
export type Tier = 'nostd' | 'std';

export class ProgramError extends OstooError {}

/** A TOML key: bare when it may be, else a quoted string. */
function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : toml(k);
}

/** The program's dependency on the runtime of its tier. */
export function dependencyLine(rt: RuntimeInfo, tier: Tier): string {
  const key = tomlKey(rt.name);
  if (tier === 'nostd') return `${key} = { path = ${toml(`../${rt.dir}`)} }`;
  if (rt.std)
    return `# Named like the no_std runtime so both tiers write \`extern crate ${rt.name.replace(/-/g, '_')};\`.\n${key} = { path = ${toml(`../${rt.std.dir}`)}, package = ${toml(rt.std.name)} }`;
  if (rt.feature) return `${key} = { path = ${toml(`../${rt.dir}`)}, default-features = false }`;
  throw new ProgramError(
    `the runtime ${rt.name} has neither a std variant nor a no_std default feature; cannot add a --std program`,
    `add a ${rt.name}-std crate beside it (as \`ostoo new\` generates), or add the program without --std`,
  );
}

/** The runtime crates of a workspace ostoo generated. */
export function generatedRuntime(os: string): RuntimeInfo {
  return { name: `${os}-rt`, dir: 'rt', std: { name: `${os}-rt-std`, dir: 'rt-std' } };
}

/**
 * The crate's files, relative to the program's directory. `template`: `std-seed` for a std
 * program whose runtime predates std's start-up answer (see program.ts).
 */
export function programCrate(name: string, tier: Tier, os: string, rt: RuntimeInfo, template: string = tier): FileMap {
  return renderTree(`program/${template}`, {
    name,
    os,
    rtIdent: rt.name.replace(/-/g, '_'),
    rtDependency: dependencyLine(rt, tier),
  });
}
