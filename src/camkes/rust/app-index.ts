// The procedures and component types an app's .camkes/.idl4 files define, parsed once, and the
// checks that refuse, by name, whatever a Rust component cannot have yet.
import path from 'node:path';
import type { FileView } from '../../util/file-view.js';
import { ComponentError } from '../edit/component-error.js';
import { interfaceNames } from '../model/model.js';
import { parseCamkes, type ParsedComponent, type ParsedProcedure } from '../model/parse.js';
import { attributeType } from './bindings.js';
import { interfaceModule } from './names.js';

export interface AppIndex {
  /** The first definition of each procedure, by name. */
  procedures: Map<string, ParsedProcedure>;
  /** Every component type, by name (the first definition). */
  components: Map<string, ParsedComponent>;
}

/** Parses `files` (relative to `dir`); `where.file` of each declaration is app-relative. */
export function indexApp(view: FileView, dir: string, files: readonly string[]): AppIndex {
  const index: AppIndex = { procedures: new Map(), components: new Map() };
  for (const file of files) {
    const text = view.read(path.join(dir, file));
    if (text === undefined) continue;
    const parsed = parseCamkes(text, file);
    for (const p of parsed.procedures) if (!index.procedures.has(p.name)) index.procedures.set(p.name, p);
    for (const c of parsed.components) if (!index.components.has(c.name)) index.components.set(c.name, c);
  }
  return index;
}

const at = (where: { file: string; line: number }) => `${where.file}:${where.line}`;

/**
 * The procedures a Rust component of this type needs, after refusing (one line, naming it)
 * the first thing about it that Rust bindings cannot be made for.
 */
export function procedures(c: ParsedComponent, app: AppIndex): Map<string, ParsedProcedure> {
  const what = `component ${c.name} (${at(c.where)})`;
  if (c.hardware) throw new ComponentError(`${what} is a hardware component — it has no code to write in Rust`);
  if (c.compound)
    throw new ComponentError(
      `${what} has its own composition or configuration — Rust components cannot be compound yet`,
    );
  const [u] = c.unparsed;
  if (u)
    throw new ComponentError(
      `${what}: \`${u.text}\` (line ${u.line}) is not a declaration ostoo can read (macros are not expanded) — write it out, or port this component by hand`,
    );
  const seen = new Set<string>();
  for (const name of interfaceNames(c)) {
    if (seen.has(name))
      throw new ComponentError(`${what} names interface '${name}' twice`, 'give each interface its own name');
    seen.add(name);
    interfaceModule(name);
  }
  for (const i of [...c.uses, ...c.consumes]) {
    if (i.optional)
      throw new ComponentError(
        `${what}: \`maybe\` interface '${i.name}' (optional, weak symbols) is not supported for Rust components yet — make it a plain one`,
      );
  }
  for (const d of c.dataports) {
    if (d.optional)
      throw new ComponentError(
        `${what}: \`maybe dataport\` '${d.name}' is not supported for Rust components yet — make it a plain one`,
      );
  }
  for (const a of c.attributes) {
    if (a.array)
      throw new ComponentError(
        `${what}: array attribute '${a.name}' is not supported for Rust components yet`,
        'make it a scalar attribute, or port this component by hand',
      );
    attributeType(a.type, a.name);
  }
  const out = new Map<string, ParsedProcedure>();
  for (const i of [...c.provides, ...c.uses]) {
    const proc = app.procedures.get(i.type);
    if (!proc)
      throw new ComponentError(
        `procedure '${i.type}' (interface ${i.name} of ${what}) is not defined in any .camkes or .idl4 file of the app — define it, or import it into the app`,
      );
    const [bad] = proc.unparsed;
    if (bad)
      throw new ComponentError(
        `procedure ${proc.name} (${proc.where.file}:${bad.line}): \`${bad.text}\` is not a method declaration ostoo can make Rust bindings for — fix it or port this interface by hand`,
      );
    out.set(proc.name, proc);
  }
  return out;
}
