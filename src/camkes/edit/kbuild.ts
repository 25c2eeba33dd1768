// The Kbuild of a Kbuild-era app or library: what it declares, and the line that adds the
// prerequisites the seL4 document asks of a module that uses Rust (rust_sysroot, and for an
// app libcompiler-rt).
import { renderLines } from '../../render/tree.js';
import { ComponentError } from './component-error.js';
import { joinLines, splitLines } from './lines.js';
import { logicalMakeLines } from './make-syntax.js';

export interface KbuildFacts {
  /** The module (app or library) the file adds. */
  app: string;
  prerequisites: Set<string>;
  /** Index of the last physical line of the app's last dependency (or apps- line). */
  insertAfter: number;
}

export type KbuildKind = 'apps' | 'libs';

export function readKbuild(text: string, kind: KbuildKind = 'apps'): KbuildFacts {
  const logical = logicalMakeLines(splitLines(text).lines);
  const adds = new RegExp(`^\\s*${kind}-\\S*\\s*\\+=\\s*(\\S+)`);
  const apps = logical.map((l) => adds.exec(l.text)).find(Boolean);
  if (!apps) {
    const what = kind === 'apps' ? 'app' : 'library';
    throw new ComponentError(
      `the ${what} Kbuild has no \`${kind}-$(CONFIG_...) += <${what}>\` line`,
      `add that line to its Kbuild, or point --app at a Kbuild ${what} directory`,
    );
  }
  const app = apps[1]!;
  const facts: KbuildFacts = {
    app,
    prerequisites: new Set(),
    insertAfter: logical.find((l) => adds.test(l.text))!.last,
  };
  const dep = new RegExp(`^\\s*${app.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}\\s*:(?!=)(.*)$`);
  const lists = kbuildLists(logical.map((l) => l.text));
  for (const l of logical) {
    const m = dep.exec(l.text);
    if (!m) continue;
    for (const p of expandLists(m[1]!.trim().split(/\s+/).filter(Boolean), lists)) facts.prerequisites.add(p);
    facts.insertAfter = l.last;
  }
  return facts;
}

/**
 * The file's own lists (`<app>-y = common libsel4 …`, `+=` appending), by name. A list named by
 * a configuration option (`libsel4vka-$(CONFIG_LIB_SEL4_VKA) := libsel4vka`, read as
 * `$(libsel4vka-y)`) counts as if the option were on; so do both sides of an `ifdef`.
 */
function kbuildLists(lines: string[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  const option = /-(?:\$\(CONFIG_[A-Za-z0-9_]+\)|\$\{CONFIG_[A-Za-z0-9_]+\})$/;
  for (const text of lines) {
    const m = /^\s*([A-Za-z0-9_.-]+(?:\$\([A-Za-z0-9_]+\)|\$\{[A-Za-z0-9_]+\})?)\s*(\+=|:=|::=|\?=|=)\s*(.*?)\s*$/.exec(
      text,
    );
    if (!m) continue;
    const name = m[1]!.replace(option, '-y');
    if (name.includes('$')) continue;
    const words = m[3]!.split(/\s+/).filter(Boolean);
    if (m[2] === '?=' && lists.has(name)) continue;
    lists.set(name, m[2] === '+=' ? [...(lists.get(name) ?? []), ...words] : words);
  }
  return lists;
}

/**
 * Prerequisites with `$(list)` and `${list}` of the file's own lists replaced by their words (as
 * sel4test-era Kbuild files write `<app>: kernel_elf $(<app>-y)`); anything else as it is.
 */
function expandLists(words: string[], lists: Map<string, string[]>, depth = 0): string[] {
  return words.flatMap((w) => {
    const name = /^\$(?:\(([^()$]+)\)|\{([^{}$]+)\})$/.exec(w);
    const list = name ? lists.get(name[1] ?? name[2]!) : undefined;
    return list && depth < 8 ? expandLists(list, lists, depth + 1) : [w];
  });
}

/**
 * `wanted` prerequisites the app lacks, on a line of their own (with its comment) after the
 * app's last dependency line; the text as it was when it has them all.
 */
export function addKbuildPrerequisites(text: string, wanted: string[], kind: KbuildKind = 'apps'): string {
  const facts = readKbuild(text, kind);
  const missing = wanted.filter((p) => !facts.prerequisites.has(p));
  if (!missing.length) return text;
  const doc = splitLines(text);
  const lines = renderLines('partials/camkes-kbuild-rust.mk.ejs', { module: facts.app, prerequisites: missing });
  doc.lines.splice(facts.insertAfter + 1, 0, ...lines);
  return joinLines(doc);
}
