// The layering of src/: no directory imports (even for types) one that imports it back, and
// the ground floor (util/, errors.ts, identifiers.ts, package-names.ts) imports nothing above
// it. A flavor module's lazy `import()` in its catalogue entry is the one way down-to-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers/paths.js';
import { tsSources } from './helpers/ts-sources.js';

const src = path.join(repoRoot, 'src');

/** A file's unit: its directory under src/, or its own name for a file at the top. */
function unit(file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length > 1 ? rel[0]! : rel[0]!.replace(/\.ts$/, '');
}

/** Static imports and re-exports (types too), not `import()` expressions. */
const staticImport = /^\s*(?:import|export)\b[^'";]*?\bfrom\s+['"](\.[^'"]+)['"]/gm;

export function unitEdges(files = tsSources(src)): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(staticImport)) {
      const to = unit(path.resolve(path.dirname(f), m[1]!.replace(/\.js$/, '.ts')));
      if (to === unit(f)) continue;
      if (!edges.has(unit(f))) edges.set(unit(f), new Set());
      edges.get(unit(f))!.add(to);
    }
  }
  return edges;
}

/** Each cycle of units, as the path that closes it. */
export function cycles(edges: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (u: string, trail: string[]) => {
    const at = trail.indexOf(u);
    if (at >= 0) return void found.push([...trail.slice(at), u]);
    if (done.has(u)) return;
    for (const v of edges.get(u) ?? []) walk(v, [...trail, u]);
    done.add(u);
  };
  for (const u of edges.keys()) walk(u, []);
  return found;
}

test('no unit of src/ imports one that imports it back', () => {
  assert.deepEqual(cycles(unitEdges()), []);
});

test('the ground floor imports nothing above it', () => {
  const ground = new Set(['util', 'errors', 'identifiers', 'package-names']);
  const edges = unitEdges();
  for (const u of ground)
    assert.deepEqual(
      [...(edges.get(u) ?? [])].filter((v) => !ground.has(v)),
      [],
      u,
    );
});

test('the cycle check finds a cycle (it can fail)', () => {
  const edges = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
  ]);
  assert.deepEqual(cycles(edges), [['a', 'b', 'c', 'a']]);
});
