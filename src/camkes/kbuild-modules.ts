// What the Rust parts of a Kbuild-era checkout's libraries and apps say in their Makefiles:
// the seL4 document's names (RUST_TARGET, <component>_RUST) and ostoo's earlier ones
// (RUST_STATICLIB, RUST_BUILTINS_TARGET, RUST_CAMKES_COMPONENTS). Read-only; `ostoo doctor`
// checks and moves them.
import path from 'node:path';
import type { FileView } from '../util/file-view.js';
import { splitLines } from './edit/lines.js';
import { logicalMakeLines } from './edit/make-syntax.js';

export interface MakeAssignment {
  name: string;
  op: string;
  value: string;
  /** Physical lines of the assignment. */
  first: number;
  last: number;
}

export interface RustModule {
  kind: 'lib' | 'app';
  /** The directory's name: libfoo, adder. */
  name: string;
  dir: string;
  makefileText: string;
  kbuildText?: string;
  assignments: MakeAssignment[];
  /** RUST_TARGET := lib<crate>.a */
  rustTarget?: string;
  /** <component>_RUST := <crate> */
  components: Map<string, string>;
  /** RUST_COMPILER_RT := libcompiler-rt.a (ostoo's libcompiler-rt). */
  compilerRt?: string;
  earlier: { staticlib?: string; builtins?: string; listed: string[] };
  includesRustMk: boolean;
}

const assignment = /^\s*(?:override\s+)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(:=|::=|\+=|\?=|=)\s*(.*?)\s*$/;

export function readMakeAssignments(text: string): MakeAssignment[] {
  const out: MakeAssignment[] = [];
  for (const l of logicalMakeLines(splitLines(text).lines)) {
    const m = assignment.exec(l.text);
    if (m) out.push({ name: m[1]!, op: m[2]!, value: m[3]!.replace(/\s+/g, ' '), first: l.first, last: l.last });
  }
  return out;
}

function readModule(kind: 'lib' | 'app', dir: string, view: FileView): RustModule | undefined {
  const makefileText = view.read(path.join(dir, 'Makefile'));
  if (makefileText === undefined) return undefined;
  const assignments = readMakeAssignments(makefileText);
  const last = (name: string) => assignments.filter((a) => a.name === name).pop()?.value || undefined;
  const components = new Map<string, string>();
  for (const a of assignments) {
    if (a.name.endsWith('_RUST') && !/^(CONFIG|RUST)_/.test(a.name) && a.name.length > 5)
      components.set(a.name.slice(0, -5), a.value);
  }
  const kbuildText = view.read(path.join(dir, 'Kbuild'));
  return {
    kind,
    name: path.basename(dir),
    dir,
    makefileText,
    ...(kbuildText !== undefined ? { kbuildText } : {}),
    assignments,
    ...(last('RUST_TARGET') ? { rustTarget: last('RUST_TARGET')! } : {}),
    components,
    ...(last('RUST_COMPILER_RT') ? { compilerRt: last('RUST_COMPILER_RT')! } : {}),
    earlier: {
      ...(last('RUST_STATICLIB') ? { staticlib: last('RUST_STATICLIB')! } : {}),
      ...(last('RUST_BUILTINS_TARGET') ? { builtins: last('RUST_BUILTINS_TARGET')! } : {}),
      listed: assignments
        .filter((a) => a.name === 'RUST_CAMKES_COMPONENTS')
        .flatMap((a) => a.value.split(' ').filter(Boolean)),
    },
    includesRustMk: logicalMakeLines(splitLines(makefileText).lines).some((l) =>
      /^\s*-?include\s+.*\brust\.mk\b/.test(l.text),
    ),
  };
}

/** Whether a module has anything to do with Rust. */
export function usesRust(m: RustModule): boolean {
  return Boolean(
    m.rustTarget ||
    m.components.size ||
    m.compilerRt ||
    m.earlier.staticlib ||
    m.earlier.builtins ||
    m.earlier.listed.length,
  );
}

/** The checkout's libs/* and apps/* that use Rust. */
export function readRustModules(root: string, view: FileView): RustModule[] {
  const out: RustModule[] = [];
  for (const [kind, sub] of [
    ['lib', 'libs'],
    ['app', 'apps'],
  ] as const) {
    for (const entry of view.list(path.join(root, sub))) {
      const m = readModule(kind, path.join(root, sub, entry.name), view);
      if (m && usesRust(m)) out.push(m);
    }
  }
  return out;
}
