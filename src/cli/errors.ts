// Errors as this tool's own: one line, `ostoo: <what> — <what to do>`, red only on a TTY
// and never with NO_COLOR (https://no-color.org). Printed through the one output path
// (util/terminal-text.ts): control characters from outside are escaped.
import { print, terminalText } from '../util/terminal-text.js';
export function useColor(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

/** The message of an error as printed after `ostoo: ` (lines after the first are kept, e.g. lines to add by hand). */
function messageOf(err: unknown): string {
  return `${(err instanceof Error ? err.message : String(err)).replace(/^ostoo: /, '')}\n`;
}

const prefix = (color: boolean): string => (color ? '\x1b[31mostoo:\x1b[39m' : 'ostoo:');

/** The text to print for an error, escaped as `printError` prints it. */
export function formatError(err: unknown, color = false): string {
  return `${prefix(color)} ${terminalText(messageOf(err), { layout: true })}`;
}

export function printError(err: unknown): void {
  const color = useColor(process.stderr);
  print(process.stderr, messageOf(err), (escaped) => `${prefix(color)} ${escaped}`);
}
