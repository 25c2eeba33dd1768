// The app's assembly (.camkes file), any build system: what it declares, and the import,
// instance and connection lines that add a component to it.
import { renderLines } from '../../render/tree.js';
import { maskComments } from '../idl.js';
import { ComponentError } from './component-error.js';
import { switchInstanceType } from './instance-type.js';
import { indentOf, joinLines, lineOfOffset, splitLines } from './lines.js';

export interface AssemblyFacts {
  /** Instance name -> component type. */
  instances: Map<string, string>;
  connections: Set<string>;
  /** Each connected end, `instance.iface`, with the name of (the first) connection it is in. */
  ends: Map<string, string>;
  imports: string[];
}

interface Composition {
  /** Line index of `composition {` and of its closing brace. */
  open: number;
  close: number;
}

function findComposition(masked: string): Composition {
  const m = /\bcomposition\s*\{/.exec(masked);
  if (!m)
    throw new ComponentError(
      'the app .camkes file has no `composition { ... }` block',
      'add the component to the assembly by hand',
    );
  let depth = 0;
  for (let i = m.index + m[0].length - 1; i < masked.length; i++) {
    if (masked[i] === '{') depth++;
    else if (masked[i] === '}' && --depth === 0) {
      const open = lineOfOffset(masked, m.index + m[0].length - 1);
      const close = lineOfOffset(masked, i);
      if (open === close)
        throw new ComponentError(
          'the composition block is on one line',
          'put its braces on lines of their own, or add the component by hand',
        );
      return { open, close };
    }
  }
  throw new ComponentError(
    'the composition block in the app .camkes file is not closed',
    'close its braces (the CAmkES parser would refuse it too)',
  );
}

export function readAssembly(text: string): AssemblyFacts {
  const masked = maskComments(text);
  const facts: AssemblyFacts = { instances: new Map(), connections: new Set(), ends: new Map(), imports: [] };
  for (const m of masked.matchAll(/\bcomponent\s+([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*;/g))
    facts.instances.set(m[2]!, m[1]!);
  for (const m of masked.matchAll(/\bconnection\s+[A-Za-z_]\w*\s+([A-Za-z_]\w*)\s*\(([^)]*)\)/g)) {
    facts.connections.add(m[1]!);
    for (const e of m[2]!.matchAll(/\b(?:from|to)\s+([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)/g)) {
      const end = `${e[1]}.${e[2]}`;
      if (!facts.ends.has(end)) facts.ends.set(end, m[1]!);
    }
  }
  for (const m of masked.matchAll(/\bimport\s+("[^"]*"|<[^>]*>)\s*;/g)) facts.imports.push(m[1]!);
  return facts;
}

export interface AssemblyEdit {
  /** Imports the new lines need that the file lacks (e.g. the connectors), before importLine. */
  extraImports?: string[];
  importLine: string;
  /** The new instance (none when an existing instance takes the new type). */
  instanceLine?: string;
  connectionLines: string[];
}

export function editAssembly(text: string, edit: AssemblyEdit): string {
  const masked = maskComments(text);
  const doc = splitLines(text);
  const maskedLines = masked.split('\n');
  const comp = findComposition(masked);

  // Inside the composition: after the last instance, connections after the last connection.
  const inside = (re: RegExp) => {
    let last = -1;
    for (let i = comp.open + 1; i < comp.close; i++) if (re.test(maskedLines[i]!)) last = i;
    return last;
  };
  const lastInstance = inside(/^\s*component\s+\w+\s+\w+\s*;/);
  const lastConnection = inside(/^\s*connection\b/);
  const sample =
    lastInstance >= 0 ? doc.lines[lastInstance]! : lastConnection >= 0 ? doc.lines[lastConnection]! : undefined;
  const indent = sample !== undefined ? indentOf(sample) : `${indentOf(doc.lines[comp.open]!)}    `;

  // Insert from the bottom up so earlier indices stay valid.
  const inserts: { after: number; lines: string[] }[] = [];
  const instanceAfter = lastInstance >= 0 ? lastInstance : comp.open;
  if (edit.instanceLine !== undefined) inserts.push({ after: instanceAfter, lines: [`${indent}${edit.instanceLine}`] });
  if (edit.connectionLines.length) {
    const connAfter = lastConnection >= 0 ? lastConnection : instanceAfter;
    const connIndent = lastConnection >= 0 ? indentOf(doc.lines[lastConnection]!) : indent;
    inserts.push({ after: connAfter, lines: edit.connectionLines.map((l) => `${connIndent}${l}`) });
  }

  // The import: after the last import statement before the composition, else before `assembly`.
  let lastImport = -1;
  for (let i = 0; i < comp.open; i++) if (/^\s*import\b.*;/.test(maskedLines[i]!)) lastImport = i;
  const importLines = [...(edit.extraImports ?? []), edit.importLine];
  if (lastImport >= 0) {
    inserts.push({ after: lastImport, lines: importLines });
  } else {
    const assembly = maskedLines.findIndex((l) => /\bassembly\b/.test(l));
    if (assembly < 0)
      throw new ComponentError(
        'the app .camkes file has no assembly',
        'add an `assembly { composition { ... } }` to it',
      );
    inserts.push({ after: assembly - 1, lines: [...importLines, ''] });
  }

  // Same line: the instance (added first) goes before the connections.
  inserts.sort((a, b) => b.after - a.after || (a.lines[0] === `${indent}${edit.instanceLine}` ? 1 : -1));
  for (const ins of inserts) doc.lines.splice(ins.after + 1, 0, ...ins.lines);
  return joinLines(doc);
}

export interface Connection {
  connector: string;
  /** The connection's name in the composition. */
  name: string;
  from: { instance: string; iface: string };
  to: { instance: string; iface: string };
}

/** One line of the assembly, from its partial (templates/partials/camkes-*.camkes.ejs). */
function line(partial: 'import' | 'instance' | 'connection', data: Record<string, unknown>): string {
  return renderLines(`partials/camkes-${partial}.camkes.ejs`, data).join('\n');
}

/**
 * The assembly with the component's import, instance and connections added (any build
 * system); with `replaces`, the instance is there already and takes the new type instead.
 */
export function addToAssembly(
  text: string,
  assembly: AssemblyFacts,
  c: { dir: string; name: string; instance: string; connections: Connection[]; replaces?: boolean },
): string {
  if (c.replaces) text = switchInstanceType(text, c.instance, c.name);
  // The builtin connectors (seL4RPCCall, ...) come from std_connector.camkes.
  const needsConnectors = c.connections.length > 0 && !assembly.imports.includes('<std_connector.camkes>');
  return editAssembly(text, {
    ...(needsConnectors ? { extraImports: [line('import', { file: 'std_connector.camkes', builtin: true })] } : {}),
    importLine: line('import', { file: `${c.dir}/${c.name}.camkes` }),
    ...(c.replaces ? {} : { instanceLine: line('instance', { type: c.name, instance: c.instance }) }),
    connectionLines: c.connections.map((conn) => line('connection', { ...conn })),
  });
}
