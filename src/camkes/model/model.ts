// A typed model of what a CAmkES component is: the procedures (RPC interfaces) it provides
// and uses, with every parameter kind the IDL has, and its events, dataports, attributes and
// control thread. Parsed from the app's .camkes/.idl4 text by parse.ts.
import type { IdlType } from './types.js';

export type Direction = 'in' | 'out' | 'inout' | 'refin';

export interface Param {
  name: string;
  /** `in` when the IDL gives none (camkes-tool's default). */
  direction: Direction;
  type: IdlType;
  /** `T name[]`: passed with a `size_t` length (`name_sz`). */
  array: boolean;
}

export interface Method {
  name: string;
  /** undefined: `void`. */
  returns: IdlType | undefined;
  params: Param[];
}

/** Where a declaration is, for messages: a file relative to the app and a line (1-based). */
export interface Where {
  file: string;
  line: number;
}

export interface Procedure {
  name: string;
  methods: Method[];
  /** `include "x.h";` / `include <x.h>;` inside the procedure, as written (`"x.h"`, `<x.h>`). */
  includes: string[];
  where: Where;
  /** The declaration's text with comments removed and whitespace collapsed (what a binding was made from). */
  text: string;
}

export interface InterfaceDecl {
  /** The procedure or event type name (`Addition`, `SomethingHappenedEvent`). */
  type: string;
  name: string;
  /** `maybe uses` / `maybe consumes` / `maybe dataport`. */
  optional: boolean;
}

export interface DataportDecl {
  name: string;
  /** `Buf` (4 KiB), `Buf(N)` (N bytes) or a type from a header. */
  type: { kind: 'buf'; size: number; spelling: string } | { kind: 'typed'; c: string };
  optional: boolean;
}

export interface AttributeDecl {
  name: string;
  /** As written (`int`, `string`, `struct cat`, `MyType`). */
  type: string;
  array: boolean;
  /** The default value's text, if any (`= ...`). */
  default?: string;
}

export interface ComponentType {
  name: string;
  control: boolean;
  hardware: boolean;
  provides: InterfaceDecl[];
  uses: InterfaceDecl[];
  emits: InterfaceDecl[];
  consumes: InterfaceDecl[];
  dataports: DataportDecl[];
  attributes: AttributeDecl[];
  mutexes: string[];
  semaphores: string[];
  binarySemaphores: string[];
  /** `include` lines of the component, as written. */
  includes: string[];
  /** A compound component (with its own composition or configuration). */
  compound: boolean;
  where: Where;
  text: string;
}

/** What a component's .camkes declares, without its name and where it stands. */
export type Declaration = Omit<ComponentType, 'name' | 'where' | 'text' | 'compound' | 'hardware'>;

/** A declaration of nothing: no interfaces, attributes or locks. */
export const emptyDeclaration = (): Declaration => ({
  control: false,
  provides: [],
  uses: [],
  emits: [],
  consumes: [],
  dataports: [],
  attributes: [],
  mutexes: [],
  semaphores: [],
  binarySemaphores: [],
  includes: [],
});

/** Every interface name of a component, in declaration order (they share one namespace in camkes.h). */
export function interfaceNames(c: ComponentType): string[] {
  return [
    ...c.provides.map((i) => i.name),
    ...c.uses.map((i) => i.name),
    ...c.emits.map((i) => i.name),
    ...c.consumes.map((i) => i.name),
    ...c.dataports.map((d) => d.name),
  ];
}
