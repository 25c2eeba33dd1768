// One procedure method in Rust, both ways round:
// - `uses`: the raw `extern "C"` declaration of `<iface>_<method>` (exactly camkes.h's C
//   prototype), and a safe wrapper (`&CStr` for strings, slices for arrays, `out`
//   parameters returned as values, every C allocation freed the way CAmkES's glue expects);
// - `provides`: a trait method with the same Rust types, and the `#[no_mangle]` export the
//   connector's glue calls, which converts, calls the trait and hands results back in memory
//   from malloc (the glue frees it).
// Ownership rules (camkes-tool rpc-connector-common-{from,to}.c, helpers/marshal.c): the
// server's inputs are freed by the glue after the call; its outputs, inout values and return
// strings must be malloc'd, and the glue frees them; a client gets malloc'd outputs it must
// free, and the glue frees and replaces its inout values, which must be malloc'd. `bool`
// crosses as a byte and is read back with `!= 0`, so a peer cannot hand Rust an invalid value.
import { ComponentError } from '../edit/component-error.js';
import type { Method, Param } from '../model/model.js';
import { idlSpelling, type IdlType } from '../model/types.js';
import { callLines, letLines, lines } from './fmt.js';
import { rustIdent } from './names.js';

/** The Rust type of a scalar or header type (short names: the bindings import core::ffi::*). */
export function rustType(t: IdlType): string {
  if (t.kind === 'string') return 'CString';
  if (t.kind === 'header') return t.rust;
  return t.rust.replace(/^core::ffi::/, '');
}

/** The type as it crosses the C boundary (bool as a byte). */
function wireType(t: IdlType): string {
  return t.kind === 'builtin' && t.wire ? t.wire : rustType(t);
}

const isBool = (t: IdlType) => t.kind === 'builtin' && t.wire !== undefined;

/** The IDL text of a method, for doc comments. */
export function idlText(m: Method): string {
  const params = m.params.map((p) => `${p.direction} ${idlSpelling(p.type)} ${p.name}${p.array ? '[]' : ''}`);
  return `${m.returns ? idlSpelling(m.returns) : 'void'} ${m.name}(${params.join(', ')});`;
}

function check(m: Method, where: string): void {
  for (const p of m.params) {
    if (p.name.startsWith('ffi_'))
      throw new ComponentError(
        `${where}: parameter '${p.name}' starts with ffi_, which the Rust bindings keep for their own names — rename it`,
      );
  }
}

/** The C ABI parameters in Rust: `[name, type]` pairs (an array is its length, then its pointer). */
function ffiParams(p: Param): [string, string][] {
  const n = rustIdent(p.name, 'parameter name');
  const sz = `${p.name}_sz`;
  const w = wireType(p.type);
  const str = p.type.kind === 'string';
  if (p.direction === 'in') {
    if (p.array)
      return [
        [sz, 'usize'],
        [n, str ? '*mut *mut c_char' : `*const ${w}`],
      ];
    return [[n, str ? '*const c_char' : w]];
  }
  if (p.array) {
    const len = p.direction === 'refin' ? '*const usize' : '*mut usize';
    return [
      [sz, len],
      [n, str ? '*mut *mut *mut c_char' : `*mut *mut ${w}`],
    ];
  }
  if (str) return [[n, '*mut *mut c_char']];
  return [[n, `${p.direction === 'refin' ? '*const' : '*mut'} ${w}`]];
}

function ffiReturn(m: Method): string {
  if (!m.returns) return '';
  return ` -> ${m.returns.kind === 'string' ? '*mut c_char' : wireType(m.returns)}`;
}

/** The safe Rust type of an input parameter (in, refin, inout). */
function safeParamType(p: Param): string {
  const t = rustType(p.type);
  const str = p.type.kind === 'string';
  if (p.direction === 'inout') {
    if (p.array) return str ? '&mut Vec<CString>' : `&mut Vec<${t}>`;
    return str ? '&mut CString' : `&mut ${t}`;
  }
  if (p.array) return str ? '&[&CStr]' : `&[${t}]`;
  if (str) return '&CStr';
  return p.direction === 'refin' ? `&${t}` : t;
}

/** The safe Rust type of an output (out parameter or return value). */
function safeOutType(t: IdlType, array: boolean): string {
  const r = rustType(t);
  if (array) return t.kind === 'string' ? 'Vec<CString>' : `Vec<${r}>`;
  return r;
}

