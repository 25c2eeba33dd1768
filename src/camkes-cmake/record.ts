// The project record (.yo-rc.json) of a CMake CAmkES app: what `ostoo toolchain bump` needs
// to re-derive the specs and re-pin the toolchain. Kept in the app directory, beside the
// support, so the app stays self-contained.
import type { Spec } from '../target/spec.js';

export const recordFile = '.yo-rc.json';
export const flavorId = 'camkes-cmake';

export interface CmakeRecord {
  flavor: typeof flavorId;
  toolchain: { kind: string; id: string; root: string; versionLine: string };
  targets: string[];
  derivedSpecs: Record<string, Spec>;
  [k: string]: unknown;
}

/** Merges our entry into an existing .yo-rc.json text (other generators' keys stay). */
export function recordText(existing: string | undefined, record: CmakeRecord): string {
  let all: Record<string, unknown> = {};
  if (existing !== undefined) {
    try {
      all = JSON.parse(existing) as Record<string, unknown>;
    } catch {
      throw new Error(`${recordFile} in the app is not valid JSON; fix or remove it first`);
    }
  }
  const previous = (all['generator-ostoo'] ?? {}) as Record<string, unknown>;
  all['generator-ostoo'] = { ...previous, ...record };
  return `${JSON.stringify(all, null, 2)}\n`;
}
