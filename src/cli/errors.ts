// Errors as this tool's own: one line, `ostoo: <what> — <what to do>`, red only on a TTY
// and never with NO_COLOR (https://no-color.org).
export function useColor(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

/** The text to print for an error: its message (lines after the first are kept, e.g. lines to add by hand). */
export function formatError(err: unknown, color = false): string {
  const message = err instanceof Error ? err.message : String(err);
  const prefix = color ? '\x1b[31mostoo:\x1b[39m' : 'ostoo:';
  return `${prefix} ${message.replace(/^ostoo: /, '')}\n`;
}

export function printError(err: unknown): void {
  process.stderr.write(formatError(err, useColor(process.stderr)));
}
