// Name rules shared by the generators. Cargo's own rules for package names, plus the
// stricter lowercase convention cargo warns about, so names work as crate idents too.
import { OstooError } from './errors.js';

const rustKeywords = new Set(
  (
    'as break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref ' +
    'return self Self static struct super trait true type unsafe use where while async await dyn abstract become ' +
    'box do final macro override priv typeof unsized virtual yield try gen test core std alloc proc_macro'
  ).split(' '),
);

/** A refused name: what is wrong with it, and (for the one-line error) what to do. */
export class NameError extends OstooError {
  constructor(problem: string, hint = 'choose another one (see --help)') {
    super(problem, hint);
  }
}

/** Returns an error message, or undefined when `name` is a valid package name. */
export function packageNameProblem(name: string, what = 'name'): string | undefined {
  if (!name) return `${what} is empty`;
  if (/[/\\]/.test(name)) return `${what} '${name}' contains a path separator`;
  if (/\s/.test(name)) return `${what} '${name}' contains white space`;
  if (/^[0-9]/.test(name)) return `${what} '${name}' starts with a digit`;
  if (/[A-Z]/.test(name)) return `${what} '${name}' has uppercase letters (cargo warns; use lowercase)`;
  if (!/^[a-z][a-z0-9_-]*$/.test(name))
    return `${what} '${name}' may contain only a-z, 0-9, '-' and '_', starting with a letter`;
  if (rustKeywords.has(name) || rustKeywords.has(name.replace(/-/g, '_')))
    return `${what} '${name}' is a Rust keyword or reserved name`;
  if (name.length > 64) return `${what} '${name}' is longer than 64 characters`;
  return undefined;
}

export function assertPackageName(name: string, what = 'name'): string {
  const problem = packageNameProblem(name, what);
  if (problem) throw new NameError(problem);
  return name;
}

/** A relative path inside the project (no absolute paths, no `..`). */
export function assertRelativeDir(dir: string, what: string): string {
  // A backslash is an ordinary character in a POSIX file name: refuse it rather than guess.
  if (dir.includes('\\')) throw new NameError(`${what} '${dir}' contains a backslash; use '/' between directories`);
  const parts = dir.split('/');
  if (!dir || dir.startsWith('/') || parts.includes('..') || /^[a-zA-Z]:/.test(dir)) {
    throw new NameError(`${what} '${dir}' must be a relative path inside the project`);
  }
  return parts.filter((p) => p && p !== '.').join('/');
}
