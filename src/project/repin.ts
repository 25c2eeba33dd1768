// Edits that re-pin a project to another toolchain while keeping the user's own lines: the
// channel in rust-toolchain.toml, the vendor source in a cargo config, the toolchain block of
// a build script. The flavor modules (src/flavors/) say which of their files get which.
import { toml } from '../render/quote.js';
import { readUserText } from '../util/user-text.js';
import { renderTemplate } from '../render/tree.js';
import type { Toolchain } from '../toolchain/resolve.js';

/** Rewrites the channel (or replaces a path) in rust-toolchain.toml, keeping everything else. */
export function repinToolchainFile(text: string, name: string): string {
  // Replacement functions, not strings: a `$` in a value must not be read as a pattern.
  if (/^channel\s*=.*$/m.test(text)) return text.replace(/^channel\s*=.*$/m, () => `channel = ${toml(name)}`);
  const body = `channel = ${toml(name)}\ncomponents = ["rust-src"]`;
  if (/^path\s*=.*$/m.test(text)) return text.replace(/^#.*\n(?=path\s*=)/m, '').replace(/^path\s*=.*$/m, () => body);
  return `[toolchain]\n${body}\n`;
}

/** Points the offline vendor source at the new toolchain's rust-src (or drops it). */
export function repointVendor(config: string, vendorDir: string | undefined): string {
  const table =
    /\n*# This toolchain's rust-src vendors[^]*?\[source\.rust-src-vendor\]\ndirectory = "(?:[^"\\\n]|\\.)*"\n/;
  if (!table.test(config)) return config;
  if (!vendorDir) return config.replace(table, '\n');
  return config.replace(
    /(\[source\.rust-src-vendor\]\ndirectory = )"(?:[^"\\\n]|\\.)*"/,
    (_m, head: string) => `${head}${toml(vendorDir)}`,
  );
}

/** Regenerates the marked toolchain block of the user-rs build script. */
export function rewriteToolchainBlock(script: string, tc: Toolchain): string {
  const block = /# >>> toolchain[^\n]*\n[^]*?# <<< toolchain\n/;
  if (!block.test(script)) return script;
  return script.replace(block, () => renderTemplate('partials/user-rs-toolchain-env.sh.ejs', { toolchain: tc }));
}

/** `file` -> `edit(its text)` in `out`, when the file exists (the user may have removed it). */
export function editIfPresent(out: Map<string, string>, file: string, edit: (text: string) => string): void {
  const text = readUserText(file);
  if (text !== undefined) out.set(file, edit(text));
}

/** The re-pinned rust-toolchain.toml at `file` (created when missing). */
export function repinToolchainFileAt(out: Map<string, string>, file: string, name: string): void {
  out.set(file, repinToolchainFile(readUserText(file) ?? '', name));
}
