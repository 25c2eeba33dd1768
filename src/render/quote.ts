// Quoting for each language a generated file is written in. Templates get these as `q` and
// use `<%- q.sh(value) %>`: EJS's own `<%= %>` escapes for HTML, which is wrong for every file
// this generator writes. A value a language cannot carry safely is refused, naming it.
import { OstooError } from '../errors.js';

export class UnquotableValueError extends OstooError {
  constructor(what: string, value: string, why: string) {
    super(
      `${what} ${JSON.stringify(value)} cannot be written safely: ${why}`,
      'pass another value (rename the path, or choose a plainer name)',
    );
  }
}

// C0 controls and DEL. Tab is allowed where the language allows it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlChars = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Refuses newlines, NUL and other control characters: a path or name is one line of text. */
export function oneLine(value: string, what = 'value'): string {
  if (controlChars.test(value) || value.includes('\t')) {
    throw new UnquotableValueError(what, value, 'it contains a newline or another control character');
  }
  if (loneSurrogate.test(value)) throw new UnquotableValueError(what, value, 'it is not valid Unicode');
  return value;
}

/** A POSIX shell word: left bare when it is plainly safe, else single-quoted. */
export function sh(value: string, what = 'value'): string {
  oneLine(value, what);
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Text for a Make assignment (`VAR := <text>`) or a Make-expanded line: `$` is doubled so no
 * function or variable is expanded, `#` is escaped so it starts no comment.
 */
export function make(value: string, what = 'value'): string {
  oneLine(value, what);
  if (value.endsWith('\\')) throw new UnquotableValueError(what, value, 'a trailing backslash continues a Make line');
  return value.replace(/\$/g, '$$$$').replace(/#/g, '\\#');
}

/** A shell word inside a Make recipe or a Make variable a recipe passes to the shell. */
export function makeSh(value: string, what = 'value'): string {
  return make(sh(value, what), what);
}

/** A TOML basic string, quotes included. */
export function toml(value: string, what = 'value'): string {
  if (loneSurrogate.test(value)) throw new UnquotableValueError(what, value, 'it is not valid Unicode');
  // JSON's escapes are all valid TOML escapes; TOML also forbids a raw DEL.
  return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
}

/** A JSON string, quotes included. */
export function json(value: string, what = 'value'): string {
  if (loneSurrogate.test(value)) throw new UnquotableValueError(what, value, 'it is not valid Unicode');
  return JSON.stringify(value);
}

/** A CMake quoted argument, quotes included: no variable reference or escape is evaluated. */
export function cmake(value: string, what = 'value'): string {
  oneLine(value, what);
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** A Rust string literal, quotes included. */
export function rust(value: string, what = 'value'): string {
  if (loneSurrogate.test(value)) throw new UnquotableValueError(what, value, 'it is not valid Unicode');
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A Rust format-string literal (for `println!` and friends): `{` and `}` doubled, then quoted. */
export function rustFormat(value: string, what = 'value'): string {
  return rust(
    value.replace(/[{}]/g, (c) => c + c),
    what,
  );
}

/**
 * An XML attribute value, quotes included. Characters XML 1.0 cannot carry at all (most
 * controls, lone surrogates) are refused; tab, newline and carriage return are written as
 * character references, since a parser would otherwise normalise them to spaces.
 */
export function xmlAttr(value: string, what = 'value'): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(value) || loneSurrogate.test(value))
    throw new UnquotableValueError(what, value, 'XML cannot carry it');
  const refs: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    '\t': '&#9;',
    '\n': '&#10;',
    '\r': '&#13;',
  };
  return `"${value.replace(/[&<>"\t\n\r]/g, (c) => refs[c]!)}"`;
}

/** Text for a `#` or `//` comment: any single line is fine there. */
export function comment(value: string, what = 'value'): string {
  return oneLine(value, what);
}

/** Everything a template gets as `q`. */
export const quoting = { oneLine, sh, make, makeSh, toml, json, cmake, rust, rustFormat, xmlAttr, comment } as const;
export type Quoting = typeof quoting;
