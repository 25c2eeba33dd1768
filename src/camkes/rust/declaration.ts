// A new Rust component's declaration, from camkes-component's options (--provides, --uses,
// --dataport, --emits, --consumes, --control) or, for --replace, from the C component it
// replaces; each checked against the app: procedures it defines, event types its components
// use, dataport types its headers define, interface names used once.
import path from 'node:path';
import type { FileView } from '../../util/file-view.js';
import { ComponentError } from '../edit/component-error.js';
import { emptyDeclaration, type DataportDecl, type Declaration, type InterfaceDecl } from '../model/model.js';
import { maskComments, type ParsedComponent } from '../model/parse.js';
import { assertCIdentifier } from '../../identifiers.js';
import type { AppIndex } from './app-index.js';

export interface InterfaceSpecs {
  control: boolean;
  /** `Procedure[:iface]`. */
  provides: readonly string[];
  uses: readonly string[];
  /** `Type:iface`: `Buf`, `Buf(N)` or a type from one of the app's headers. */
  dataports: readonly string[];
  /** `Event:iface`. */
  emits: readonly string[];
  consumes: readonly string[];
  /** Event types that are new to the app (otherwise a type no component uses is refused as a typo). */
  newEvents: readonly string[];
}

export interface BuiltDeclaration {
  decl: Declaration;
  /** App-relative files defining the procedures it names (its .camkes imports them). */
  procedureFiles: string[];
}

function split(option: string, spec: string, needIface: boolean): { type: string; iface?: string } {
  const [type, iface, extra] = spec.split(':');
  const form = needIface ? 'Type:iface' : 'Procedure or Procedure:iface';
  if (extra !== undefined || !type || (needIface && !iface) || iface === '')
    throw new ComponentError(
      `--${option} '${spec}' must be ${form}`,
      `write it as ${form}, e.g. --${option} ${option === 'dataport' ? 'Buf:shared' : needIface ? 'Ready:ready' : 'Adder:adder'}`,
    );
  return iface ? { type, iface } : { type };
}

/** Event types some component of the app emits or consumes. */
export function eventTypes(app: AppIndex): Set<string> {
  const out = new Set<string>();
  for (const c of app.components.values()) for (const e of [...c.emits, ...c.consumes]) out.add(e.type);
  return out;
}

/** A header of the app that defines `type` (a typedef name or a struct tag), app-relative. */
function headerDefining(view: FileView, dir: string, headers: readonly string[], type: string): string[] {
  const defines = new RegExp(`\\}\\s*${type}\\s*;|typedef\\b[^;{}]*\\b${type}\\s*;|\\bstruct\\s+${type}\\s*\\{`);
  return headers.filter((h) => defines.test(maskComments(view.read(path.join(dir, h)) ?? '')));
}

function dataport(
  spec: string,
  view: FileView,
  dir: string,
  headers: readonly string[],
): { decl: DataportDecl; include?: string } {
  const { type, iface } = split('dataport', spec, true);
  const name = assertCIdentifier(iface!, 'interface name');
  const buf = /^Buf(?:\((\d+)\))?$/.exec(type);
  if (buf) {
    const size = buf[1] ? Number(buf[1]) : 4096;
    if (size <= 0 || size % 4096 !== 0)
      throw new ComponentError(
        `--dataport ${spec}: a dataport's size must be a positive multiple of 4096 bytes (a page)`,
        'write Buf for one page, or Buf(8192), Buf(12288), ...',
      );
    return { decl: { name, type: { kind: 'buf', size, spelling: type }, optional: false } };
  }
  assertCIdentifier(type, 'dataport type');
  const found = headerDefining(view, dir, headers, type);
  if (found.length === 0)
    throw new ComponentError(
      `--dataport ${spec}: no header of the app defines a type '${type}' — use Buf, Buf(N), or a typedef from one of the app's headers`,
    );
  if (found.length > 1)
    throw new ComponentError(`--dataport ${spec}: '${type}' is defined in ${found.join(' and ')} — keep one`);
  return {
    decl: { name, type: { kind: 'typed', c: type }, optional: false },
    include: `"${path.posix.basename(found[0]!)}"`,
  };
}

/** The declaration camkes-component's options describe. */
export function declarationFromSpecs(
  app: AppIndex,
  view: FileView,
  dir: string,
  headers: readonly string[],
  specs: InterfaceSpecs,
): BuiltDeclaration {
  const decl = emptyDeclaration();
  decl.control = specs.control;
  const files = new Set<string>();
  const names = new Set<string>();
  const claim = (name: string) => {
    if (names.has(name))
      throw new ComponentError(
        `interface '${name}' is given twice — every interface of a component needs its own name`,
      );
    names.add(name);
    return name;
  };
  const procedure = (option: 'provides' | 'uses', spec: string): InterfaceDecl => {
    const { type, iface = type.toLowerCase() } = split(option, spec, false);
    assertCIdentifier(type, 'procedure name');
    const proc = app.procedures.get(type);
    if (!proc)
      throw new ComponentError(
        `procedure '${type}' is not defined in any .camkes or .idl4 file of the app${nearby(type, [...app.procedures.keys()])}`,
        'define it in an .idl4 file the app imports, or check its spelling',
      );
    files.add(proc.where.file);
    return { type, name: claim(assertCIdentifier(iface, 'interface name')), optional: false };
  };
  for (const s of specs.provides) decl.provides.push(procedure('provides', s));
  for (const s of specs.uses) decl.uses.push(procedure('uses', s));
  const known = eventTypes(app);
  const event = (option: 'emits' | 'consumes', spec: string): InterfaceDecl => {
    const { type, iface } = split(option, spec, true);
    assertCIdentifier(type, 'event type');
    if (!known.has(type) && !specs.newEvents.includes(type))
      throw new ComponentError(
        `--${option} ${spec}: no component of the app emits or consumes an event '${type}'${nearby(type, [...known])} — check the name, or add --new-event ${type} for a new one`,
      );
    return { type, name: claim(assertCIdentifier(iface!, 'interface name')), optional: false };
  };
  for (const s of specs.emits) decl.emits.push(event('emits', s));
  for (const s of specs.consumes) decl.consumes.push(event('consumes', s));
  for (const s of specs.dataports) {
    const { decl: d, include } = dataport(s, view, dir, headers);
    claim(d.name);
    decl.dataports.push(d);
    if (include && !decl.includes.includes(include)) decl.includes.push(include);
  }
  return { decl, procedureFiles: [...files] };
}

/** `--replace`: the interfaces of the C component, for a Rust component of another name. */
export function declarationFromComponent(app: AppIndex, c: ParsedComponent): BuiltDeclaration {
  const { name: _n, where: _w, text: _t, compound: _c, hardware: _h, unparsed: _u, ...decl } = c;
  const files = new Set<string>();
  for (const i of [...c.provides, ...c.uses]) {
    const proc = app.procedures.get(i.type);
    if (proc) files.add(proc.where.file);
  }
  return { decl: structuredClone(decl), procedureFiles: [...files] };
}

/** ` (did you mean X?)` when a known name differs only in case, for a refusal. */
function nearby(name: string, known: string[]): string {
  const close = known.filter((k) => k.toLowerCase() === name.toLowerCase());
  return close.length ? ` (did you mean ${close.join(' or ')}?)` : '';
}
