// Issue 20 item 5: every error that reaches the user says what to do. The README promises
// `ostoo: <what> — <what to do>`; this reads every `new XError(...)` in src/ and generators/
// whose class is OstooError or extends it, and requires the hint: a second argument, a
// ` — ` in the message itself, or a subclass constructor that always passes one to super.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from './helpers/paths.js';

/** Errors that never reach the user as their own line, and who words them instead. */
const internal: Record<string, string> = {
  NotPrebuildable: 'src/std-sysroot/run.ts prints it as a note that ends "— building std from source"',
};

function sources(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function visit(node: ts.Node, f: (n: ts.Node) => void): void {
  f(node);
  ts.forEachChild(node, (c) => visit(c, f));
}

/** A message argument that carries its own hint (`what — what to do`). */
const inlineHint = (arg: ts.Expression | undefined): boolean => arg !== undefined && / — /.test(arg.getText());
const hasHint = (args: readonly ts.Expression[]): boolean =>
  (args.length >= 2 && args[1]!.getText() !== 'undefined') || inlineHint(args[0]);

export function missingHints(): string[] {
  const files = [...sources(path.join(repoRoot, 'src')), ...sources(path.join(repoRoot, 'generators'))].map((f) =>
    ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true),
  );
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
