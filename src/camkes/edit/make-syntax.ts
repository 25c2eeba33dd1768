// Make's line syntax, shared by the Makefile and Kbuild readers: comments and backslash
// continuations.

/** Make comments (`# ...`) blanked out, line by line (a `\#` is not a comment). */
export function maskMakeComments(line: string): string {
  const i = line.search(/(^|[^\\])#/);
  if (i < 0) return line;
  const at = line[i] === '#' ? i : i + 1;
  return line.slice(0, at) + ' '.repeat(line.length - at);
}

export interface LogicalLine {
  /** The joined text, comments masked. */
  text: string;
  /** Its first and last physical line. */
  first: number;
  last: number;
}

/** Logical make lines (backslash continuations joined), with their physical line ranges. */
export function logicalMakeLines(lines: string[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let text = maskMakeComments(lines[i]!);
    while (/\\\s*$/.test(text) && i + 1 < lines.length) {
      text = `${text.replace(/\\\s*$/, ' ')}${maskMakeComments(lines[++i]!)}`;
    }
    out.push({ text, first, last: i });
  }
  return out;
}
