// The whole of a Rust component's src/camkes.rs: one module per interface (a safe API over
// camkes.h), the raw declarations in `camkes::ffi`, the header types in `camkes::types`,
// the support code, and the exports its `provides` interfaces need. Pure: from the typed
// model in, text out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { templatesRoot } from '../../render/tree.js';
import { ComponentError } from '../edit/component-error.js';
import type { ComponentType, DataportDecl, Method, Procedure } from '../model/model.js';
import { knownHeaderTypes, type HeaderType } from '../model/types.js';
import { callLines, lines } from './fmt.js';
import { interfaceModule, rustIdent } from './names.js';
import { ffiDeclaration, providesShim, rustType, traitMethod, usesWrapper } from './procedure.js';

/** Rust definitions of header types (bindgen's output), and the C spellings they define. */
export interface HeaderTypeItems {
  /** Rust items, formatted as a file of their own. */
  rust: string;
  /** The C spellings (`MyStruct`, `struct payload`) they define. */
  defines: readonly string[];
}

export interface BindingsInput {
  component: ComponentType;
  /** Every procedure the component provides or uses, by name. */
  procedures: ReadonlyMap<string, Procedure>;
  /** Definitions of the header types the interfaces use beyond the known CAmkES ones. */
  headerTypes?: HeaderTypeItems;
  /** The command that regenerates the file (printed in its header). */
  refresh: string;
}

const support = () => readFileSync(path.join(templatesRoot, 'partials/camkes-support.rs'), 'utf8');
const dataportSupport = () => readFileSync(path.join(templatesRoot, 'partials/camkes-dataport.rs'), 'utf8');

/** The header types the component's interfaces name (each once, in first-use order). */
export function headerTypesUsed(component: ComponentType, procedures: ReadonlyMap<string, Procedure>): HeaderType[] {
  const seen = new Map<string, HeaderType>();
  const note = (t: { kind: string } | undefined) => {
    if (t?.kind === 'header' && !seen.has((t as HeaderType).c)) seen.set((t as HeaderType).c, t as HeaderType);
  };
  for (const i of [...component.provides, ...component.uses]) {
    for (const m of procedures.get(i.type)?.methods ?? []) {
      note(m.returns);
      for (const p of m.params) note(p.type);
    }
  }
  for (const d of component.dataports) {
    if (d.type.kind === 'typed') note({ kind: 'header', c: d.type.c, rust: d.type.c } as HeaderType);
  }
  if (component.dataports.length) note({ kind: 'header', c: 'dataport_ptr_t', rust: 'dataport_ptr_t' } as HeaderType);
  return [...seen.values()];
}

function procedureOf(input: BindingsInput, type: string): Procedure {
  const proc = input.procedures.get(type);
  if (!proc) throw new ComponentError(`procedure '${type}' is not defined in the app — define it or fix the interface`);
  return proc;
}

const dataportRustType = (d: DataportDecl) =>
  d.type.kind === 'buf' ? `[u8; ${d.type.size}]` : rustType({ kind: 'header', c: d.type.c, rust: d.type.c });

/** src/camkes/types.rs: the header types the interfaces use, known ones first, then bindgen's. */
export function renderTypes(input: BindingsInput): string {
  const out = [
    `//! Types from headers that the interfaces of \`${input.component.name}\` use. Generated with src/camkes.rs;`,
    '//! do not edit.',
    '#![allow(unused_imports)]',
    '',
    'use core::ffi::*;',
  ];
  const defined = new Set(input.headerTypes?.defines ?? []);
  for (const t of headerTypesUsed(input.component, input.procedures)) {
    const known = knownHeaderTypes.get(t.c);
    if (known) out.push('', ...known.definition.trimEnd().split('\n'));
    else if (!defined.has(t.c))
      throw new ComponentError(
        `type '${t.c}' comes from a header, and ostoo has no Rust definition for it (bindgen made none) — see the note on headers`,
      );
  }
  if (input.headerTypes?.rust.trim()) out.push('', ...input.headerTypes.rust.trimEnd().split('\n'));
  return `${out.join('\n')}\n`;
}

