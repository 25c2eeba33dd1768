// Every error that reaches the user says what to do. The README promises
// `ostoo: <what> — <what to do>`; this reads every `new XError(...)` in src/ and generators/
// whose class is OstooError or extends it, and requires the hint: a second argument, a
// ` — ` in the message itself, or a subclass constructor that always passes one to super.
// And, one error model: no bare `new Error(` outside an allowlist of internal ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from './helpers/paths.js';
import { tsSources } from './helpers/ts-sources.js';

/** Errors that never reach the user as their own line, and who words them instead. */
const internal: Record<string, string> = {
  NotPrebuildable: 'src/std-sysroot/run.ts prints it as a note that ends "— building std from source"',
};

function visit(node: ts.Node, f: (n: ts.Node) => void): void {
  f(node);
  ts.forEachChild(node, (c) => visit(c, f));
}

/** A message argument that carries its own hint (`what — what to do`). */
const inlineHint = (arg: ts.Expression | undefined): boolean => arg !== undefined && / — /.test(arg.getText());
const hasHint = (args: readonly ts.Expression[]): boolean =>
  (args.length >= 2 && args[1]!.getText() !== 'undefined') || inlineHint(args[0]);

/** Every .ts file of src/ and generators/, parsed. */
function parsedSources(): ts.SourceFile[] {
  return [...tsSources(path.join(repoRoot, 'src')), ...tsSources(path.join(repoRoot, 'generators'))].map((f) =>
    ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true),
  );
}

export function missingHints(): string[] {
  const files = parsedSources();
  const parent = new Map<string, string>();
  const ctor = new Map<string, { sf: ts.SourceFile; node: ts.ClassDeclaration; sup?: ts.CallExpression }>();
  for (const sf of files) {
    visit(sf, (n) => {
      if (!ts.isClassDeclaration(n) || !n.name) return;
      for (const h of n.heritageClauses ?? []) for (const t of h.types) parent.set(n.name.text, t.expression.getText());
      const c = n.members.find(ts.isConstructorDeclaration);
      if (!c?.body) return;
      let sup: ts.CallExpression | undefined;
      visit(c.body, (m) => {
        if (ts.isCallExpression(m) && m.expression.kind === ts.SyntaxKind.SuperKeyword) sup = m;
      });
      ctor.set(n.name.text, { sf, node: n, ...(sup ? { sup } : {}) });
    });
  }
  const chain = (name: string): string[] => {
    const out: string[] = [];
    for (let k: string | undefined = name; k && out.length < 20; k = parent.get(k)) out.push(k);
    return out;
  };
  const isOstoo = (name: string) => chain(name).includes('OstooError');
  const where = (sf: ts.SourceFile, n: ts.Node) =>
    `${path.relative(repoRoot, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const missing: string[] = [];
  for (const sf of files) {
    visit(sf, (n) => {
      if (!ts.isNewExpression(n) || !ts.isIdentifier(n.expression) || !isOstoo(n.expression.text)) return;
      const name = n.expression.text;
      if (chain(name).some((k) => k in internal)) return;
      // The nearest class with its own constructor decides the arguments' meaning.
      const decider = chain(name).find((k) => k === 'OstooError' || ctor.has(k));
      if (decider !== 'OstooError') return;
      if (!hasHint(n.arguments ?? []))
        missing.push(`${where(sf, n)} ${n.getText().replace(/\s+/g, ' ').slice(0, 100)}`);
    });
  }
  for (const [name, { sf, node, sup }] of ctor) {
    if (!isOstoo(name) || chain(name).some((k) => k in internal)) continue;
    if (!sup || !hasHint(sup.arguments))
      missing.push(`${where(sf, node)} class ${name}: its super() call passes no hint`);
  }
  return missing;
}

/**
 * Not yet given their hint: file and class, with how many. Empty now, and it only shrinks: a
 * new error without a hint fails, and so does one given its hint until its count here goes down.
 */
const notYet: Record<string, number> = {};

/** `file Class` -> how many sites lack a hint. */
function counted(missing: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of missing) {
    const [at, ...rest] = m.split(' ');
    const file = at!.replace(/:\d+$/, '');
    const cls = rest[0] === 'class' ? rest[1]!.replace(/:$/, '') : /^new (\w+)/.exec(rest.join(' '))![1]!;
    const key = `${file} ${cls}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

test('every user-facing error in src/ and generators/ has its "— what to do"', () => {
  const missing = missingHints();
  assert.deepEqual(counted(missing), notYet, `errors without a hint:\n${missing.join('\n')}`);
});

/**
 * Bare `new Error(...)` (or `Error(...)`) that may stay in src/ and generators/: file -> how many,
 * and why none of them reaches the user as its own line. Any other bare Error fails: an error
 * a user can meet is an OstooError (or a domain subclass) with its hint.
 */
const bareErrors: Record<string, [number, string]> = {
  'generators/camkes-component/index.ts': [1, 'appBuild only names builds a flavor adds components to'],
  'src/binfmt/ar.ts': [5, "the archive writer's invariants on member and symbol names ostoo makes"],
  'src/binfmt/elf-object.ts': [1, "the object writer's invariant on symbol names ostoo makes"],
  'src/camkes-cmake/support.ts': [1, 'a target spec is derived for every architecture ostoo supports'],
  'src/camkes/kbuild-support.ts': [1, 'a target spec is derived for every architecture ostoo supports'],
  'src/flavor-catalog/registry.ts': [2, 'registering the flavors at load time: a programming error'],
  'src/lock/compression.ts': [1, 'the exhaustive switch over decoders (never)'],
  'src/lock/sysroot-pins.ts': [1, "the lock's schema checks every sysroot key first"],
  'src/microkit/add-pd.ts': [1, "planAddPd's precondition, kept by its callers"],
  'src/microkit/pd-api.ts': [1, 'its callers pass only protection domains the model has'],
  'src/provisioning/component.ts': [1, 'caught by planComponent and said as a CorruptPackageError'],
  'src/provisioning/decompress.ts': [1, 'the exhaustive switch over decoders (never)'],
  'src/provisioning/download.ts': [
    1,
    'an odd Range answer is retried, then said by "failed after N attempts" with its hint',
  ],
  'src/provisioning/locate.ts': [1, 'internal: every caller passes a lock or a lock file'],
  'src/provisioning/verified-fetch.ts': [1, "the reason given to a sink's cancel, never shown"],
  'src/render/tree.ts': [1, "a template path placeholder without a value: the templates' own error"],
  'src/std-sysroot/cargo-args.ts': [
    4,
    'caught by contextFor and said as NotPrebuildable (a note, the command runs as written)',
  ],
  'src/std-sysroot/store.ts': [
    5,
    "caught by checkSysroot and said as a SysrootError's why; the rest check ostoo's own output",
  ],
  'src/update/replay.ts': [3, 'caught by replay and said as the step that could not be replayed, with its hint'],
};

/** `file:line text` of every bare `new Error(` / `Error(` in `files`. */
export function bareErrorSites(files: ts.SourceFile[]): string[] {
  const out: string[] = [];
  for (const sf of files) {
    visit(sf, (n) => {
      if (!(ts.isNewExpression(n) || ts.isCallExpression(n))) return;
      if (!ts.isIdentifier(n.expression) || n.expression.text !== 'Error') return;
      const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      out.push(`${path.relative(repoRoot, sf.fileName)}:${line} ${n.getText().replace(/\s+/g, ' ').slice(0, 100)}`);
    });
  }
  return out;
}

const byFile = (sites: string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const s of sites) {
    const file = s.split(' ')[0]!.replace(/:\d+$/, '');
    out[file] = (out[file] ?? 0) + 1;
  }
  return out;
};

