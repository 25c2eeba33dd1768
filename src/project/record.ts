// The project record: our entry (`generator-ostoo`) in a project's .yo-rc.json. It says which
// flavor made the project, its stored answers, the pinned toolchain and what was derived from
// it, so later commands (program, camkes-component, toolchain bump) need not guess. This module
// is its one owner: the schema, the search upwards, reading, and the merged text to write.
import path from 'node:path';
import { z } from 'zod';
import { fieldPath } from '../util/zod-path.js';
import { decodeBytes } from '../util/byte-text.js';
import { readRegularFile } from '../util/regular-file.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { OstooError } from '../errors.js';
import { allFlavorEntries, type RecordFieldKind } from '../flavor-catalog/registry.js';

export const RECORD_FILE = '.yo-rc.json';
/** Yeoman keys a project's .yo-rc.json by generator package name. */
export const RECORD_KEY = 'generator-ostoo';

const toolchainRecordSchema = z.looseObject({
  kind: z.string(),
  id: z.string(),
  root: z.string().optional(),
  versionLine: z.string().optional(),
});

const specSchema = z.record(z.string(), z.unknown());

// Stored values become paths (apps/<app>, user-rs/<target>.json, the deploy directory, spec
// files): they are input, checked like any other. A name is one path segment; a path is
// relative, inside the project, without `..`. What ostoo itself stores always passes.
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

export function isRelativeInside(p: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (!p || p.startsWith('/') || /^[A-Za-z]:/.test(p) || /[\\\u0000-\u001f\u007f]/.test(p)) return false;
  return !p.split('/').includes('..');
}