function ffiModule(input: BindingsInput): string[] {
  const c = input.component;
  const decls: string[] = [...lines(2, '/// `get_instance_name()`', 'pub fn get_instance_name() -> *const c_char;')];
  decls.push(
    ...lines(
      2,
      "/// seL4_Yield(), from the component's C glue (it is an inline function in libsel4).",
      'pub fn ostoo_camkes_yield();',
    ),
  );
  for (const i of c.uses) {
    for (const m of procedureOf(input, i.type).methods) decls.push(...ffiDeclaration(i.name, m, 2));
  }
  for (const e of c.emits) decls.push(...lines(2, `pub fn ${e.name}_emit();`));
  for (const e of c.consumes) {
    decls.push(
      ...lines(2, `pub fn ${e.name}_wait();`, `pub fn ${e.name}_poll() -> c_int;`),
      ...callLines(
        2,
        `pub fn ${e.name}_reg_callback`,
        ['callback: unsafe extern "C" fn(*mut c_void)', 'arg: *mut c_void'],
        ' -> c_int;',
      ),
    );
  }
  for (const d of c.dataports)
    decls.push(...lines(2, `/// \`dataport ${dataportSpelling(d)} ${d.name};\``, `pub static ${d.name}: *mut c_void;`));
  if (c.dataports.length) {
    decls.push(
      ...lines(
        2,
        'pub fn dataport_wrap_ptr(ptr: *mut c_void) -> dataport_ptr_t;',
        'pub fn dataport_unwrap_ptr(ptr: dataport_ptr_t) -> *mut c_void;',
      ),
    );
  }
  for (const a of c.attributes) {
    const t = attributeType(a.type, a.name);
    decls.push(...lines(2, `pub static ${rustIdent(a.name, 'attribute name')}: ${t.ffi};`));
  }
  for (const m of c.mutexes) decls.push(...lines(2, `pub fn ${m}_lock() -> c_int;`, `pub fn ${m}_unlock() -> c_int;`));
  for (const s of c.semaphores)
    decls.push(
      ...lines(2, `pub fn ${s}_wait() -> c_int;`, `pub fn ${s}_trywait() -> c_int;`, `pub fn ${s}_post() -> c_int;`),
    );
  for (const s of c.binarySemaphores)
    decls.push(...lines(2, `pub fn ${s}_wait() -> c_int;`, `pub fn ${s}_post() -> c_int;`));
  return [
    "/// camkes.h's declarations for this component, as they are (`bool` as `u8`): every call is `unsafe`.",
    'pub mod ffi {',
    '    use super::types::*;',
    '    use core::ffi::*;',
    '',
    '    extern "C" {',
    ...decls,
    '    }',
    '}',
  ];
}

function dataportSpelling(d: DataportDecl): string {
  return d.type.kind === 'buf' ? d.type.spelling : d.type.c;
}

/** Attribute types with a Rust reading: the scalar built-ins and `string`. */
export function attributeType(type: string, name: string): { ffi: string; safe: string; read: string } {
  const t = type.trim().replace(/\s+/g, ' ');
  if (t === 'string')
    return {
      ffi: '*const c_char',
      safe: "&'static CStr",
      read: `CStr::from_ptr(ffi::${rustIdent(name, 'attribute name')})`,
    };
  const scalar: Record<string, string> = {
    int: 'c_int',
    integer: 'c_int',
    'signed int': 'c_int',
    'unsigned int': 'c_uint',
    unsigned: 'c_uint',
    char: 'c_char',
    'unsigned char': 'c_uchar',
    'signed char': 'c_schar',
    uint64_t: 'u64',
    int64_t: 'i64',
  };
  const r = scalar[t];
  if (!r)
    throw new ComponentError(
      `attribute '${name}' has type '${t}', which Rust components cannot read yet — only integers, char and string attributes`,
    );
  return { ffi: r, safe: r, read: `ffi::${rustIdent(name, 'attribute name')}` };
}

function providesModule(input: BindingsInput, iface: string, proc: Procedure): string[] {
  const mod = interfaceModule(iface);
  const where = `${proc.name} (provides ${iface})`;
  const trait = rustIdent(proc.name, 'procedure name');
  const out = [
    `/// \`provides ${proc.name} ${iface};\`: ${'`'}crate::Component${'`'} implements [\`${iface}::${proc.name}\`].`,
    `pub mod ${mod} {`,
    '    #[allow(unused_imports)]',
    '    use super::support::{self, prelude::*};',
    '',
    `    /// The methods of \`${proc.name}\`, which the connector's glue calls on \`crate::Component\`.`,
    `    pub trait ${trait} {`,
  ];
  proc.methods.forEach((m, k) => {
    if (k) out.push('');
    out.push(...traitMethod(m, where).map((l) => (l ? `    ${l}` : '')));
  });
  out.push('    }');
  for (const m of proc.methods)
    out.push('', ...providesShim(iface, m, `crate::Component as ${trait}`, where).map((l) => (l ? `    ${l}` : '')));
  out.push('}');
  return out;
}

