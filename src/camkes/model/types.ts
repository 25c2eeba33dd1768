// The parameter and return types of CAmkES procedures, as the IDL names them, as camkes.h
// spells them in C, and as a Rust component sees them. camkes-tool normalises a few
// spellings (camkes/ast/type.py: `integer` -> `int`, `bool` -> `boolean`, ...) and prints
// the C type with macros.show_type (`boolean` -> `bool`, `character` -> `char`,
// `string` -> `char *`); the table below follows both.

/** A type CAmkES or the C headers every camkes.h includes define. */
export interface BuiltinType {
  kind: 'builtin';
  /** The IDL spelling after camkes-tool's normalisation (`int`, `unsigned int`, `boolean`, `uint8_t`). */
  idl: string;
  /** As camkes.h prints it. */
  c: string;
  /** The Rust type with the same C ABI. */
  rust: string;
  /**
   * A type some bit patterns of which are not valid Rust values (`bool`): it crosses the
   * boundary as `wire` and is read back with `!= 0`, so a peer cannot hand Rust an invalid value.
   */
  wire?: string;
}

/** `string`: a NUL-terminated `char *` on the C side. */
export interface StringType {
  kind: 'string';
}

/**
 * A type from a header (`include "x.h";` in the procedure or component, or one camkes.h
 * always includes): a typedef name or `struct tag`. Rust gets its definition from that header.
 */
export interface HeaderType {
  kind: 'header';
  /** As camkes.h prints it: `MyStruct`, `struct payload`. */
  c: string;
  /** The Rust name of the type (`MyStruct`, `payload`), defined in the bindings' `types` module. */
  rust: string;
}

export type IdlType = BuiltinType | StringType | HeaderType;

const b = (idl: string, c: string, rust: string, wire?: string): BuiltinType => ({
  kind: 'builtin',
  idl,
  c,
  rust,
  ...(wire ? { wire } : {}),
});

// Keyed by every spelling the IDL accepts for them.
const builtins = new Map<string, BuiltinType>();
function add(t: BuiltinType, ...spellings: string[]) {
  for (const s of [t.idl, ...spellings]) builtins.set(s, t);
}
add(b('int', 'int', 'core::ffi::c_int'), 'integer', 'signed int', 'signed integer', 'signed');
add(b('unsigned int', 'unsigned int', 'core::ffi::c_uint'), 'unsigned', 'unsigned integer');
add(b('char', 'char', 'core::ffi::c_char'));
add(b('character', 'char', 'core::ffi::c_char'));
add(b('signed char', 'signed char', 'core::ffi::c_schar'));
add(b('unsigned char', 'unsigned char', 'core::ffi::c_uchar'));
add(b('boolean', 'bool', 'bool', 'u8'), 'bool');
add(b('long', 'long', 'core::ffi::c_long'));
add(b('float', 'float', 'f32'));
add(b('double', 'double', 'f64'));
for (const bits of [8, 16, 32, 64]) {
  add(b(`int${bits}_t`, `int${bits}_t`, `i${bits}`));
  add(b(`uint${bits}_t`, `uint${bits}_t`, `u${bits}`));
  add(b(`seL4_Int${bits}`, `seL4_Int${bits}`, `i${bits}`));
  add(b(`seL4_Uint${bits}`, `seL4_Uint${bits}`, `u${bits}`));
}
add(b('intptr_t', 'intptr_t', 'isize'));
add(b('uintptr_t', 'uintptr_t', 'usize'));
add(b('size_t', 'size_t', 'usize'));
add(b('ssize_t', 'ssize_t', 'isize'));
// musl's off_t is 64 bits on every architecture seL4 runs on.
add(b('off_t', 'off_t', 'i64'));
// seL4's machine word and capability pointer: pointer-sized on every seL4 architecture.
add(b('seL4_Word', 'seL4_Word', 'usize'));
add(b('seL4_CPtr', 'seL4_CPtr', 'usize'));

/**
 * Header types whose definitions every CAmkES component sees (camkes.h includes
 * <camkes/dataport.h>), with their Rust definitions. The component's C glue checks the
 * layout against the real header on every build.
 */
export const knownHeaderTypes: ReadonlyMap<string, { rust: string; definition: string; layoutChecks: string[] }> =
  new Map([
    [
      'dataport_ptr_t',
      {
        rust: 'dataport_ptr_t',
        // camkes/dataport.h: `typedef struct dataport_ptr_ { int32_t id; off_t offset; } dataport_ptr_t;`
        definition:
          '/// A pointer into a dataport, as CAmkES passes it between components (`camkes/dataport.h`).\n' +
          '#[repr(C)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub struct dataport_ptr_t {\n' +
          '    pub id: i32,\n    pub offset: i64,\n}\n',
        layoutChecks: [
          'offsetof(dataport_ptr_t, id) == 0',
          'sizeof(((dataport_ptr_t *)0)->id) == 4',
          '(__typeof__(((dataport_ptr_t *)0)->id))-1 < 0',
          'sizeof(((dataport_ptr_t *)0)->offset) == 8',
          '(__typeof__(((dataport_ptr_t *)0)->offset))-1 < 0',
          'sizeof(dataport_ptr_t) == offsetof(dataport_ptr_t, offset) + 8',
        ],
      },
    ],
  ]);

/** The type a procedure or component names, resolved; unknown names are header types. */
export function resolveType(spelling: string): IdlType {
  const t = spelling.trim().replace(/\s+/g, ' ');
  if (t === 'string') return { kind: 'string' };
  const builtin = builtins.get(t);
  if (builtin) return builtin;
  const tag = /^struct ([A-Za-z_]\w*)$/.exec(t);
  return { kind: 'header', c: t, rust: tag ? tag[1]! : t };
}

/** The IDL spelling of a type, for error messages and the normalised IDL text. */
export function idlSpelling(t: IdlType): string {
  return t.kind === 'string' ? 'string' : t.kind === 'builtin' ? t.idl : t.c;
}

/** C spelling as camkes.h prints it (string as `char *`). */
export function cSpelling(t: IdlType): string {
  return t.kind === 'string' ? 'char *' : t.c;
}
