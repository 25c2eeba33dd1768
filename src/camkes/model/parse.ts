// Reads the procedures and component types of CAmkES .camkes/.idl4 text, after camkes-tool's
// grammar (camkes/parser/camkes.g): every method parameter kind (directions, arrays, the
// built-in types, `struct tag` and typedef names from headers), and every component
// declaration. Whatever it does not understand inside a procedure or a component is kept, by
// text and line, in `unparsed`, so a caller that needs that declaration can refuse it by name
// instead of writing a wrong signature. Other top-level text (assemblies, configurations,
// connectors) is skipped.
import type {
  AttributeDecl,
  ComponentType,
  DataportDecl,
  Direction,
  InterfaceDecl,
  Method,
  Param,
  Procedure,
} from './model.js';
import { emptyDeclaration } from './model.js';
import { resolveType } from './types.js';

interface Token {
  kind: 'id' | 'num' | 'str' | 'angle' | 'punct';
  text: string;
  offset: number;
}

export interface Unparsed {
  text: string;
  line: number;
}

export interface ParsedProcedure extends Procedure {
  unparsed: Unparsed[];
}

export interface ParsedComponent extends ComponentType {
  unparsed: Unparsed[];
}

export interface ParsedFile {
  procedures: ParsedProcedure[];
  components: ParsedComponent[];
}

const blank = (m: string) => m.replace(/[^\n]/g, ' ');

