// `--replace`: the one edit inside a line this package makes to an assembly. The instance's
// declaration `component <Type> <instance>;` gets the new type in place of the old one; every
// other byte of the file (its connections, configuration, comments) stays as it was.
import { maskComments } from '../model/parse.js';
import { ComponentError } from './component-error.js';

export interface InstanceDeclaration {
  type: string;
  /** Offset of the type name in the text. */
  typeAt: number;
}

/** Where the assembly declares `instance` (outside comments), or undefined. */
export function findInstance(text: string, instance: string): InstanceDeclaration | undefined {
  const masked = maskComments(text);
  for (const m of masked.matchAll(/\bcomponent\s+([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*;/g)) {
    if (m[2] === instance) return { type: m[1]!, typeAt: m.index + m[0].indexOf(m[1]!, 'component'.length) };
  }
  return undefined;
}

/** The assembly with `instance` declared as a `type` instead. */
export function switchInstanceType(text: string, instance: string, type: string): string {
  const found = findInstance(text, instance);
  if (!found)
    throw new ComponentError(
      `the assembly declares no instance '${instance}'`,
      'name an instance its `component Type instance;` line declares',
    );
  return text.slice(0, found.typeAt) + type + text.slice(found.typeAt + found.type.length);
}
