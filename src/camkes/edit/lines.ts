// Text as whole lines, for editors that only insert lines: every existing line (and whether
// the file ended with a newline) comes back as it was.
export interface Lines {
  lines: string[];
  /** The text ended with a newline (an empty text counts as ending with one). */
  trailingNewline: boolean;
}

export function splitLines(text: string): Lines {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  return { lines: text === '' ? [] : lines, trailingNewline: trailingNewline || text === '' };
}

export function joinLines({ lines, trailingNewline }: Lines): string {
  return lines.join('\n') + (trailingNewline ? '\n' : '');
}

/** The 0-based line that character `offset` is on. */
export function lineOfOffset(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}