const segment = z.string().superRefine((v, ctx) => {
  if (!SEGMENT.test(v))
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(v)} is not a name (one path segment inside the project)`,
    });
});

const notInside = (v: string) => `${JSON.stringify(v)} is not a relative path inside the project`;

const relativePath = z.string().superRefine((v, ctx) => {
  if (!isRelativeInside(v)) ctx.addIssue({ code: 'custom', message: notInside(v) });
});

/** Spec file (relative to the project root) -> spec; every key checked as a path. */
const specsByFile = z.record(z.string(), specSchema).superRefine((rec, ctx) => {
  for (const k of Object.keys(rec)) if (!isRelativeInside(k)) ctx.addIssue({ code: 'custom', message: notInside(k) });
});

/**
 * One thing a command added to the project: `dir` is the directory it ran on (relative to the
 * project root), `name` what it added, `options` the options it was planned with.
 */
const addedSchema = z.object({
  command: z.enum(['program', 'camkes-component', 'camkes-rust', 'microkit-pd']),
  dir: relativePath,
  name: segment.optional(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
});

export type AddedEntry = z.infer<typeof addedSchema>;

const programsSchema = z.array(z.object({ name: segment, tier: z.enum(['nostd', 'std']) }));

/** How each kind of field a flavor declares for its part of the record is checked. */
const fieldSchemas = {
  name: segment,
  names: z.array(segment),
  path: relativePath,
  text: z.string(),
  programs: programsSchema,
} satisfies Record<RecordFieldKind, z.ZodType>;

// What every record has. Loose: stored answers ride along, and older records lack newer fields
// (no `arch` before --arch existed), so only the fields commands rely on are typed.
const commonFields = {
  toolchain: toolchainRecordSchema.optional(),
  toolchainPath: z.string().optional(),
  /** Spec file (relative to the project root) -> what was derived, so bump can tell user edits apart. */
  derivedSpecs: specsByFile.optional(),
  specOverlays: specsByFile.optional(),
  /** How the project began: `ostoo new` in an empty directory, or `--into-existing` in a tree. */
  made: z.enum(['new', 'into-existing']).optional(),
  /** What later commands added, in order, with what `ostoo update` needs to plan each again. */
  added: z.array(addedSchema).optional(),
};

/** A flavor's fields (src/flavors/*-entry.ts), each optional, checked by its kind. */
function flavorFields(fields: Readonly<Record<string, RecordFieldKind>>): Record<string, z.ZodOptional> {
  return Object.fromEntries(Object.entries(fields).map(([k, kind]) => [k, fieldSchemas[kind].optional()]));
}

// A record without a flavor, or one of a flavor this ostoo does not know, is read with every
// flavor's fields checked (the commands refuse it, by its flavor, where it matters). Typed as
// it is (the static type of every record).
const anyFlavorSchema = z.looseObject({
  flavor: z.string().optional(),
  /** CAmkES flavors: the app's name. */
  app: segment.optional(),
  /** user-rs: the OS name, target name, architecture, musl source kind and deploy dir. */
  os: segment.optional(),
  target: segment.optional(),
  arch: z.string().optional(),
  muslKind: z.string().optional(),
  deployDir: relativePath.optional(),
  programs: programsSchema.optional(),
  /** Microkit: the .system file, in the system's directory. */
  systemFile: segment.optional(),
  /** CAmkES flavors: the Rust targets whose specs were derived. */
  targets: z.array(segment).optional(),
  ...commonFields,
});

let cached: { count: number; schema: ReturnType<typeof buildFlavorRecordSchema> } | undefined;

/** Each registered flavor's record: its own fields and the common ones, discriminated by `flavor`. */
export function flavorRecordSchema() {
  const count = allFlavorEntries().length;
  if (cached?.count !== count) cached = { count, schema: buildFlavorRecordSchema() };
  return cached.schema;
}

function buildFlavorRecordSchema() {
  const variants = allFlavorEntries().map((e) =>
    z.looseObject({ flavor: z.literal(e.id), ...flavorFields(e.record), ...commonFields }),
  );
  return z.discriminatedUnion('flavor', variants as [(typeof variants)[number], ...typeof variants]);
}

export type ProjectRecord = z.infer<typeof anyFlavorSchema>;
export type ToolchainRecord = z.infer<typeof toolchainRecordSchema>;

export class RecordError extends OstooError {}

/** The toolchain as a record keeps it. */
export function toolchainRecord(
  tc: Pick<Toolchain, 'kind' | 'id' | 'root' | 'versionLine'>,
): Required<ToolchainRecord> {
  return { kind: tc.kind, id: tc.id, root: tc.root, versionLine: tc.versionLine };
}

/** Deeper than any record ostoo writes (a derived spec's nesting) by far; deeper text would overflow the stack. */
const MAX_DEPTH = 100;

/** Whether JSON text nests more than `max` arrays and objects deep (strings skipped). */
function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > max) return true;
    } else if (c === ']' || c === '}') depth--;
  }
  return false;
}

/** The whole .yo-rc.json, parsed; other generators' keys are kept as they are. */
function parseFile(text: string, file: string): Record<string, unknown> {
  if (nestedDeeperThan(text, MAX_DEPTH))
    throw new RecordError(`${file} is nested more than ${MAX_DEPTH} levels deep`, 'fix or remove it first');
  let all: unknown;
  try {
    all = JSON.parse(text);
  } catch {
    throw new RecordError(`${file} is not valid JSON`, 'fix or remove it first');
  }
  if (typeof all !== 'object' || all === null || Array.isArray(all))
    throw new RecordError(`${file} is not a JSON object`, 'fix or remove it first');
  return all as Record<string, unknown>;
}

/** Our entry in a .yo-rc.json text (undefined when it has none); a malformed entry is refused by field. */
export function parseRecord(text: string, file: string): ProjectRecord | undefined {
  const entry = parseFile(text, file)[RECORD_KEY];
  if (entry === undefined) return undefined;
  // By its flavor: a known one's record is checked as that flavor's (its issues, not the union's).
  const flavor = (entry as { flavor?: unknown } | null)?.flavor;
  const known = typeof flavor === 'string' && allFlavorEntries().some((e) => e.id === flavor);
  const res = (known ? flavorRecordSchema() : anyFlavorSchema).safeParse(entry);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    throw new RecordError(
      `${file}: ${fieldPath([RECORD_KEY, ...issue.path])}: ${issue.message}`,
      'fix or remove it first',
    );
  }
  return res.data;
}

/** The most a .yo-rc.json may hold: records are a few KiB (derived specs included). */
const MAX_RECORD_BYTES = 16 << 20;

/** The text of a .yo-rc.json (undefined when there is none): a regular file, bounded. */
export function readRecordText(file: string): string | undefined {
  try {
    return decodeBytes(
      readRegularFile(file, { maxBytes: MAX_RECORD_BYTES, what: 'a project record', hint: 'fix or remove it first' }),
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The record kept in `dir`, if that directory has one. */
export function readRecord(dir: string): ProjectRecord | undefined {
  const file = path.join(dir, RECORD_FILE);
  const text = readRecordText(file);
  return text === undefined ? undefined : parseRecord(text, file);
}

export interface FoundRecord {
  /** The project root: the directory holding the record. */
  root: string;
  file: string;
  record: ProjectRecord;
}

/**
 * The nearest record here or above that `accept` takes (any of ours by default). A .yo-rc.json
 * without our entry (another generator's) is passed over; one that is not JSON is refused,
 * since it may be ours, broken.
 */
export function findRecord(start: string, accept: (r: ProjectRecord) => boolean = () => true): FoundRecord | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const file = path.join(dir, RECORD_FILE);
    const text = readRecordText(file);
    if (text !== undefined) {
      const record = parseRecord(text, file);
      if (record && accept(record)) return { root: dir, file, record };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The .yo-rc.json text with `changes` merged into our entry (other generators' keys stay).
 * Keys set to undefined are dropped. The layout is Yeoman's own (two-space JSON, final newline).
 */
export function recordFileText(existing: string | undefined, changes: ProjectRecord, file = RECORD_FILE): string {
  const all = existing === undefined ? {} : parseFile(existing, file);
  const previous = (all[RECORD_KEY] ?? {}) as ProjectRecord;
  all[RECORD_KEY] = { ...previous, ...changes };
  return `${JSON.stringify(all, null, 2)}\n`;
}

/** The text of `dir`'s .yo-rc.json (as on disk) with `changes` merged in. */
export function updatedRecordText(dir: string, changes: ProjectRecord): string {
  const file = path.join(dir, RECORD_FILE);
  return recordFileText(readRecordText(file), changes, file);
}
