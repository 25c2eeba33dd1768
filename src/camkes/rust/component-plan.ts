// A Rust component's files, from its declaration: the .camkes file, the user's files (lib.rs,
// one file per `provides` interface, written once) and the generated ones (src/camkes.rs,
// src/camkes/types.rs, src/camkes_glue.c, build.rs), which `--refresh` rewrites from the
// .camkes files as they are. Reads go through the app's FileView; nothing is written here.
import path from 'node:path';
import { renderTemplate, renderTree, type FileMap } from '../../render/tree.js';
import type { CliTool } from '../bindings.js';
import type { CamkesBuild } from '../component.js';
import { ComponentError } from '../edit/component-error.js';
import type { Declaration, Procedure } from '../model/model.js';
import { maskComments, parseCamkes, type ParsedComponent } from '../model/parse.js';
import { camkesQuoting } from '../../render/camkes-quote.js';
import { procedures as proceduresOf, type AppIndex } from './app-index.js';
import { headerTypesUsed, renderBindings, renderTypes } from './bindings.js';
import { callLines } from './fmt.js';
import { renderGlueC } from './glue-c.js';
import { renderGuard, type GuardSource } from './guard.js';
import { findHeaders, headerTypeItems, type FoundHeader } from './header-types.js';
import { interfaceModule } from './names.js';
import { implSignature } from './procedure.js';
import type { FileView } from '../../util/file-view.js';

export interface AppContext {
  view: FileView;
  /** The app directory. */
  dir: string;
  index: AppIndex;
}

/** The demo components' own code (the generated app's client and server). */
export interface DemoCode {
  /** `use` lines of lib.rs. */
  imports: string;
  /** The body of run(). */
  run: string;
  /** Items after run(). */
  items?: string;
  /** The file of each provided interface, instead of stubs. */
  provides?: Record<string, string>;
}

export interface RustComponentRequest {
  name: string;
  decl: Declaration;
  /** import lines of the .camkes file, relative to its directory. */
  imports: string[];
  build: CamkesBuild;
  /** The C component it replaces (its stubs then panic with `not implemented`). */
  replaces?: string;
  demo?: DemoCode;
}

export interface RustComponentPlan {
  /** Paths relative to the app directory. */
  files: FileMap;
  /** Directories (app-relative) with the headers camkes.h includes for it. */
  includeDirs: string[];
  notes: string[];
}

export const componentDir = (name: string) => `components/${name}`;
export const refreshCommand = (name: string) => `ostoo camkes-component ${name} --refresh`;

/** `use` lines a stub needs for the types in its signatures. */
function stubUses(text: string, hasTypes: boolean): string[] {
  const uses: string[] = [];
  const ffi = ['CStr', 'c_char', 'c_int', 'c_long', 'c_schar', 'c_uchar', 'c_uint'].filter((t) =>
    new RegExp(`\\b${t}\\b`).test(text),
  );
  if (/\bCString\b/.test(text)) uses.push('alloc::ffi::CString');
  if (/\bVec</.test(text)) uses.push('alloc::vec::Vec');
  if (ffi.length === 1) uses.push(`core::ffi::${ffi[0]}`);
  else if (ffi.length) uses.push(`core::ffi::{${ffi.join(', ')}}`);
  if (hasTypes) uses.push('crate::camkes::types::*');
  return uses;
}

/** src/<iface>.rs: the provided interface's methods as stubs that panic with `not implemented`. */
export function renderProvidedStub(component: string, iface: string, proc: Procedure, typeNames: string[]): string {
  const methods = proc.methods.map((m) => {
    const sig = implSignature(m);
    // Leading underscores: the stub does not use its parameters yet.
    const params = sig.params.map((p) => `_${p.replace(/^r#/, '')}`);
    return { name: m.name, signature: callLines(1, sig.head, params, `${sig.ret} {`) };
  });
  const text = methods.flatMap((m) => m.signature).join('\n');
  const hasTypes = typeNames.some((t) => new RegExp(`\\b${t}\\b`).test(text));
  const mod = interfaceModule(iface);
  return renderTemplate('partials/camkes-provides.rs.ejs', {
    name: component,
    iface,
    procedure: proc.name,
    traitPath: `crate::camkes::${mod}::${proc.name}`,
    uses: stubUses(text, hasTypes),
    methods,
  });
}

/** The component declared in `text` (its own .camkes file), parsed; refuses anything else there. */
export function ownDeclaration(text: string, file: string, name: string): ParsedComponent {
  const parsed = parseCamkes(text, file);
  const c = parsed.components.find((x) => x.name === name);
  if (!c)
    throw new ComponentError(
      `${file} does not declare component ${name}`,
      `declare \`component ${name} { ... }\` there, or name the component that file declares`,
    );
  return c;
}

interface Generated {
  files: FileMap;
  headers: FoundHeader[];
}

