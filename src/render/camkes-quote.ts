// Quoting for the languages of a CAmkES project that quote.ts does not cover:
// identifiers of C, Rust and the CAmkES ADL, C comments, Kconfig (and .config) text, and XML.
// Templates get these as `qk`. Values a language cannot carry are refused, naming them.
import { oneLine, UnquotableValueError } from './quote.js';

/** A C / Rust / CAmkES identifier, as is: there is no way to quote one. */
export function ident(value: string, what = 'identifier'): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
    throw new UnquotableValueError(what, value, 'it is not an identifier (letters, digits, _)');
  return value;
}

/** A path in a CAmkES `import "...";` (no escapes there): one line, no `"`, `\\` or `*\/`. */
export function camkesPath(value: string, what = 'import path'): string {
  oneLine(value, what);
  if (/["\\]|\*\//.test(value))
    throw new UnquotableValueError(what, value, 'a CAmkES import path cannot carry " or \\');
  return value;
}

/** An `include` argument of the CAmkES ADL, as written: `"x.h"` or `<x.h>`. */
export function camkesInclude(value: string, what = 'include'): string {
  oneLine(value, what);
  if (!/^"[^"\\]*"$|^<[^<>;,"{}\\]*>$/.test(value) || value.includes('*/'))
    throw new UnquotableValueError(what, value, 'it is not a quoted or <angled> header name');
  return value;
}

/** A type in the CAmkES ADL: names separated by single spaces (`unsigned int`, `struct x`). */
export function camkesType(value: string, what = 'type'): string {
  if (!/^[A-Za-z_]\w*( [A-Za-z_]\w*)*$/.test(value))
    throw new UnquotableValueError(what, value, 'it is not a type name');
  return value;
}

/** An attribute's default value, copied from another declaration: one line, no `;` or comment. */
export function camkesValue(value: string, what = 'attribute value'): string {
  oneLine(value, what);
  if (/[;]|\/\*|\*\/|\/\//.test(value))
    throw new UnquotableValueError(what, value, 'it would end the declaration or start a comment');
  return value;
}

/** A C string literal, quotes included: one line, with `\\`, `"` and `?` (trigraphs) escaped. */
export function cString(value: string, what = 'value'): string {
  oneLine(value, what);
  return `"${value.replace(/[\\"?]/g, (c) => `\\${c}`)}"`;
}

/** Text inside a C block comment (or a CAmkES one): one line, and no `*\/` to end it. */
export function cComment(value: string, what = 'value'): string {
  oneLine(value, what);
  if (value.includes('*/')) throw new UnquotableValueError(what, value, 'it would end the comment');
  return value;
}

/**
 * Text in a Kconfig file or a defconfig: a symbol, a prompt or help line, or a string value.
 * A defconfig becomes the .config that seL4's Makefiles include and its C headers quote, so
 * quotes, backslashes, `$` and `#` are refused rather than escaped for one of those readers.
 */
export function kconfig(value: string, what = 'value'): string {
  oneLine(value, what);
  if (/["\\$#`]/.test(value))
    throw new UnquotableValueError(what, value, 'Kconfig and the .config Make includes cannot both carry " \\ $ # `');
  return value;
}

/** XML attribute or text content. */
export function xml(value: string, what = 'value'): string {
  oneLine(value, what);
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const camkesQuoting = {
  ident,
  camkesPath,
  camkesInclude,
  camkesType,
  camkesValue,
  cComment,
  cString,
  kconfig,
  xml,
} as const;