test('no bare Error in src/ or generators/ outside the allowlist of internal ones', () => {
  const sites = bareErrorSites(parsedSources());
  const allowed = Object.fromEntries(Object.entries(bareErrors).map(([f, [n]]) => [f, n]));
  assert.deepEqual(byFile(sites), allowed, `bare Errors (make them OstooError with a hint):\n${sites.join('\n')}`);
  for (const [f, [, why]] of Object.entries(bareErrors)) assert.ok(why.length > 10, `${f} says why`);
});

test('the bare-Error scan finds one (it can fail)', () => {
  const sf = (text: string) => ts.createSourceFile(path.join(repoRoot, 'x.ts'), text, ts.ScriptTarget.Latest, true);
  assert.deepEqual(byFile(bareErrorSites([sf("throw new Error('x'); throw Error('y');")])), { 'x.ts': 2 });
  assert.deepEqual(bareErrorSites([sf("throw new OstooError('x', 'do y'); new TypeError('z');")]), []);
});

test('the scan finds errors without a hint (it can fail)', () => {
  const sf = ts.createSourceFile('x.ts', "throw new OstooError('bare');", ts.ScriptTarget.Latest, true);
  let args: readonly ts.Expression[] = [];
  visit(sf, (n) => {
    if (ts.isNewExpression(n)) args = n.arguments ?? [];
  });
  assert.equal(hasHint(args), false);
  const ok = ts.createSourceFile('y.ts', "new OstooError('bad — fix it')", ts.ScriptTarget.Latest, true);
  visit(ok, (n) => {
    if (ts.isNewExpression(n)) args = n.arguments ?? [];
  });
  assert.equal(hasHint(args), true);
});
