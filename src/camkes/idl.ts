// A small model of CAmkES procedures (RPC interfaces): enough to write one, to read the
// simple ones an existing app defines, and to know which functions a component's camkes.h
// declares for a `uses <Procedure> <iface>;` line, in C and in Rust.

export type Direction = 'in' | 'out' | 'inout' | 'refin';

export interface CamkesParam {
  direction: Direction;
  type: string;
  name: string;
}

export interface CamkesMethod {
  name: string;
  /** `void` when the method returns nothing. */
  returns: string;
  params: CamkesParam[];
}

export interface CamkesProcedure {
  name: string;
  methods: CamkesMethod[];
  /** `include <x.h>;` lines inside the procedure (types the methods use). */
  includes: string[];
}

interface TypeInfo {
  c: string;
  rust: string;
}

// CAmkES's built-in parameter types, as camkes.h spells them and as Rust sees them.
const builtinTypes: Record<string, TypeInfo> = {
  int: { c: 'int', rust: 'core::ffi::c_int' },
  integer: { c: 'int', rust: 'core::ffi::c_int' },
  'signed int': { c: 'int', rust: 'core::ffi::c_int' },
  'unsigned int': { c: 'unsigned int', rust: 'core::ffi::c_uint' },
  unsigned: { c: 'unsigned int', rust: 'core::ffi::c_uint' },
  char: { c: 'char', rust: 'core::ffi::c_char' },
  character: { c: 'char', rust: 'core::ffi::c_char' },
  'signed char': { c: 'signed char', rust: 'core::ffi::c_schar' },
  'unsigned char': { c: 'unsigned char', rust: 'core::ffi::c_uchar' },
  int8_t: { c: 'int8_t', rust: 'i8' },
  int16_t: { c: 'int16_t', rust: 'i16' },
  int32_t: { c: 'int32_t', rust: 'i32' },
  int64_t: { c: 'int64_t', rust: 'i64' },
  uint8_t: { c: 'uint8_t', rust: 'u8' },
  uint16_t: { c: 'uint16_t', rust: 'u16' },
  uint32_t: { c: 'uint32_t', rust: 'u32' },
  uint64_t: { c: 'uint64_t', rust: 'u64' },
  uintptr_t: { c: 'uintptr_t', rust: 'usize' },
  intptr_t: { c: 'intptr_t', rust: 'isize' },
  bool: { c: '_Bool', rust: 'bool' },
  boolean: { c: '_Bool', rust: 'bool' },
  float: { c: 'float', rust: 'f32' },
  double: { c: 'double', rust: 'f64' },
};

const normalise = (type: string) => type.trim().replace(/\s+/g, ' ');

export function isKnownType(type: string): boolean {
  const t = normalise(type);
  return t === 'string' || t === 'void' || t in builtinTypes;
}

/** Methods whose types are all CAmkES built-ins (others need the procedure's own headers). */
export function knownMethods(proc: CamkesProcedure): { known: CamkesMethod[]; skipped: CamkesMethod[] } {
  const known: CamkesMethod[] = [];
  const skipped: CamkesMethod[] = [];
  for (const m of proc.methods) {
    (isKnownType(m.returns) && m.params.every((p) => isKnownType(p.type)) ? known : skipped).push(m);
  }
  return { known, skipped };
}

function cParam(p: CamkesParam): string {
  const t = normalise(p.type);
  if (t === 'string') {
    return p.direction === 'in' || p.direction === 'refin' ? `const char *${p.name}` : `char **${p.name}`;
  }
  const c = builtinTypes[t]?.c ?? t;
  if (p.direction === 'in') return `${c} ${p.name}`;
  if (p.direction === 'refin') return `const ${c} *${p.name}`;
  return `${c} *${p.name}`;
}

function cReturn(type: string): string {
  const t = normalise(type);
  if (t === 'string') return 'char *';
  if (t === 'void') return 'void ';
  return `${builtinTypes[t]?.c ?? t} `;
}

/** The camkes.h declaration for `<iface>_<method>` on the `uses` side. */
export function cPrototype(iface: string, m: CamkesMethod): string {
  const params = m.params.length ? m.params.map(cParam).join(', ') : 'void';
  return `${cReturn(m.returns)}${iface}_${m.name}(${params});`;
}

