// Lines of Rust laid out the way rustfmt lays them out with `use_small_heuristics = "Max"`
// (the rustfmt.toml every generated crate carries): a call or signature stays on one line
// when it fits in 100 columns, otherwise its arguments go one per line; a `let` whose
// right-hand side fits on the next line goes there first. Generated bindings are checked with
// `rustfmt --check` in the tests, so a layout this does not cover shows up there.
const width = 100;

const pad = (level: number) => '    '.repeat(level);

/** `head(a, b)tail` on one line, or with one argument per line (a trailing comma on the last). */
export function callLines(level: number, head: string, args: string[], tail: string): string[] {
  const one = `${pad(level)}${head}(${args.join(', ')})${tail}`;
  if (one.length <= width || args.length === 0) return [one];
  return [`${pad(level)}${head}(`, ...args.map((a) => `${pad(level + 1)}${a},`), `${pad(level)})${tail}`];
}

/** `let pat = head(args);` (or `pat = ...;` with `keyword` ''), as rustfmt would break it. */
export function letLines(level: number, keyword: string, pat: string, head: string, args: string[]): string[] {
  const lhs = `${keyword}${pat} =`;
  const rhs = `${head}(${args.join(', ')});`;
  const one = `${pad(level)}${lhs} ${rhs}`;
  if (one.length <= width) return [one];
  if (`${pad(level + 1)}${rhs}`.length <= width) return [`${pad(level)}${lhs}`, `${pad(level + 1)}${rhs}`];
  if (`${pad(level)}${lhs} ${head}(`.length <= width) return callLines(level, `${lhs} ${head}`, args, ';');
  return [`${pad(level)}${lhs}`, ...callLines(level + 1, head, args, ';')];
}

export function lines(level: number, ...text: string[]): string[] {
  return text.map((t) => (t ? `${pad(level)}${t}` : ''));
}