/** Blanks out C and C++ comments and preprocessor lines, keeping every offset and newline where it was. */
export function maskComments(text: string): string {
  return text.replace(/\/\*[^]*?\*\/|\/\/[^\n]*|^[ \t]*#[^\n]*/gm, blank);
}

/** Preprocessor lines (after comments are blanked): their offsets and text. */
function directives(text: string): { offset: number; text: string }[] {
  const uncommented = text.replace(/\/\*[^]*?\*\/|\/\/[^\n]*/g, blank);
  return [...uncommented.matchAll(/^[ \t]*(#[^\n]*)/gm)].map((m) => ({
    offset: m.index + m[0].indexOf('#'),
    text: m[1]!.trim(),
  }));
}

function tokenize(masked: string): Token[] {
  const tokens: Token[] = [];
  const re = /([A-Za-z_]\w*)|(0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?)|("[^"]*")|(\S)/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    const kind = m[1] ? 'id' : m[2] ? 'num' : m[3] ? 'str' : 'punct';
    tokens.push({ kind, text: m[0], offset: m.index });
    // `include <x.h>` / `import <x.camkes>`: the angle string is one token.
    const prev = tokens[tokens.length - 2];
    if (m[0] === '<' && prev?.kind === 'id' && (prev.text === 'include' || prev.text === 'import')) {
      const end = masked.indexOf('>', m.index);
      if (end > 0) {
        tokens[tokens.length - 1] = { kind: 'angle', text: masked.slice(m.index, end + 1), offset: m.index };
        re.lastIndex = end + 1;
      }
    }
  }
  return tokens;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

class Cursor {
  i = 0;
  constructor(
    readonly tokens: Token[],
    readonly masked: string,
    readonly file: string,
  ) {}
  peek(n = 0): Token | undefined {
    return this.tokens[this.i + n];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  is(text: string, n = 0): boolean {
    return this.peek(n)?.text === text;
  }
  line(offset: number): number {
    let line = 1;
    for (let k = 0; k < offset && k < this.masked.length; k++) if (this.masked[k] === '\n') line++;
    return line;
  }
  /** The index just past the `}` matching the `{` at `open`. */
  matching(open: number): number {
    let depth = 0;
    for (let k = open; k < this.tokens.length; k++) {
      const t = this.tokens[k]!.text;
      if (t === '{') depth++;
      else if (t === '}' && --depth === 0) return k + 1;
    }
    return this.tokens.length;
  }
  /** Source text from token a up to (not including) token b. */
  text(a: number, b: number): string {
    const start = this.tokens[a]?.offset ?? this.masked.length;
    const end = b < this.tokens.length ? this.tokens[b]!.offset : this.masked.length;
    return collapse(this.masked.slice(start, end));
  }
}

/** Statements of a `{ ... }` body (tokens between the braces), split at `;` outside nested braces. */
function statements(c: Cursor, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = c.tokens[k]!.text;
    if (t === '{' || t === '(' || t === '[') depth++;
    else if (t === '}' || t === ')' || t === ']') {
      depth--;
      // A nested composition or configuration block ends its statement at its brace.
      const head = c.tokens[start]!.text;
      if (
        t === '}' &&
        depth === 0 &&
        (head === 'composition' || head === 'configuration') &&
        c.tokens[k + 1]?.text !== ';'
      ) {
        out.push([start, k + 1]);
        start = k + 1;
      }
    } else if (t === ';' && depth === 0) {
      out.push([start, k + 1]);
      start = k + 1;
    }
  }
  if (start < to) out.push([start, to]);
  return out;
}

const isId = (t: Token | undefined): t is Token => t?.kind === 'id';

/** A type at toks[k]: `signed int`, `unsigned char`, `struct x`, one name. Returns the spelling and the next index. */
function readType(toks: Token[], k: number): [string, number] | undefined {
  const a = toks[k];
  if (!isId(a)) return undefined;
  const b = toks[k + 1];
  if (a.text === 'struct') return isId(b) ? [`struct ${b.text}`, k + 2] : undefined;
  if ((a.text === 'signed' || a.text === 'unsigned') && isId(b) && ['int', 'integer', 'char'].includes(b.text)) {
    // `unsigned int x` vs `unsigned x`: the next token after must still be a name.
    if (isId(toks[k + 2])) return [`${a.text} ${b.text}`, k + 2];
  }
  return [a.text, k + 1];
}

const directions = new Set(['in', 'out', 'inout', 'refin']);

function parseParam(toks: Token[]): Param | undefined {
  let k = 0;
  let direction: Direction = 'in';
  if (isId(toks[0]) && directions.has(toks[0].text)) {
    direction = toks[0].text as Direction;
    k = 1;
  }
  const type = readType(toks, k);
  if (!type) return undefined;
  const name = toks[type[1]];
  if (!isId(name)) return undefined;
  const rest = toks.slice(type[1] + 1).map((t) => t.text);
  if (rest.length !== 0 && rest.join('') !== '[]') return undefined;
  if (type[0] === 'void') return undefined;
  return { name: name.text, direction, type: resolveType(type[0]), array: rest.length === 2 };
}

function parseMethod(toks: Token[]): Method | undefined {
  const type = readType(toks, 0);
  if (!type) return undefined;
  const name = toks[type[1]];
  if (!isId(name) || toks[type[1] + 1]?.text !== '(' || toks[toks.length - 1]?.text !== ')') return undefined;
  const inner = toks.slice(type[1] + 2, -1);
  const params: Param[] = [];
  if (!(inner.length === 1 && inner[0]!.text === 'void')) {
    let start = 0;
    for (let k = 0; k <= inner.length; k++) {
      if (k === inner.length || inner[k]!.text === ',') {
        const part = inner.slice(start, k);
        start = k + 1;
        if (part.length === 0 && k === inner.length) break; // a trailing comma
        const p = parseParam(part);
        if (!p) return undefined;
        params.push(p);
      }
    }
  }
  return { name: name.text, returns: type[0] === 'void' ? undefined : resolveType(type[0]), params };
}

function parseProcedureBody(c: Cursor, name: string, start: number, open: number, end: number): ParsedProcedure {
  const proc: ParsedProcedure = {
    name,
    methods: [],
    includes: [],
    where: { file: c.file, line: c.line(c.tokens[start]!.offset) },
    text: c.text(start, end),
    unparsed: [],
  };
  for (const [a, z] of statements(c, open + 1, end - 1)) {
    const toks = c.tokens.slice(a, z).filter((t, k, all) => !(k === all.length - 1 && t.text === ';'));
    if (toks.length === 0) continue;
    const first = toks[0]!.text;
    if (first === 'include' && toks.length === 2 && (toks[1]!.kind === 'str' || toks[1]!.kind === 'angle')) {
      proc.includes.push(toks[1]!.text);
      continue;
    }
    // Attributes of a procedure are for connectors; they change no signature.
    if (first === 'attribute') continue;
    const method = parseMethod(toks);
    if (method) proc.methods.push(method);
    else proc.unparsed.push({ text: c.text(a, z), line: c.line(toks[0]!.offset) });
  }
  return proc;
}

function parseDataportType(toks: Token[]): DataportDecl['type'] | undefined {
  const [a, b, n, z] = toks;
  if (toks.length === 1 && isId(a))
    return a.text === 'Buf' ? { kind: 'buf', size: 4096, spelling: 'Buf' } : { kind: 'typed', c: a.text };
  if (toks.length === 4 && a?.text === 'Buf' && b?.text === '(' && n?.kind === 'num' && z?.text === ')') {
    const size = Number(n.text);
    if (Number.isInteger(size) && size > 0) return { kind: 'buf', size, spelling: `Buf(${n.text})` };
  }
  return undefined;
}

function parseComponentBody(c: Cursor, name: string, start: number, open: number, end: number): ParsedComponent {
  const comp: ParsedComponent = {
    name,
    ...emptyDeclaration(),
    hardware: false,
    compound: false,
    where: { file: c.file, line: c.line(c.tokens[start]!.offset) },
    text: c.text(start, end),
    unparsed: [],
  };
  for (const [a, z] of statements(c, open + 1, end - 1)) {
    const all = c.tokens.slice(a, z);
    const toks = all[all.length - 1]?.text === ';' ? all.slice(0, -1) : all;
    if (toks.length === 0) continue;
    const words = toks.map((t) => t.text);
    const unparsed = () => comp.unparsed.push({ text: c.text(a, z), line: c.line(toks[0]!.offset) });
    const optional = words[0] === 'maybe';
    const w = optional ? words.slice(1) : words;
    const t = optional ? toks.slice(1) : toks;
    const iface = (): InterfaceDecl | undefined =>
      t.length === 3 && isId(t[1]) && isId(t[2]) ? { type: w[1]!, name: w[2]!, optional } : undefined;
    switch (w[0]) {
      case 'control':
      case 'hardware':
        if (w.length !== 1 || optional) unparsed();
        else comp[w[0]] = true;
        break;
      case 'uses':
      case 'provides':
      case 'emits':
      case 'consumes': {
        const decl = iface();
        if (!decl || (optional && (w[0] === 'provides' || w[0] === 'emits'))) unparsed();
        else comp[w[0]].push(decl);
        break;
      }
      case 'dataport': {
        const name = t[t.length - 1];
        const type = parseDataportType(t.slice(1, -1));
        if (!type || !isId(name)) unparsed();
        else comp.dataports.push({ name: name.text, type, optional });
        break;
      }
      case 'has': {
        const kinds = { mutex: comp.mutexes, semaphore: comp.semaphores, binary_semaphore: comp.binarySemaphores };
        const list = kinds[w[1] as keyof typeof kinds];
        if (list && w.length === 3 && isId(t[2]) && !optional) list.push(w[2]!);
        else unparsed();
        break;
      }
      case 'include':
        if (t.length === 2 && (t[1]!.kind === 'str' || t[1]!.kind === 'angle') && !optional) comp.includes.push(w[1]!);
        else unparsed();
        break;
      case 'attribute': {
        const eq = words.indexOf('=');
        const decl = eq < 0 ? toks.slice(1) : toks.slice(1, eq);
        const type = readType(decl, 0);
        const name = type && decl[type[1]];
        const rest = type
          ? decl
              .slice(type[1] + 1)
              .map((x) => x.text)
              .join('')
          : '';
        if (!type || !isId(name) || (rest !== '' && rest !== '[]') || optional) unparsed();
        else {
          const attr: AttributeDecl = { name: name.text, type: type[0], array: rest === '[]' };
          if (eq >= 0) attr.default = c.text(a + eq + 1, a + toks.length);
          comp.attributes.push(attr);
        }
        break;
      }
      case 'composition':
      case 'configuration':
        comp.compound = true;
        break;
      default:
        unparsed();
    }
  }
  return comp;
}

/** The procedures and component types defined in one file's text. */
export function parseCamkes(text: string, file: string): ParsedFile {
  const masked = maskComments(text);
  const c = new Cursor(tokenize(masked), masked, file);
  const cpp = directives(text);
  // A preprocessor line inside a declaration: its meaning depends on cpp, which ostoo does not run.
  const inside = (start: number, end: number): Unparsed[] => {
    const from = c.tokens[start]!.offset;
    const to = end < c.tokens.length ? c.tokens[end]!.offset : masked.length;
    return cpp.filter((d) => d.offset > from && d.offset < to).map((d) => ({ text: d.text, line: c.line(d.offset) }));
  };
  const out: ParsedFile = { procedures: [], components: [] };
  while (c.i < c.tokens.length) {
    const t = c.peek()!;
    if ((t.text === 'procedure' || t.text === 'component') && isId(c.peek(1)) && c.is('{', 2)) {
      const start = c.i;
      const open = c.i + 2;
      const end = c.matching(open);
      const name = c.peek(1)!.text;
      const decl =
        t.text === 'procedure'
          ? parseProcedureBody(c, name, start, open, end)
          : parseComponentBody(c, name, start, open, end);
      decl.unparsed.unshift(...inside(start, end));
      if (t.text === 'procedure') out.procedures.push(decl as ParsedProcedure);
      else out.components.push(decl as ParsedComponent);
      c.i = end;
    } else c.i++;
  }
  return out;
}