function usesModule(input: BindingsInput, iface: string, proc: Procedure): string[] {
  const where = `${proc.name} (uses ${iface})`;
  const out = [
    `/// \`uses ${proc.name} ${iface};\`: calls into the component at the other end of the connection.`,
    `pub mod ${interfaceModule(iface)} {`,
    '    use super::ffi;',
    '    #[allow(unused_imports)]',
    '    use super::support::{self, prelude::*};',
  ];
  for (const m of proc.methods) out.push('', ...usesWrapper(iface, m, where).map((l) => (l ? `    ${l}` : '')));
  out.push('}');
  return out;
}

function eventModules(input: BindingsInput): string[] {
  const out: string[] = [];
  for (const e of input.component.emits) {
    out.push(
      '',
      `/// \`emits ${e.type} ${e.name};\``,
      `pub mod ${interfaceModule(e.name)} {`,
      `    /// Signals every component that consumes it (\`${e.name}_emit()\`).`,
      '    pub fn emit() {',
      `        // SAFETY: ${e.name}_emit takes nothing and cannot fail.`,
      `        unsafe { super::ffi::${e.name}_emit() }`,
      '    }',
      '}',
    );
  }
  for (const e of input.component.consumes) {
    out.push(
      '',
      `/// \`consumes ${e.type} ${e.name};\``,
      `pub mod ${interfaceModule(e.name)} {`,
      '    /// Blocks until the event arrives.',
      '    pub fn wait() {',
      `        // SAFETY: ${e.name}_wait takes nothing.`,
      `        unsafe { super::ffi::${e.name}_wait() }`,
      '    }',
      '',
      '    /// Whether the event has arrived (then it is consumed), without blocking.',
      '    pub fn poll() -> bool {',
      `        // SAFETY: ${e.name}_poll takes nothing.`,
      `        unsafe { super::ffi::${e.name}_poll() != 0 }`,
      '    }',
      '',
      "    /// Runs `callback` once, on this interface's thread, when the event arrives (at once",
      '    /// if it is pending). Register again from the callback for the next one. Fails when a',
      '    /// callback is registered already.',
      '    pub fn reg_callback(callback: fn()) -> Result<(), super::CallbackBusy> {',
      '        let arg = callback as *mut core::ffi::c_void;',
      '        // SAFETY: call_fn turns `arg` back into the `fn()` it was made from.',
      `        match unsafe { super::ffi::${e.name}_reg_callback(super::support::call_fn, arg) } {`,
      '            0 => Ok(()),',
      '            _ => Err(super::CallbackBusy),',
      '        }',
      '    }',
      '}',
    );
  }
  return out;
}

function dataportModules(input: BindingsInput): string[] {
  const out: string[] = [];
  for (const d of input.component.dataports) {
    const t = dataportRustType(d);
    out.push(
      '',
      `/// \`dataport ${dataportSpelling(d)} ${d.name};\``,
      `pub mod ${interfaceModule(d.name)} {`,
      '    #[allow(unused_imports)]',
      '    use super::support::prelude::*;',
      '',
      '    /// The shared memory (see [`super::Dataport`]).',
      `    pub fn dataport() -> super::Dataport<${t}> {`,
      `        // SAFETY: the glue maps ${d.name} for the whole run, at least this large (camkes.h).`,
      `        unsafe { super::Dataport::new(super::ffi::${d.name}.cast()) }`,
      '    }',
      '}',
    );
  }
  return out;
}

function attributesModule(input: BindingsInput): string[] {
  const attrs = input.component.attributes;
  if (!attrs.length) return [];
  const out = [
    '',
    "/// The component's attributes, as the configuration set them.",
    'pub mod attributes {',
    '    use super::ffi;',
    '    use core::ffi::*;',
  ];
  for (const a of attrs) {
    const t = attributeType(a.type, a.name);
    out.push(
      '',
      `    /// \`attribute ${a.type} ${a.name};\``,
      `    pub fn ${rustIdent(a.name, 'attribute name')}() -> ${t.safe} {`,
      '        // SAFETY: the glue defines the attribute as a constant.',
      `        unsafe { ${t.read} }`,
      '    }',
    );
  }
  out.push('}');
  return out;
}

