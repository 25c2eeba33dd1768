// Hooks rust/microkit.mk into a system's own build, by inserting whole lines: a Microkit
// Makefile (the SDK examples' layout: an IMAGES list that the loader image rule depends on)
// gets `include rust/microkit.mk` after its last IMAGES assignment; a `build.sh OUT_DIR` script
// (ostoo's Microkit kit runs those) gets a make line at its end. Where neither can be edited
// safely, nothing is edited and the lines to add are returned instead.
import { joinLines, splitLines } from '../camkes/edit/lines.js';
import { logicalMakeLines } from '../camkes/edit/make-syntax.js';
import { lexShell } from '../workspace/shell-words.js';
import { rustDir } from './support.js';

export const makefileInclude = `include ${rustDir}/microkit.mk`;
export const buildShLines = [
  '# The Rust protection domains (rust/microkit.mk, added by ostoo microkit-pd).',
  `make -f "$(dirname "$0")/${rustDir}/microkit.mk" BUILD_DIR="$1" microkit-rust-pds`,
];

export type HookResult = { text: string } | { skip: 'already' } | { manual: string };

const mentionsSupport = (text: string) => text.includes(`${rustDir}/microkit.mk`);

/** The Makefile with the include after its last top-level IMAGES assignment. */
export function hookMakefile(text: string): HookResult {
  if (mentionsSupport(text)) return { skip: 'already' };
  const doc = splitLines(text);
  const logical = logicalMakeLines(doc.lines);
  const assigns = logical.filter((l) => /^IMAGES\s*(?::{1,3}|\+|\?)?=/.test(l.text));
  const last = assigns[assigns.length - 1];
  const manual = `add \`${makefileInclude}\` to the Makefile after IMAGES is set, before the rule that builds the loader image from $(IMAGES)`;
  if (!last) return { manual };
  // The include must come before the rule whose prerequisites expand $(IMAGES).
  if (!logical.some((l) => l.first > last.last && /\$[({]IMAGES[)}]/.test(l.text))) return { manual };
  const eol = doc.lines[last.last]!.endsWith('\r') ? '\r' : '';
  doc.lines.splice(last.last + 1, 0, `${makefileInclude}${eol}`);
  return { text: joinLines(doc) };
}

/** build.sh with the make line at its end (before a final `exit`). */
export function hookBuildSh(text: string): HookResult {
  if (mentionsSupport(text)) return { skip: 'already' };
  const manual = `add \`${buildShLines[1]}\` to build.sh, where "$1" is its OUT_DIR`;
  let commands;
  try {
    commands = lexShell(text);
  } catch {
    return { manual };
  }
  // `$1` must still be the output directory where the line runs.
  if (commands.some((c) => c.words[0]?.raw === 'shift' || (c.words[0]?.raw === 'set' && c.words[1]?.raw === '--')))
    return { manual };
  const doc = splitLines(text);
  const eol = doc.lines.some((l) => l.endsWith('\r')) ? '\r' : '';
  let at = doc.lines.length;
  while (at > 0 && doc.lines[at - 1]!.trim() === '') at--;
  if (at > 0 && /^\s*exit\b/.test(doc.lines[at - 1]!)) at--;
  doc.lines.splice(at, 0, ...buildShLines.map((l) => `${l}${eol}`));
  return { text: joinLines(doc) };
}
