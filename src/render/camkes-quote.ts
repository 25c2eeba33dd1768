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

export const camkesQuoting = { ident, camkesPath, cComment, kconfig, xml } as const;
