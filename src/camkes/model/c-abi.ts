// The C declarations camkes.h gives a component, as camkes-tool's component.template.h
// prints them (the same in camkes-tool 3.x of 2018 and today): what a Rust component must
// export for `provides`, and may call for `uses`, events and dataports. The component's C
// glue checks these against the real camkes.h on every build.
import type { DataportDecl, Method, Param } from './model.js';
import { cSpelling, type IdlType } from './types.js';

const ctype = (t: IdlType) => (t.kind === 'string' ? 'char *' : t.c);

/** One parameter as camkes.h declares it (an array is two: its length, then its pointer). */
export function cParams(p: Param): { type: string; name: string }[] {
  const t = ctype(p.type);
  const str = p.type.kind === 'string';
  if (p.direction === 'in') {
    if (p.array)
      return [
        { type: 'size_t', name: `${p.name}_sz` },
        { type: str ? 'char **' : `const ${t} *`, name: p.name },
      ];
    return [{ type: str ? 'const char *' : t, name: p.name }];
  }
  const konst = p.direction === 'refin' ? 'const ' : '';
  if (p.array)
    return [
      { type: `${konst}size_t *`, name: `${p.name}_sz` },
      { type: str ? 'char ***' : `${t} **`, name: p.name },
    ];
  return [{ type: str ? 'char **' : `${konst}${t} *`, name: p.name }];
}

export function cReturn(m: Method): string {
  return m.returns ? cSpelling(m.returns) : 'void';
}

const join = (type: string, name: string) => (type.endsWith('*') ? `${type}${name}` : `${type} ${name}`);

/** `int a_calculate(size_t operands_sz, const int *operands);` */
export function cPrototype(iface: string, m: Method): string {
  const params = m.params.flatMap(cParams).map((p) => join(p.type, p.name));
  return `${join(cReturn(m), `${iface}_${m.name}`)}(${params.length ? params.join(', ') : 'void'});`;
}

/** The function's type, for `__builtin_types_compatible_p(__typeof__(f), TYPE)`. */
export function cFunctionType(m: Method): string {
  const params = m.params.flatMap(cParams).map((p) => p.type);
  return `${cReturn(m)} (${params.length ? params.join(', ') : 'void'})`;
}

/** The dataport pointer's C type: `Buf *` for `Buf`, `void *` for `Buf(N)`, `T *` for a typed one. */
export function cDataportPointer(d: DataportDecl): string {
  if (d.type.kind === 'typed') return `${d.type.c} *`;
  return d.type.spelling === 'Buf' ? 'Buf *' : 'void *';
}

/** Event functions camkes.h declares, with their C function types. */
export const emitsFunctions = [{ suffix: 'emit', type: 'void (void)' }] as const;
export const consumesFunctions = [
  { suffix: 'wait', type: 'void (void)' },
  { suffix: 'poll', type: 'int (void)' },
  { suffix: 'reg_callback', type: 'int (void (*)(void *), void *)' },
] as const;
