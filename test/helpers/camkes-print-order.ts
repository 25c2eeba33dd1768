// seL4's debug console takes one character per system call, so components that print at the
// same time, at the same priority, interleave their lines character by character ("greclient:
// whateter: ..."), more often on a loaded host. A case that asserts whole lines from several
// components lowers the control threads of the ones it added, each below the last, so each
// prints once every thread above it has finished or blocked.
import { readFileSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';

/** CAmkES's default thread priority (CAmkESDefaultPriority). */
const defaultPriority = 254;

/** Gives `instances`' control threads descending priorities below the default, in `camkesFile`'s assembly. */
export function printInOrder(camkesFile: string, instances: readonly string[]): void {
  const lines = readFileSync(camkesFile, 'utf8').split('\n');
  const settings = instances.map((name, i) => `        ${name}._priority = ${defaultPriority - 10 * (i + 1)};`);
  const open = lines.findIndex((l) => /^\s*configuration\s*\{\s*$/.test(l));
  if (open >= 0) {
    lines.splice(open + 1, 0, ...settings);
  } else {
    // The assembly's closing brace: the file's last line that is only "}".
    let close = lines.length - 1;
    while (close > 0 && lines[close]!.trim() !== '}') close--;
    assert.ok(close > 0, `${camkesFile} ends with its assembly`);
    lines.splice(close, 0, '    configuration {', ...settings, '    }');
  }
  writeFileSync(camkesFile, lines.join('\n'));
}
