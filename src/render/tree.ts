// Renders a template directory into an in-memory file map (path -> content). Nothing is
// written here: the caller (a Yeoman generator's mem-fs, or a test) decides when to commit.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { quoting, UnquotableValueError } from './quote.js';
import { camkesQuoting } from './camkes-quote.js';

export type FileMap = Map<string, string | Buffer>;

export const templatesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates');

/** `dot-cargo` -> `.cargo` (npm drops some dotfiles from packages); `__key__` -> data.key. */
function outputName(segment: string, data: Record<string, unknown>): string {
  const named = segment.replace(/__([a-zA-Z]+)__/g, (_m, key: string) => {
    const value = data[key];
    if (typeof value !== 'string') throw new Error(`template path placeholder __${key}__ has no string value`);
    return value;
  });
  return named.startsWith('dot-') ? `.${named.slice(4)}` : named;
}

export function renderTree(
  templateDir: string,
  data: Record<string, unknown>,
  into: FileMap = new Map(),
  prefix = '',
): FileMap {
  const dir = path.join(templatesRoot, templateDir);
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      renderTree(path.join(templateDir, entry), data, into, path.posix.join(prefix, outputName(entry, data)));
    } else if (entry.endsWith('.ejs')) {
      const text = render(full, data);
      into.set(path.posix.join(prefix, outputName(entry.slice(0, -4), data)), text);
    } else {
      into.set(path.posix.join(prefix, outputName(entry, data)), readFileSync(full));
    }
  }
  return into;
}

/** Renders one template file (relative to templates/) with ejs. */
export function renderTemplate(file: string, data: Record<string, unknown>): string {
  return render(path.join(templatesRoot, file), data);
}

/** A partial's lines (its last newline dropped), for an editor that splices them into a file. */
export function renderLines(file: string, data: Record<string, unknown>): string[] {
  return renderTemplate(file, data).replace(/\n$/, '').split('\n');
}

function render(full: string, data: Record<string, unknown>): string {
  try {
    return ejs.render(
      readFileSync(full, 'utf8'),
      { q: quoting, qk: camkesQuoting, ...data },
      { filename: full, strict: false },
    );
  } catch (err) {
    // ejs prefixes the template excerpt; a refused value is the user's error, not the template's.
    if (err instanceof UnquotableValueError) err.message = err.message.split('\n\n').pop() ?? err.message;
    throw err;
  }
}
