// Lines that threads print at the same time. seL4's debug console takes one character per
// system call, so two components printing at once interleave character by character
// ("compcomp1 read hello world\n2 read hello world\n"). When a case cannot order them (upstream's
// dataport app: both sides spin on seL4_Yield until the other has written), it asserts that
// some stretch of the console is exactly an interleaving of the whole lines, each in order.

/** Whether `text[start..]` begins with an interleaving of all of `parts`. */
function interleavesAt(text: string, start: number, parts: readonly string[]): boolean {
  const seen = new Set<string>();
  const walk = (at: number[]): boolean => {
    const done = at.reduce((n, i) => n + i, 0);
    if (parts.every((p, k) => at[k] === p.length)) return true;
    const key = at.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    if (start + done >= text.length) return false;
    const ch = text[start + done];
    return parts.some((p, k) => at[k]! < p.length && p[at[k]!] === ch && walk(at.map((i, j) => (j === k ? i + 1 : i))));
  };
  return walk(parts.map(() => 0));
}

/** Whether `text` holds `lines` (each ended by a newline), printed at once and interleaved. */
export function holdsInterleaved(text: string, lines: readonly string[]): boolean {
  const parts = lines.map((l) => `${l}\n`);
  for (let s = 0; s < text.length; s++) {
    if (parts.some((p) => p[0] === text[s]) && interleavesAt(text, s, parts)) return true;
  }
  return false;
}
