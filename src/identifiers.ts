// Identifier rules for CAmkES projects. Component, instance, interface and procedure names
// end up in generated C (camkes.h symbols such as `<iface>_<method>`), in make variables
// (`<component>_RUST`) and, for Rust components and libraries, in cargo package names.
import { NameError, packageNameProblem } from './package-names.js';

const cKeywords = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long register ' +
    'restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex ' +
    '_Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local bool true false NULL'
  ).split(' '),
);

// Words of the CAmkES ADL/IDL grammar, and names the runtime itself defines.
const camkesReserved = new Set(
  (
    'assembly attribute component composition configuration connection connector consumes control dataport emits event ' +
    'export from group hardware import in include inout out procedure provides refin string template to uses maybe ' +
    'has mutex semaphore binary_semaphore integer character boolean signed unsigned run pre_init post_init'
  ).split(' '),
);

/** An error message, or undefined when `name` is a C identifier CAmkES accepts. */
export function cIdentifierProblem(name: string, what = 'name'): string | undefined {
  if (!name) return `${what} is empty`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return `${what} '${name}' is not a C identifier (letters, digits and '_', not starting with a digit)`;
  if (name.startsWith('__') || /^_[A-Z]/.test(name)) return `${what} '${name}' is reserved to the C implementation`;
  if (cKeywords.has(name)) return `${what} '${name}' is a C keyword`;
  if (camkesReserved.has(name)) return `${what} '${name}' is reserved by CAmkES`;
  if (name.length > 48) return `${what} '${name}' is longer than 48 characters`;
  return undefined;
}

/**
 * A name that is at once a C identifier and a cargo package name: lowercase, no '-'.
 * Rust components and libraries need this because `<name>_RUST := <name>` and
 * `RUST_TARGET := lib<name>.a` tie the make variable, the crate and the archive together.
 */
export function rustCIdentifierProblem(name: string, what = 'name'): string | undefined {
  const c = cIdentifierProblem(name, what);
  if (c) return c;
  if (/[A-Z]/.test(name))
    return `${what} '${name}' has uppercase letters (it is also a cargo package name; use lowercase)`;
  if (name.startsWith('_')) return `${what} '${name}' starts with '_' (it is also a cargo package name)`;
  return packageNameProblem(name, what);
}

export function assertCIdentifier(name: string, what = 'name'): string {
  const problem = cIdentifierProblem(name, what);
  if (problem) throw new NameError(problem);
  return name;
}

export function assertRustCIdentifier(name: string, what = 'name'): string {
  const problem = rustCIdentifierProblem(name, what);
  if (problem) throw new NameError(problem);
  return name;
}

/** Kconfig symbol suffix: `hello_rust` -> `HELLO_RUST`. */
export function kconfigSymbol(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}
