// Text on its way to a terminal. Names and lines that come from outside (archive entries,
// manifest.in lines, users' files, file names) may hold control characters: ESC starts
// sequences that recolour or clear the screen or set the window title, CR returns to the
// start of the line so what follows can forge a line (`ok: all good`), and bidi overrides
// reorder what is shown. Every one is shown as an escape instead, C-style: `\x1b`, `\r`,
// `\u202e`. Bytes that were not UTF-8 (kept by util/byte-text.ts as U+DC80..U+DCFF) are
// shown as the byte they stand for, `\xe9`.

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 and DEL and C1 controls; the line and paragraph separators; bidi embeddings, overrides
// and isolates; lone surrogates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;

function escape(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (named[ch]) return named[ch];
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character escaped. `layout` keeps '\n' and '\t' for text that
 * is ours and spans lines or columns on purpose (the output boundary, `print`); a value from
 * outside embedded in a message is escaped whole, newlines included, so it stays on its line.
 */
export function terminalText(text: string, opts: { layout?: boolean } = {}): string {
  return text.replace(unsafe, (ch) => (opts.layout && (ch === '\n' || ch === '\t') ? ch : escape(ch)));
}

/**
 * The one output path: everything ostoo prints (results, progress lines, errors) is written
 * through here, escaped. `decorate` adds our own escapes after that (the red `ostoo:`).
 */
export function print(
  stream: NodeJS.WritableStream,
  text: string,
  decorate: (escaped: string) => string = (t) => t,
): void {
  stream.write(decorate(terminalText(text, { layout: true })));
}
