// `ostoo new ROOT --flavor camkes --into-existing` at the root of a Kbuild-era seL4/CAmkES
// checkout: the checkout keeps its own Makefile, Kbuild and Kconfig. Its Kconfig (a link to
// projects/camkes/Kconfig) lists every app and library by a `source` line, so the new ones
// are only seen once lines for them are added there, next to their kind.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readUserText } from '../util/user-text.js';
import { OstooError } from '../errors.js';

export class KbuildTreeError extends OstooError {}

export interface KbuildTree {
  /** The file the root Kconfig resolves to (the link's target is edited, the link stays). */
  kconfigFile: string;
  kconfigText: string;
  /** Every `config SYMBOL` of the checkout's kernel (its Kconfig files), without CONFIG_. */
  kernelSymbols: Set<string>;
}

function kconfigSymbols(dir: string, depth = 4, into = new Set<string>()): Set<string> {
  if (!existsSync(dir) || depth < 0) return into;
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === 'Kconfig' || entry.startsWith('Kconfig.')) {
      for (const m of (readUserText(full) ?? '').matchAll(/^\s*(?:menu)?config\s+([A-Za-z0-9_]+)/gm)) into.add(m[1]!);
    } else if (!entry.startsWith('.') && statSync(full).isDirectory()) kconfigSymbols(full, depth - 1, into);
  }
  return into;
}

/** A Kbuild checkout root: a Kconfig with a mainmenu that sources apps, and tools/camkes. */
export function detectKbuildTree(root: string): KbuildTree | undefined {
  const kconfig = path.join(root, 'Kconfig');
  if (!existsSync(kconfig)) return undefined;
  // A repo checkout links Kconfig into projects/: edits go to its target. A link leading out of
  // the checkout is kept as the link, so the refusal of an edit names it (user-files.ts).
  const real = realpathSync(kconfig);
  const rel = path.relative(realpathSync(root), real);
  const kconfigFile = rel.startsWith('..') || path.isAbsolute(rel) ? kconfig : real;
  const kconfigText = readUserText(kconfigFile) ?? '';
  if (!/^\s*mainmenu\b/m.test(kconfigText) || !existsSync(path.join(root, 'tools', 'camkes', 'camkes.mk')))
    return undefined;
  return { kconfigFile, kconfigText, kernelSymbols: kconfigSymbols(path.join(root, 'kernel')) };
}

export interface KconfigSources {
  libs: string[];
  apps: string[];
  /** Menus of their own (tools/rust/Kconfig). */
  tools: string[];
}

const sourceLine = (dir: string) => new RegExp(`^(\\s*)source\\s+"?${dir}/[^"\\s]+/Kconfig"?\\s*$`);

/**
 * Adds a `source` line per new file after the last one of its kind (`libs/`, `apps/`), and
 * tools before `source "tools/camkes/Kconfig"` (else at the end). Lines already there are
 * not added twice. Every existing line stays as it was. Throws when a kind has no anchor.
 */
export function addKconfigSources(text: string, add: KconfigSources): string {
  const trailing = text.endsWith('\n');
  const lines = (trailing ? text.slice(0, -1) : text).split('\n');
  const has = (file: string) =>
    lines.some((l) => new RegExp(`^\\s*source\\s+"?${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*$`).test(l));
  const insertAfterLast = (dir: string, files: string[]) => {
    const wanted = files.filter((f) => !has(f));
    if (!wanted.length) return;
    const re = sourceLine(dir);
    let at = -1;
    for (let i = 0; i < lines.length; i++) if (re.test(lines[i]!)) at = i;
    if (at < 0) {
      throw new KbuildTreeError(
        `the checkout's Kconfig has no source "${dir}/.../Kconfig" line to add ${wanted.map((f) => `source "${f}"`).join(', ')} next to`,
        'add them to that Kconfig by hand',
      );
    }
    const indent = re.exec(lines[at]!)![1]!;
    lines.splice(at + 1, 0, ...wanted.map((f) => `${indent}source "${f}"`));
  };
  insertAfterLast('libs', add.libs);
  insertAfterLast('apps', add.apps);
  const tools = add.tools.filter((f) => !has(f));
  if (tools.length) {
    const camkes = lines.findIndex((l) => /^\s*source\s+"?tools\/camkes\/Kconfig"?\s*$/.test(l));
    lines.splice(camkes < 0 ? lines.length : camkes, 0, ...tools.map((f) => `source "${f}"`));
  }
  return lines.join('\n') + (trailing ? '\n' : '');
}
