// A Rust CAmkES component as data: its crate and .camkes file (a file map relative to the
// app directory), and the Makefile lines that build it. Shared by `yo ostoo --flavor camkes`
// (the app's Rust component) and `yo ostoo:camkes-component`.
import path from 'node:path';
import { renderTemplate, renderTree, type FileMap } from '../render/tree.js';
import { componentBindings, type CliTool, type Generated } from './bindings.js';
import { camkesQuoting } from '../render/camkes-quote.js';
import type { UsedInterface } from './idl.js';

/** The build system of the app a component is in. */
export type CamkesBuild = 'kbuild' | 'cmake';

export interface ComponentConfig {
  /** Component type name = crate name (and the prefix of its Make variables or CMake target). */
  name: string;
  control: boolean;
  uses: UsedInterface[];
  /** import lines of <name>.camkes, relative to components/<name>/. */
  imports: string[];
  /** The app's demo call, for the generated app's own component. */
  demo?: { iface: string; method: string; provider: string };
  /** The app's build system, which the files' comments point to (default: the Kbuild-era Makefile). */
  build?: CamkesBuild;
}

export interface ComponentPlan {
  /** Paths relative to the app directory. */
  files: FileMap;
  bindings: Generated;
}

export function componentDir(name: string): string {
  return `components/${name}`;
}

/**
 * The app Makefile lines for a Rust component (its comment included, and a final newline), in
 * the layout of the rust-camkes-samples apps: `<name>_RUST := <name>`, the seL4 document's name,
 * which camkes-tool 2.x's templates and tools/rust/rust.mk (for camkes-tool 3.x) build. `listed`
 * writes ostoo's earlier form, `RUST_CAMKES_COMPONENTS += <name>`, for a checkout whose
 * tools/rust/rust.mk predates the document's names. The generated Makefile and the editor share it.
 */
export function componentMakefileBlock(name: string, form: 'document' | 'listed' = 'document'): string {
  return renderTemplate(
    form === 'listed' ? 'partials/camkes-component-listed.mk.ejs' : 'partials/camkes-component.mk.ejs',
    {
      name,
    },
  );
}

export async function planComponent(config: ComponentConfig, bindgen?: CliTool): Promise<ComponentPlan> {
  const bindings = await componentBindings(config.name, config.uses, bindgen);
  const data = { ...config, demo: config.demo ?? null, cmake: config.build === 'cmake', bindings, qk: camkesQuoting };
  const files = renderTree('camkes-component', data, new Map(), componentDir(config.name));
  return { files, bindings };
}

/** An import path from components/<name>/ to a file given relative to the app directory. */
export function importFromComponent(name: string, appRelative: string): string {
  return path.posix.relative(componentDir(name), appRelative);
}
