// User edits on top of a derived target spec, kept as a top-level overlay: keys the user
// added or changed carry their value, keys the user deleted carry null. A bump re-derives
// the spec from the new toolchain and reapplies the overlay.
import { isDeepStrictEqual } from 'node:util';
import { sortKeys, type Spec } from '../target-spec/spec.js';

export type Overlay = Record<string, unknown>;

export function specOverlay(derived: Spec, current: Spec): Overlay {
  const overlay: Overlay = {};
  for (const [k, v] of Object.entries(current)) if (!isDeepStrictEqual(derived[k], v)) overlay[k] = v;
  for (const k of Object.keys(derived)) if (!(k in current)) overlay[k] = null;
  return sortKeys(overlay);
}

export function applyOverlay(derived: Spec, overlay: Overlay): Spec {
  const out: Spec = { ...derived };
  for (const [k, v] of Object.entries(overlay)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return sortKeys(out);
}

export interface SpecChanges {
  dataLayout?: [string, string];
  llvmTarget?: [string, string];
  added: string[];
  removed: string[];
  changed: string[];
}

/** What a toolchain change did to the derived spec (before the overlay). */
export function specChanges(before: Spec, after: Spec): SpecChanges {
  const str = (v: unknown) => String(v ?? '(none)');
  const changes: SpecChanges = {
    added: Object.keys(after)
      .filter((k) => !(k in before))
      .sort(),
    removed: Object.keys(before)
      .filter((k) => !(k in after))
      .sort(),
    changed: Object.keys(after)
      .filter((k) => k in before && !isDeepStrictEqual(before[k], after[k]))
      .sort(),
  };
  if (before['data-layout'] !== after['data-layout'])
    changes.dataLayout = [str(before['data-layout']), str(after['data-layout'])];
  if (before['llvm-target'] !== after['llvm-target'])
    changes.llvmTarget = [str(before['llvm-target']), str(after['llvm-target'])];
  return changes;
}

export function describeChanges(file: string, c: SpecChanges, overlay: Overlay): string[] {
  const lines: string[] = [];
  if (c.dataLayout) lines.push(`${file}: data-layout ${c.dataLayout[0]} -> ${c.dataLayout[1]}`);
  if (c.llvmTarget) lines.push(`${file}: llvm-target ${c.llvmTarget[0]} -> ${c.llvmTarget[1]}`);
  if (c.added.length) lines.push(`${file}: fields added: ${c.added.join(', ')}`);
  if (c.removed.length) lines.push(`${file}: fields removed: ${c.removed.join(', ')}`);
  const other = c.changed.filter((k) => k !== 'data-layout' && k !== 'llvm-target');
  if (other.length) lines.push(`${file}: fields changed: ${other.join(', ')}`);
  if (Object.keys(overlay).length) lines.push(`${file}: your edits reapplied: ${Object.keys(overlay).join(', ')}`);
  if (!lines.length) lines.push(`${file}: unchanged`);
  return lines;
}
