// Adds one key to a TOML file its owner wrote, as a new line: at the end of the table's own
// lines when the table exists, else as a new table at the end of the file. No existing line
// is changed; the result is accepted only if TOML sees the old document plus exactly that key.
import { isDeepStrictEqual } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { forParsing } from '../util/byte-text.js';

type Toml = Record<string, unknown>;

/** The value at a key path, or undefined. */
export function tomlGet(doc: Toml, keys: string[]): unknown {
  let v: unknown = doc;
  for (const k of keys) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Toml)[k];
  }
  return v;
}

const bareKey = /^[A-Za-z0-9_-]+$/;
const keyText = (k: string) => (bareKey.test(k) ? k : JSON.stringify(k));

function headerMatches(line: string, table: string[]): boolean {
  const m = /^\s*\[([^[\]]+)\]\s*(#.*)?$/.exec(line);
  if (!m) return false;
  const parts = m[1]!.split('.').map((p) => p.trim().replace(/^"(.*)"$/, '$1'));
  return isDeepStrictEqual(parts, table);
}

/**
 * `table` is the key path of the table (e.g. ['unstable'] or ['target', 'x86_64-os-user']),
 * `valueText` the value as TOML text and `value` what it parses to. Undefined when unsure.
 */
export function addTomlKey(
  text: string,
  table: string[],
  key: string,
  valueText: string,
  value: unknown,
): string | undefined {
  let before: Toml;
  try {
    before = parseToml(forParsing(text)) as Toml;
  } catch {
    return undefined;
  }
  if (tomlGet(before, [...table, key]) !== undefined) return undefined;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const header = lines.findIndex((l) => headerMatches(l, table));
  const entry = `${keyText(key)} = ${valueText}`;
  let out: string;
  if (header >= 0) {
    let end = lines.findIndex((l, i) => i > header && /^\s*\[/.test(l));
    if (end < 0) end = lines.length;
    while (end - 1 > header && /^\s*(#.*)?$/.test(lines[end - 1]!)) end--;
    out = [...lines.slice(0, end), entry, ...lines.slice(end)].join(nl);
  } else {
    const body = text.replace(/(\r?\n)*$/, '');
    out = `${body}${body ? nl + nl : ''}[${table.map(keyText).join('.')}]${nl}${entry}${nl}`;
  }
  try {
    const after = parseToml(forParsing(out)) as Toml;
    if (!isDeepStrictEqual(tomlGet(after, [...table, key]), value)) return undefined;
    const parent = tomlGet(after, table) as Toml;
    delete parent[key];
    // Dropping the new key (and a table that only it created) must give back the old document.
    if (header < 0 && Object.keys(parent).length === 0) deleteEmpty(after, table);
    return isDeepStrictEqual(after, before) ? out : undefined;
  } catch {
    return undefined;
  }
}

function deleteEmpty(doc: Toml, table: string[]): void {
  for (let n = table.length; n > 0; n--) {
    const parent = n === 1 ? doc : (tomlGet(doc, table.slice(0, n - 1)) as Toml);
    const child = parent[table[n - 1]!] as Toml;
    if (Object.keys(child).length) return;
    delete parent[table[n - 1]!];
  }
}