function lockModules(input: BindingsInput): string[] {
  const out: string[] = [];
  const fns = (name: string, kind: string, ops: [string, string][]) => {
    out.push('', `/// \`has ${kind} ${name};\``, `pub mod ${interfaceModule(name)} {`);
    ops.forEach(([op, doc], k) => {
      if (k) out.push('');
      out.push(
        `    /// ${doc} (\`${name}_${op}()\`); Err holds its non-zero result.`,
        `    pub fn ${op}() -> Result<(), core::ffi::c_int> {`,
        `        // SAFETY: ${name}_${op} takes nothing.`,
        `        match unsafe { super::ffi::${name}_${op}() } {`,
        '            0 => Ok(()),',
        '            e => Err(e),',
        '        }',
        '    }',
      );
    });
    out.push('}');
  };
  for (const m of input.component.mutexes)
    fns(m, 'mutex', [
      ['lock', 'Locks'],
      ['unlock', 'Unlocks'],
    ]);
  for (const s of input.component.semaphores)
    fns(s, 'semaphore', [
      ['wait', 'Waits'],
      ['trywait', 'Takes it without blocking'],
      ['post', 'Posts'],
    ]);
  for (const s of input.component.binarySemaphores)
    fns(s, 'binary_semaphore', [
      ['wait', 'Waits'],
      ['post', 'Posts'],
    ]);
  return out;
}

/** src/camkes.rs of a Rust component. */
export function renderBindings(input: BindingsInput): string {
  const c = input.component;
  const out: string[] = [
    `//! The CAmkES interfaces of component \`${c.name}\`, in Rust: generated by generator-ostoo from`,
    `//! ${c.where.file} and the procedures it names. Do not edit: \`${input.refresh}\``,
    '//! regenerates it, and the build fails when it no longer matches the .camkes files.',
    '//!',
    '//! `camkes::<iface>` is each interface: `uses` ones have safe functions, `provides` ones a',
    '//! trait that `crate::Component` implements, events `emit`/`wait`/`poll`/`reg_callback`,',
    "//! dataports a [`Dataport`]. `camkes::ffi` keeps camkes.h's raw declarations.",
    '#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals, dead_code)]',
    '#![allow(clippy::too_many_arguments, clippy::type_complexity, clippy::missing_safety_doc)]',
    '',
    '/// Types from headers that the interfaces use.',
    'pub mod types;',
    '',
    ...ffiModule(input),
    '',
    '// Components generated before the safe API called camkes::<iface>_<method> directly.',
    '#[allow(unused_imports)]',
    '#[doc(hidden)]',
    'pub use ffi::*;',
    '',
    ...support().trimEnd().split('\n'),
    '',
    '/// `reg_callback` failed: a callback is registered already.',
    '#[derive(Debug, Clone, Copy, PartialEq, Eq)]',
    'pub struct CallbackBusy;',
  ];
  if (c.dataports.length) out.push('', ...dataportSupport().trimEnd().split('\n'));
  out.push(
    '',
    "/// This instance's name in the composition (`get_instance_name()`).",
    "pub fn instance_name() -> &'static core::ffi::CStr {",
    '    // SAFETY: the glue returns a static NUL-terminated string.',
    '    unsafe { core::ffi::CStr::from_ptr(ffi::get_instance_name()) }',
    '}',
    '',
    '/// Gives the processor to another thread of the same priority (`seL4_Yield()`).',
    'pub fn yield_now() {',
    '    // SAFETY: ostoo_camkes_yield only calls seL4_Yield.',
    '    unsafe { ffi::ostoo_camkes_yield() }',
    '}',
  );
  for (const i of c.provides) out.push('', ...providesModule(input, i.name, procedureOf(input, i.type)));
  for (const i of c.uses) out.push('', ...usesModule(input, i.name, procedureOf(input, i.type)));
  out.push(...eventModules(input), ...dataportModules(input), ...attributesModule(input), ...lockModules(input));
  return `${out.join('\n')}\n`;
}

/** The trait methods a `provides` interface's user file implements, as stubs that panic. */
export function methodsOf(proc: Procedure): readonly Method[] {
  return proc.methods;
}