/** The generated files of a component whose declaration is `c` (in componentDir(name)/<name>.camkes). */
async function generated(app: AppContext, c: ParsedComponent, bindgen: CliTool | undefined): Promise<Generated> {
  const procs = proceduresOf(c, app.index);
  const includes = [...c.includes, ...[...procs.values()].flatMap((p) => p.includes)];
  const headers = findHeaders(app.view, app.dir, [...new Set(includes)]);
  const needed = headerTypesUsed(c, procs).filter((t) => t.c !== 'dataport_ptr_t');
  const headerTypes = await headerTypeItems(needed, headers, app.dir, bindgen);
  const refresh = refreshCommand(c.name);
  const input = { component: c, procedures: procs, headerTypes, refresh };
  const dir = componentDir(c.name);
  const rel = (file: string) => path.posix.relative(dir, file);
  const guard: GuardSource[] = [{ file: rel(c.where.file), keyword: 'component', name: c.name, text: c.text }];
  for (const p of procs.values())
    guard.push({ file: rel(p.where.file), keyword: 'procedure', name: p.name, text: p.text });
  for (const h of headers) {
    const text = app.view.read(path.join(app.dir, h.file)) ?? '';
    guard.push({ file: rel(h.file), keyword: '', name: '', text: collapseHeader(text) });
  }
  const files: FileMap = new Map([
    [`${dir}/src/camkes.rs`, renderBindings(input)],
    [`${dir}/src/camkes/types.rs`, renderTypes(input)],
    [`${dir}/src/camkes_glue.c`, renderGlueC(c, procs, refresh)],
    [`${dir}/build.rs`, renderGuard(c.name, refresh, guard)],
  ]);
  return { files, headers };
}

/** A header's text as the build.rs guard compares it: comments and preprocessor lines blanked, spaces collapsed. */
const collapseHeader = (text: string) => maskComments(text).replace(/\s+/g, ' ').trim();

/** Every file of a new Rust component. */
export async function planRustComponent(
  app: AppContext,
  req: RustComponentRequest,
  bindgen?: CliTool,
): Promise<RustComponentPlan> {
  const dir = componentDir(req.name);
  const data = {
    name: req.name,
    decl: req.decl,
    imports: req.imports,
    cmake: req.build === 'cmake',
    replaces: req.replaces ?? null,
    demo: req.demo ?? null,
    control: req.decl.control,
    qk: camkesQuoting,
    // rustfmt sorts `mod` lines: ours (camkes, runtime) and one per provided interface.
    mods: [...new Set(['camkes', 'runtime', ...req.decl.provides.map((p) => interfaceModule(p.name))])].sort(),
    provides: req.decl.provides.map((p) => ({ iface: p.name, module: interfaceModule(p.name) })),
    uses: req.decl.uses.map((u) => ({
      module: interfaceModule(u.name),
      procedure: u.type,
      methods: (app.index.procedures.get(u.type)?.methods ?? []).slice(0, 3).map((m) => m.name),
    })),
  };
  const files = renderTree('camkes-rust-component', data, new Map(), dir);
  const camkesFile = `${dir}/${req.name}.camkes`;
  const own = ownDeclaration(String(files.get(camkesFile)), camkesFile, req.name);
  const gen = await generated(app, own, bindgen);
  for (const [f, text] of gen.files) files.set(f, text);
  const procs = proceduresOf(own, app.index);
  const typeNames = headerTypesUsed(own, procs).map((t) => t.rust);
  for (const p of own.provides) {
    const file = `${dir}/src/${p.name}.rs`;
    if (['camkes', 'runtime'].includes(p.name))
      throw new ComponentError(
        `interface name '${p.name}' would be src/${p.name}.rs, which the component's crate has already — rename the interface`,
      );
    files.set(
      file,
      req.demo?.provides?.[p.name] ?? renderProvidedStub(req.name, p.name, procs.get(p.type)!, typeNames),
    );
  }
  return { files, includeDirs: includeDirsOf(gen.headers), notes: [] };
}

const includeDirsOf = (headers: FoundHeader[]) => [...new Set(headers.map((h) => path.posix.dirname(h.file)))];

/**
 * `--refresh`: the generated files of an existing component, from its .camkes file as it is,
 * and a stub for each `provides` interface that has no file yet (lib.rs then needs its `mod`).
 */
export async function planRefresh(app: AppContext, name: string, bindgen?: CliTool): Promise<RustComponentPlan> {
  const dir = componentDir(name);
  const camkesFile = `${dir}/${name}.camkes`;
  const text = app.view.read(path.join(app.dir, camkesFile));
  if (text === undefined)
    throw new ComponentError(`${camkesFile} does not exist in ${app.dir} — is ${name} a Rust component of this app?`);
  if (app.view.read(path.join(app.dir, dir, 'Cargo.toml')) === undefined)
    throw new ComponentError(`${dir} has no Cargo.toml — ${name} is not a Rust component`);
  const own = ownDeclaration(text, camkesFile, name);
  const gen = await generated(app, own, bindgen);
  const notes: string[] = [];
  const procs = proceduresOf(own, app.index);
  const typeNames = headerTypesUsed(own, procs).map((t) => t.rust);
  for (const p of own.provides) {
    const stub = `${dir}/src/${p.name}.rs`;
    if (app.view.read(path.join(app.dir, stub)) !== undefined) continue;
    gen.files.set(stub, renderProvidedStub(name, p.name, procs.get(p.type)!, typeNames));
    notes.push(
      `wrote ${stub} for the new interface ${p.name}: add \`mod ${interfaceModule(p.name)};\` to ${dir}/src/lib.rs`,
    );
  }
  return { files: gen.files, includeDirs: includeDirsOf(gen.headers), notes };
}
