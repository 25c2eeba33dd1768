// Runs the bindgen and cbindgen CLIs when they are installed, and says what it fell back to
// when they are not: the generated project then carries headers and bindings rendered by
// this package from the same data, so it builds either way.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { FileMap } from '../render/tree.js';
import { camkesHeaderSubset, rustBindingsFallback, type UsedInterface } from './idl.js';
import { OstooError } from '../errors.js';

export interface CliTool {
  name: 'bindgen' | 'cbindgen';
  path: string;
  /** `bindgen 0.60.1` */
  version: string;
}

/**
 * `requested`: undefined -> look on PATH (absent is fine); 'none' -> do not use the tool;
 * anything else -> that program, which must run.
 */
export async function findTool(name: CliTool['name'], requested?: string): Promise<CliTool | undefined> {
  if (requested === 'none' || requested === '') return undefined;
  const program = requested ?? name;
  try {
    const { stdout } = await execa(program, ['--version']);
    return { name, path: program, version: stdout.trim().split('\n')[0] ?? name };
  } catch (err) {
    if (requested)
      throw new OstooError(
        `--${name} ${requested} does not run: ${(err as Error).message.split('\n')[0]}`,
        `install ${name}, pass the path of one that runs, or --${name} none`,
      );
    return undefined;
  }
}

export interface Generated {
  text: string;
  /** What produced the text, for the file's header comment and the generator's log. */
  generatedBy: string;
  /** Set when a tool was wanted but could not be used. */
  note?: string;
}

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `ostoo-${prefix}-`));
}

/**
 * Rust declarations for the functions a component's camkes.h gives its `uses` interfaces.
 * bindgen reads a header holding exactly those declarations (the real camkes.h exists only
 * inside a seL4 build; tools/rust/camkes-bindgen.sh regenerates from it there).
 */
export async function componentBindings(
  component: string,
  uses: UsedInterface[],
  bindgen?: CliTool,
): Promise<Generated> {
  const fallback = (note?: string): Generated => ({
    text: rustBindingsFallback(uses),
    generatedBy: 'generator-ostoo from the interface definitions',
    ...(note ? { note } : {}),
  });
  if (uses.length === 0) return fallback();
  if (!bindgen)
    return fallback('bindgen is not available: wrote the camkes.h bindings from the interface definitions instead');
  const dir = tempDir('bindgen');
  try {
    const header = path.join(dir, 'camkes.h');
    writeFileSync(header, camkesHeaderSubset(component, uses));
    const allow = `^(${uses.map((u) => u.iface).join('|')})_.*`;
    const { stdout } = await execa(
      bindgen.path,
      [header, '--use-core', '--ctypes-prefix', 'core::ffi', '--no-layout-tests', '--allowlist-function', allow],
      { cwd: dir },
    ); // away from the project's rust-toolchain.toml, which may lack rustfmt
    return { text: `${stdout.trim()}\n`, generatedBy: bindgen.version };
  } catch (err) {
    return fallback(
      `${bindgen.version} failed (${(err as Error).message.split('\n')[0]}); wrote the bindings from the interface definitions instead`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The C header for a Rust library, by cbindgen run on the crate as it will be written
 * (`crate` holds its files relative to the crate root).
 */
export async function libraryHeader(crate: FileMap, fallbackText: string, cbindgen?: CliTool): Promise<Generated> {
  const fallback = (note: string): Generated => ({
    text: fallbackText,
    generatedBy: 'generator-ostoo (cbindgen-compatible)',
    note,
  });
  if (!cbindgen)
    return fallback('cbindgen is not available: wrote the library header from the exported functions instead');
  const dir = tempDir('cbindgen');
  try {
    for (const [file, contents] of crate) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), contents);
    }
    const out = path.join(dir, 'out.h');
    await execa(cbindgen.path, ['--config', path.join(dir, 'cbindgen.toml'), '--lang', 'c', '--output', out, dir]);
    return { text: readFileSync(out, 'utf8'), generatedBy: cbindgen.version };
  } catch (err) {
    return fallback(
      `${cbindgen.version} failed (${(err as Error).message.split('\n')[0]}); wrote the library header from the exported functions instead`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