const inputs = (m: Method) => m.params.filter((p) => p.direction !== 'out');
const outs = (m: Method) => m.params.filter((p) => p.direction === 'out');

/** What a safe call returns: the return value first, then each `out` parameter, as one value or a tuple. */
function safeReturn(m: Method): { type: string; names: string[] } {
  const parts: { type: string; name: string }[] = [];
  if (m.returns) parts.push({ type: safeOutType(m.returns, false), name: 'ffi_ret' });
  for (const p of outs(m)) parts.push({ type: safeOutType(p.type, p.array), name: `ffi_out_${p.name}` });
  if (parts.length === 0) return { type: '', names: [] };
  if (parts.length === 1) return { type: ` -> ${parts[0]!.type}`, names: [parts[0]!.name] };
  return { type: ` -> (${parts.map((p) => p.type).join(', ')})`, names: parts.map((p) => p.name) };
}

/** The doc comment's second line: what the tuple holds. */
function returnsDoc(m: Method): string[] {
  const parts = [...(m.returns ? ['the return value'] : []), ...outs(m).map((p) => `\`${p.name}\``)];
  return parts.length > 1 ? ['///', `/// Returns (${parts.join(', ')}).`] : [];
}

/** The raw declaration in `extern "C" { ... }`. */
export function ffiDeclaration(iface: string, m: Method, level: number): string[] {
  const params = m.params.flatMap(ffiParams).map(([n, t]) => `${n}: ${t}`);
  return callLines(level, `pub fn ${iface}_${m.name}`, params, `${ffiReturn(m)};`);
}

