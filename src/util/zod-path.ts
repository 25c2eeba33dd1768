// Turns zod issues into one message that names the offending field, e.g.
// `toolchains.nightly-2026-05-20.hosts.x86_64-unknown-linux-gnu.artifacts[2].gz.sha256: ...`.
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { OstooError } from '../errors.js';

const bareKey = /^[A-Za-z0-9_-]+$/;

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      const shown = bareKey.test(key) ? key : JSON.stringify(key);
      out += out ? `.${shown}` : shown;
    }
  }
  return out || '(top level)';
}

export function describeIssues(what: string, error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => `  ${fieldPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length > 5 ? `\n  (and ${error.issues.length - 5} more)` : '';
  return `${what} is invalid:\n${lines.join('\n')}${more}`;
}

export class InvalidDataError extends OstooError {
  constructor(
    message: string,
    /** The first offending field, in the notation above. */
    readonly field: string,
    /** What to do: fix the file by hand, make it again, or get it from elsewhere. */
    hint: string,
  ) {
    super(message, hint);
  }
}

export function invalid(what: string, error: z.ZodError, hint: string): InvalidDataError {
  return new InvalidDataError(describeIssues(what, error), fieldPath(error.issues[0]?.path ?? []), hint);
}

/** TOML text checked against `schema`; errors name the source and the first bad field, and end with `hint`. */
export function parseTomlAs<S extends z.ZodType>(schema: S, text: string, source: string, hint: string): z.output<S> {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (err) {
    throw new InvalidDataError(`${source} is not valid TOML: ${(err as Error).message}`, '(syntax)', hint);
  }
  const res = schema.safeParse(data);
  if (!res.success) throw invalid(source, res.error, hint);
  return res.data;
}