function rustParam(p: CamkesParam): string {
  const t = normalise(p.type);
  if (t === 'string') {
    return `${p.name}: ${p.direction === 'in' || p.direction === 'refin' ? '*const core::ffi::c_char' : '*mut *mut core::ffi::c_char'}`;
  }
  const r = builtinTypes[t]!.rust;
  if (p.direction === 'in') return `${p.name}: ${r}`;
  if (p.direction === 'refin') return `${p.name}: *const ${r}`;
  return `${p.name}: *mut ${r}`;
}

/** The Rust extern declaration matching cPrototype (known types only). */
export function rustExtern(iface: string, m: CamkesMethod): string {
  const t = normalise(m.returns);
  const ret = t === 'void' ? '' : ` -> ${t === 'string' ? '*mut core::ffi::c_char' : builtinTypes[t]!.rust}`;
  return `pub fn ${iface}_${m.name}(${m.params.map(rustParam).join(', ')})${ret};`;
}

/** The procedure as CAmkES IDL. */
export function renderProcedure(proc: CamkesProcedure, indent = '    '): string {
  const lines = [`procedure ${proc.name} {`];
  for (const inc of proc.includes) lines.push(`${indent}include ${inc};`);
  for (const m of proc.methods) {
    lines.push(
      `${indent}${normalise(m.returns)} ${m.name}(${m.params.map((p) => `${p.direction} ${normalise(p.type)} ${p.name}`).join(', ')});`,
    );
  }
  lines.push('};');
  return `${lines.join('\n')}\n`;
}

/** Blanks out C and C++ comments, keeping every offset and newline where it was. */
export function maskComments(text: string): string {
  return text.replace(/\/\*[^]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

const paramRe = /^(in|out|inout|refin)\s+(.+?)\s+([A-Za-z_][A-Za-z0-9_]*)$/;

function parseMethod(decl: string): CamkesMethod | undefined {
  const m = /^(.+?)\s*\b([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)$/.exec(decl.trim());
  if (!m) return undefined;
  const params: CamkesParam[] = [];
  const list = m[3]!.trim();
  if (list && list !== 'void') {
    for (const raw of list.split(',')) {
      const p = paramRe.exec(raw.trim().replace(/\s+/g, ' '));
      if (!p) return undefined;
      params.push({ direction: p[1] as Direction, type: p[2]!, name: p[3]! });
    }
  }
  return { name: m[2]!, returns: normalise(m[1]!), params };
}

/**
 * The procedures defined in a .camkes/.idl4 text. Only plain method declarations are
 * understood; anything else inside a procedure (attributes, array types) is ignored, and
 * a method that does not parse is left out.
 */
export function parseProcedures(text: string): CamkesProcedure[] {
  const masked = maskComments(text);
  const out: CamkesProcedure[] = [];
  const re = /\bprocedure\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{([^}]*)\}/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const proc: CamkesProcedure = { name: m[1]!, methods: [], includes: [] };
    for (const stmt of m[2]!
      .split(';')
      .map((s) => s.trim().replace(/\s+/g, ' '))
      .filter(Boolean)) {
      const inc = /^include\s+(.+)$/.exec(stmt);
      if (inc) {
        proc.includes.push(inc[1]!.trim());
        continue;
      }
      const method = parseMethod(stmt);
      if (method) proc.methods.push(method);
    }
    out.push(proc);
  }
  return out;
}

export interface UsedInterface {
  procedure: CamkesProcedure;
  /** The interface name in the component (`uses <Procedure> <iface>;`). */
  iface: string;
}

/**
 * The part of a component's camkes.h that its `uses` interfaces produce, as a standalone
 * C header (only <stdint.h>, so bindgen needs no compiler resource headers).
 */
export function camkesHeaderSubset(component: string, uses: UsedInterface[]): string {
  const lines = [
    `/* The declarations CAmkES puts in ${component}'s camkes.h for its RPC interfaces. */`,
    '#include <stdint.h>',
    '',
  ];
  for (const u of uses) {
    for (const m of knownMethods(u.procedure).known) lines.push(cPrototype(u.iface, m));
  }
  return `${lines.join('\n')}\n`;
}

/** The same declarations rendered directly as Rust (the fallback when bindgen is absent). */
export function rustBindingsFallback(uses: UsedInterface[]): string {
  const decls = uses.flatMap((u) => knownMethods(u.procedure).known.map((m) => rustExtern(u.iface, m)));
  if (!decls.length) return '';
  return `extern "C" {\n${decls.map((d) => `    ${d}`).join('\n')}\n}\n`;
}