/** The safe wrapper a `uses` interface's module gets. */
export function usesWrapper(iface: string, m: Method, where: string): string[] {
  check(m, where);
  const ret = safeReturn(m);
  const params = inputs(m).map((p) => `${rustIdent(p.name, 'parameter name')}: ${safeParamType(p)}`);
  const out: string[] = [`/// \`${idlText(m)}\``, ...returnsDoc(m)];
  out.push(...callLines(0, `pub fn ${rustIdent(m.name, 'method name')}`, params, `${ret.type} {`));
  const body: string[] = [];
  const args: string[] = [];
  const after: string[] = [];
  for (const p of m.params) {
    const n = rustIdent(p.name, 'parameter name');
    const v = `ffi_${p.name}`;
    const sz = `ffi_${p.name}_sz`;
    const str = p.type.kind === 'string';
    const bool = isBool(p.type);
    const w = wireType(p.type);
    if (p.direction === 'in') {
      if (p.array) {
        if (str) {
          body.push(`let mut ${v} = support::string_pointers(${n});`);
          args.push(`${v}.len()`, `${v}.as_mut_ptr()`);
        } else if (bool) {
          body.push(`let ${v} = support::bytes_of_bools(${n});`);
          args.push(`${v}.len()`, `${v}.as_ptr()`);
        } else args.push(`${n}.len()`, `${n}.as_ptr()`);
      } else if (str) args.push(`${n}.as_ptr()`);
      else args.push(bool ? `${n} as u8` : n);
    } else if (p.direction === 'refin') {
      if (p.array) {
        body.push(`let ${sz} = ${n}.len();`);
        if (str) {
          body.push(
            `let mut ${v}_strings = support::string_pointers(${n});`,
            `let mut ${v} = ${v}_strings.as_mut_ptr();`,
          );
        } else if (bool) {
          body.push(`let mut ${v}_bytes = support::bytes_of_bools(${n});`, `let mut ${v} = ${v}_bytes.as_mut_ptr();`);
        } else body.push(`let mut ${v} = ${n}.as_ptr().cast_mut();`);
        args.push(`&${sz}`, `&mut ${v}`);
      } else if (str) {
        body.push(`let mut ${v} = ${n}.as_ptr().cast_mut();`);
        args.push(`&mut ${v}`);
      } else if (bool) {
        body.push(`let ${v} = *${n} as u8;`);
        args.push(`&${v}`);
      } else args.push(n);
    } else if (p.direction === 'inout') {
      if (p.array) {
        const from = str
          ? `support::malloc_strings(${n})`
          : bool
            ? `support::malloc_slice(&support::bytes_of_bools(${n}))`
            : `support::malloc_slice(${n})`;
        body.push(`let (mut ${v}, mut ${sz}) = ${from};`);
        args.push(`&mut ${sz}`, `&mut ${v}`);
        const take = str ? `support::take_strings(${v}, ${sz})` : `support::take_vec(${v}, ${sz})`;
        after.push(bool ? `*${n} = support::bools_of_bytes(&${take});` : `*${n} = ${take};`);
      } else if (str) {
        body.push(`let mut ${v} = support::malloc_string(${n});`);
        args.push(`&mut ${v}`);
        after.push(`*${n} = support::take_string(${v});`);
      } else if (bool) {
        body.push(`let mut ${v} = *${n} as u8;`);
        args.push(`&mut ${v}`);
        after.push(`*${n} = ${v} != 0;`);
      } else args.push(n);
    } else {
      // out: filled by the glue (zeroed first: an error path may leave it untouched).
      if (p.array) {
        body.push(`let mut ${sz} = 0usize;`);
        body.push(`let mut ${v}: *mut ${str ? '*mut c_char' : w} = core::ptr::null_mut();`);
        args.push(`&mut ${sz}`, `&mut ${v}`);
        const take = str ? `support::take_strings(${v}, ${sz})` : `support::take_vec(${v}, ${sz})`;
        after.push(`let ffi_out_${p.name} = ${bool ? `support::bools_of_bytes(&${take})` : take};`);
      } else if (str) {
        body.push(`let mut ${v}: *mut c_char = core::ptr::null_mut();`);
        args.push(`&mut ${v}`);
        after.push(`let ffi_out_${p.name} = support::take_string(${v});`);
      } else {
        body.push(`let mut ${v}: ${w} = core::mem::zeroed();`);
        args.push(`&mut ${v}`);
        after.push(`let ffi_out_${p.name} = ${v}${bool ? ' != 0' : ''};`);
      }
    }
  }
  const call = `ffi::${iface}_${m.name}`;
  if (m.returns?.kind === 'string') after.unshift('let ffi_ret = support::take_string(ffi_ret);');
  else if (m.returns && isBool(m.returns)) after.unshift('let ffi_ret = ffi_ret != 0;');
  let tail = ret.names.length === 0 ? [] : [ret.names.length === 1 ? ret.names[0]! : `(${ret.names.join(', ')})`];
  // A value returned as it came: the call is the block's value (no `let x = ...; x`).
  const direct = m.returns && after.length === 0 && tail[0] === 'ffi_ret';
  if (direct) tail = [];
  const callLinesOut = direct
    ? callLines(2, call, args, '')
    : m.returns
      ? letLines(2, 'let ', 'ffi_ret', call, args)
      : callLines(2, call, args, ';');
  out.push(
    ...lines(
      1,
      `// SAFETY: the arguments are what ${iface}_${m.name} expects (camkes.h), and`,
      '// every pointer the glue hands back is read once and freed the way CAmkES says.',
    ),
  );
  const inner = [...lines(2, ...body), ...callLinesOut, ...lines(2, ...after, ...tail)];
  // rustfmt keeps a block of one short expression on one line.
  const single = inner.length === 1 && !inner[0]!.endsWith(';') ? `    unsafe { ${inner[0]!.trim()} }` : undefined;
  if (single && single.length <= 100) out.push(single);
  else out.push('    unsafe {', ...inner, '    }');
  out.push('}');
  return out;
}

/** The trait method a `provides` interface's implementation writes. */
export function traitMethod(m: Method, where: string): string[] {
  check(m, where);
  const ret = safeReturn(m);
  const params = inputs(m).map((p) => `${rustIdent(p.name, 'parameter name')}: ${safeParamType(p)}`);
  return [
    ...lines(1, `/// \`${idlText(m)}\``, ...returnsDoc(m)),
    ...callLines(1, `fn ${rustIdent(m.name, 'method name')}`, params, `${ret.type};`),
  ];
}

/** The method's Rust signature without the trait (for the user's implementation stub). */
export function implSignature(m: Method): { head: string; params: string[]; ret: string } {
  return {
    head: `fn ${rustIdent(m.name, 'method name')}`,
    params: inputs(m).map((p) => `${rustIdent(p.name, 'parameter name')}: ${safeParamType(p)}`),
    ret: safeReturn(m).type,
  };
}

