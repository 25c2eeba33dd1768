// The app Makefile of a Kbuild-era CAmkES app: what it declares, and the lines that add a
// Rust component before its camkes.mk include.
import { renderLines } from '../../render/tree.js';
import { componentMakefileBlock } from '../component.js';
import { ComponentError } from './component-error.js';
import { joinLines, splitLines } from './lines.js';
import { logicalMakeLines } from './make-syntax.js';

export interface MakefileFacts {
  adl?: string;
  /** Component names with any `<name>_(RUST|CFILES|HFILES|...)` variable. */
  components: Set<string>;
  hasRustMk: boolean;
}

const componentVar =
  /^\s*(?:override\s+)?([A-Za-z_][A-Za-z0-9_]*)_(RUST|CFILES|HFILES|CXXFILES|ASMFILES|OFILES|LIBS)\s*[:+?]?=/;

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
export function editMakefile(
  text: string,
  name: string,
  rustMk: string,
  form: 'document' | 'listed' = 'document',
): string {
  const doc = splitLines(text);
  const logical = logicalMakeLines(doc.lines);
  const include = (re: RegExp) => logical.find((l) => re.test(l.text));
  const camkesMk = include(/^\s*-?include\s+.*\bcamkes\.mk\b/);
  if (!camkesMk)
    throw new ComponentError(
      'the app Makefile does not include camkes.mk, so it is not a CAmkES app Makefile',
      'point --app at a Kbuild CAmkES app, or add `include ${PWD}/tools/camkes/camkes.mk` to it',
    );
  const rustInclude = include(/^\s*-?include\s+.*\brust\.mk\b/);
  let at = Math.min(camkesMk.first, rustInclude?.first ?? Infinity);
  // Keep a comment that introduces the include next to it.
  while (at > 0 && /^\s*#/.test(doc.lines[at - 1]!)) at--;
  // The block ends with a newline: a blank line after it.
  const added = componentMakefileBlock(name, form).split('\n');
  if (!rustInclude && rustMk) added.push(...renderLines('partials/camkes-rust-mk-include.mk.ejs', { rustMk }));
  if (at > 0 && doc.lines[at - 1]!.trim() !== '') added.unshift('');
  doc.lines.splice(at, 0, ...added);
  return joinLines(doc);
}

/**
 * --rust-mk is written as Make text (`include <it>`), so it may refer to ${PWD} or $(PWD) as
 * the default does; any other `$`, and spaces, `#`, quotes or `;`, are refused.
 */
export function assertRustMkPath(rustMk: string): void {
  const rest = rustMk.replace(/\$\{PWD\}|\$\(PWD\)/g, '');
  if (!/^[A-Za-z0-9_./+@%-]*$/.test(rest)) {
    throw new ComponentError(
      `--rust-mk ${JSON.stringify(rustMk)} must be a path (letters, digits, . / _ - + @ %) that may start from \${PWD}`,
      'pass a plain path to --rust-mk, e.g. ${PWD}/rust.mk',
    );
  }
}