/** The `#[no_mangle]` export the connector glue calls; it calls `<implementor as trait>::method`. */
export function providesShim(iface: string, m: Method, implementor: string, where: string): string[] {
  check(m, where);
  const params = m.params.flatMap(ffiParams).map(([n, t]) => `${n}: ${t}`);
  const out = [
    `/// Called by the connector glue for \`${iface}_${m.name}\`: converts, then calls the implementation.`,
    '#[no_mangle]',
    ...callLines(0, `unsafe extern "C" fn ${iface}_${m.name}`, params, `${ffiReturn(m)} {`),
  ];
  const body: string[] = [];
  const args: string[] = [];
  const after: string[] = [];
  for (const p of m.params) {
    const n = rustIdent(p.name, 'parameter name');
    const v = `ffi_${p.name}`;
    const sz = `${p.name}_sz`;
    const str = p.type.kind === 'string';
    const bool = isBool(p.type);
    if (p.direction === 'in' || p.direction === 'refin') {
      const ptr = p.direction === 'in' ? n : `*${n}`;
      const len = p.direction === 'in' ? sz : `*${sz}`;
      if (p.array) {
        if (str) {
          body.push(`let ${v} = support::borrow_strings(${ptr}, ${len});`);
          args.push(`&${v}`);
        } else if (bool) {
          body.push(`let ${v} = support::bools_of_bytes(support::borrow_slice(${ptr}, ${len}));`);
          args.push(`&${v}`);
        } else args.push(`support::borrow_slice(${ptr}, ${len})`);
      } else if (str) args.push(`support::borrow_string(${ptr})`);
      else if (p.direction === 'in') args.push(bool ? `${n} != 0` : n);
      else if (bool) {
        body.push(`let ${v} = *${n} != 0;`);
        args.push(`&${v}`);
      } else args.push(`&*${n}`);
    } else if (p.direction === 'inout') {
      if (p.array) {
        const copy = str
          ? `support::copy_strings(*${n}, *${sz})`
          : bool
            ? `support::bools_of_bytes(support::borrow_slice(*${n}, *${sz}))`
            : `support::borrow_slice(*${n}, *${sz}).to_vec()`;
        body.push(`let mut ${v} = ${copy};`);
        args.push(`&mut ${v}`);
        after.push(
          str
            ? `support::replace_strings(${n}, ${sz}, &${v});`
            : bool
              ? `support::replace_slice(${n}, ${sz}, &support::bytes_of_bools(&${v}));`
              : `support::replace_slice(${n}, ${sz}, &${v});`,
        );
      } else if (str) {
        body.push(`let mut ${v} = CString::from(support::borrow_string(*${n}));`);
        args.push(`&mut ${v}`);
        after.push(`support::replace_string(${n}, &${v});`);
      } else if (bool) {
        body.push(`let mut ${v} = *${n} != 0;`);
        args.push(`&mut ${v}`);
        after.push(`*${n} = ${v} as u8;`);
      } else args.push(`&mut *${n}`);
    } else {
      const value = `ffi_out_${p.name}`;
      if (p.array) {
        const bytes = bool ? `&support::bytes_of_bools(&${value})` : `&${value}`;
        after.push(
          str ? `support::give_strings(${n}, ${sz}, &${value});` : `support::give_slice(${n}, ${sz}, ${bytes});`,
        );
      } else if (str) after.push(`${n}.write(support::malloc_string(&${value}));`);
      else after.push(`${n}.write(${value}${bool ? ' as u8' : ''});`);
    }
  }
  const ret = safeReturn(m);
  const call = `<${implementor}>::${rustIdent(m.name, 'method name')}`;
  const pat = ret.names.length === 0 ? '' : ret.names.length === 1 ? ret.names[0]! : `(${ret.names.join(', ')})`;
  let tail: string[] = [];
  if (m.returns?.kind === 'string') tail = ['support::malloc_string(&ffi_ret)'];
  else if (m.returns) tail = [isBool(m.returns) ? 'ffi_ret as u8' : 'ffi_ret'];
  // A value returned as it came: the call is the body's value (no `let x = ...; x`).
  const direct = pat === 'ffi_ret' && after.length === 0 && tail[0] === 'ffi_ret';
  if (direct) tail = [];
  const callOut = direct
    ? callLines(1, call, args, '')
    : pat
      ? letLines(1, 'let ', pat, call, args)
      : callLines(1, call, args, ';');
  out.push(...lines(1, ...body), ...callOut, ...lines(1, ...after, ...tail), '}');
  return out;
}
