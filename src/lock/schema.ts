// toolchains.lock: the zod schema, a parser whose errors name the bad field, and a
// deterministic TOML serializer (fixed key order, sorted toolchains and hosts) so that
// relocking from the same manifest gives a byte-identical file and diffs stay readable.
import { z } from 'zod';
import { InvalidDataError, parseTomlAs } from '../util/zod-path.js';
import { serializePins, sysrootPins } from './sysroot-pins.js';
import { CHANNELS, tripleRe } from './toolchain-names.js';
import { OstooError } from '../errors.js';

export const LOCK_VERSION = 1;
export const COMPRESSIONS = ['gz', 'xz', 'zst'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** Lock files larger than this are refused before parsing (the shipped one is about 13 KB). */
export const MAX_LOCK_BYTES = 4 << 20;

// No NUL or other control characters in any string: they end C strings and hide in terminals.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const text = z.string().regex(/^[^\u0000-\u001f\u007f]*$/, 'contains a NUL or another control character');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');
const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).pipe(text);
/** A real calendar date: 2026-13-45 matches the pattern but is no day. */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isNaN(t) ? !/^\d{4}-\d{2}-\d{2}$/.test(d) : new Date(t).toISOString().slice(0, 10) === d;
  }, 'not a calendar date');
const triple = z
  .string()
  .regex(tripleRe, 'expected a target triple')
  .refine((t) => !t.includes('..'), "must not contain '..'");
/** Component names become file names (manifest-NAME, cache keys): one safe path segment. */
const componentName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/, "expected a component name (letters, digits, '_', '.', '+', '-'; no '/')")
  .refine((n) => !n.includes('..'), "must not contain '..'");

const artifactFile = z.strictObject({
  url,
  sha256,
  /** Bytes; absent when the lock was made without asking the server. */
  size: z.number().int().nonnegative().optional(),
});
export type ArtifactFile = z.infer<typeof artifactFile>;

const artifact = z
  .strictObject({
    /** The package name in the channel manifest, after `[renames]` (e.g. `llvm-tools-preview`). */
    component: componentName,
    /** A triple, or `*` for target-independent packages such as rust-src. */
    target: z.union([triple, z.literal('*')]),
    /** The name the user asked for when a rename applied (e.g. `llvm-tools`). */
    requested_as: componentName.optional(),
    required: z.boolean(),
    gz: artifactFile.optional(),
    xz: artifactFile.optional(),
    zst: artifactFile.optional(),
  })
  .refine((a) => a.gz || a.xz || a.zst, { message: 'an artifact needs at least one of gz, xz, zst' });
export type LockedArtifact = z.infer<typeof artifact>;

const host = z.strictObject({
  artifacts: z
    .array(artifact)
    .min(1)
    .superRefine((arts, ctx) => {
      const seen = new Map<string, number>();
      arts.forEach((a, i) => {
        const key = `${a.component}@${a.target}`;
        const first = seen.get(key);
        if (first !== undefined)
          ctx.addIssue({ code: 'custom', path: [i], message: `duplicates artifacts[${first}] (${key})` });
        else seen.set(key, i);
      });
    }),
  notes: z.array(text).default([]),
});
export type HostEntry = z.infer<typeof host>;

const spec = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*(@([a-z0-9_.-]+|\*))?$/, 'expected NAME or NAME@TARGET')
  .refine((s) => !s.includes('..'), "must not contain '..'");

const entry = z
  .strictObject({
    channel: z.enum(CHANNELS),
    date,
    rustc: text.min(1),
    cargo: text.min(1),
    manifest_url: url,
    /** null: unknown (e.g. locked from rustup's re-serialized copy); a relock from a server records it. */
    manifest_sha256: sha256.nullable().default(null),
    required: z.array(spec),
    optional: z.array(spec).default([]),
    hosts: z.record(triple, host).refine((h) => Object.keys(h).length > 0, { message: 'at least one host is needed' }),
  })
  .superRefine((e, ctx) => {
    // Every artifact comes from the lock's own dist server; a mirror replaces that one prefix.
    const origin = new URL(e.manifest_url).origin;
    for (const [h, entry] of Object.entries(e.hosts)) {
      entry.artifacts.forEach((a, i) => {
        for (const c of COMPRESSIONS) {
          const f = a[c];
          if (f && new URL(f.url).origin !== origin) {
            ctx.addIssue({
              code: 'custom',
              path: ['hosts', h, 'artifacts', i, c, 'url'],
              message: `${f.url} is not on the lock's dist server ${origin}`,
            });
          }
        }
      });
    }
  });
export type ToolchainEntry = z.infer<typeof entry>;

const lockSchema = z.strictObject({
  version: z.literal(LOCK_VERSION, { error: `expected format version ${LOCK_VERSION}` }),
  toolchains: z
    .record(
      z.string().regex(/^(nightly|beta|stable)-\d{4}-\d{2}-\d{2}$/, 'expected a name like nightly-2026-05-20'),
      entry,
    )
    .default({}),
  /** Prebuilt std sysroots by key (src/lock/sysroot-pins.ts). */
  sysroots: sysrootPins.default({}),
});
type ParsedLock = z.infer<typeof lockSchema>;
/** A lock; `sysroots` may be left out when building one in code (it reads as none). */
export type Lock = Omit<ParsedLock, 'sysroots'> & { sysroots?: ParsedLock['sysroots'] };

export function emptyLock(): Lock {
  return { version: LOCK_VERSION, toolchains: {}, sysroots: {} };
}

/** What to do about a lock that does not parse. */
const LOCK_FIX = 'fix that field by hand, or write the entry again with `ostoo toolchain lock NAME`';

/** Parse lock text; `source` names the file in errors. */
export function parseLock(text: string, source = 'toolchains.lock'): Lock {
  if (text.length > MAX_LOCK_BYTES)
    throw new InvalidDataError(
      `${source} is larger than ${MAX_LOCK_BYTES >> 20} MiB: not a lock file`,
      '(size)',
      'pass a toolchains.lock file with --lockfile',
    );
  const lock = parseTomlAs(lockSchema, text, source, LOCK_FIX);
  for (const [name, e] of Object.entries(lock.toolchains)) {
    if (name !== `${e.channel}-${e.date}`) {
      throw new InvalidDataError(
        `${source} is invalid:\n  toolchains.${name}: channel and date say ${e.channel}-${e.date}`,
        `toolchains.${name}`,
        LOCK_FIX,
      );
    }
  }
  return lock;
}

// ---- serializer ----

function str(s: string): string {
  // A JSON string literal is a valid TOML basic string.
  return JSON.stringify(s);
}

function key(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : str(k);
}

function inlineFile(f: ArtifactFile): string {
  const parts = [`url = ${str(f.url)}`, `sha256 = ${str(f.sha256)}`];
  if (f.size !== undefined) parts.push(`size = ${f.size}`);
  return `{ ${parts.join(', ')} }`;
}

function strArray(a: readonly string[]): string {
  return `[${a.map(str).join(', ')}]`;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serializeEntry(name: string, e: ToolchainEntry): string {
  const t = `toolchains.${key(name)}`;
  const out: string[] = [
    `[${t}]`,
    `channel = ${str(e.channel)}`,
    `date = ${str(e.date)}`,
    `rustc = ${str(e.rustc)}`,
    `cargo = ${str(e.cargo)}`,
    `required = ${strArray(e.required)}`,
    `optional = ${strArray(e.optional)}`,
    `manifest_url = ${str(e.manifest_url)}`,
  ];
  if (e.manifest_sha256) out.push(`manifest_sha256 = ${str(e.manifest_sha256)}`);
  else out.push("# manifest_sha256 unknown: locked from a copy of the manifest, not the server's bytes");
  for (const h of Object.keys(e.hosts).sort(byCodeUnit)) {
    const hostEntry = e.hosts[h] as HostEntry;
    out.push('', `[${t}.hosts.${key(h)}]`, `notes = ${strArray(hostEntry.notes)}`);
    for (const a of hostEntry.artifacts) {
      out.push(
        '',
        `[[${t}.hosts.${key(h)}.artifacts]]`,
        `component = ${str(a.component)}`,
        `target = ${str(a.target)}`,
      );
      if (a.requested_as) out.push(`requested_as = ${str(a.requested_as)}`);
      out.push(`required = ${a.required}`);
      for (const c of COMPRESSIONS) {
        const f = a[c];
        if (f) out.push(`${c} = ${inlineFile(f)}`);
      }
    }
  }
  return out.join('\n');
}

export function serializeLock(lock: Lock): string {
  const head = [
    '# toolchains.lock: Rust toolchains pinned by sha256. Written by `ostoo toolchain lock`;',
    '# `ostoo toolchain install` verifies every artifact against it before installing.',
    `version = ${lock.version}`,
  ].join('\n');
  const names = Object.keys(lock.toolchains).sort(byCodeUnit);
  const body = names.map((n) => serializeEntry(n, lock.toolchains[n] as ToolchainEntry));
  return [head, ...body, ...serializePins(lock.sysroots ?? {}, str)].join('\n\n') + '\n';
}

// ---- helpers the CLI, the generators and `toolchain bump` share ----

export function getEntry(lock: Lock, name: string, source = 'toolchains.lock'): ToolchainEntry {
  const e = lock.toolchains[name];
  if (!e) {
    const known = Object.keys(lock.toolchains);
    throw new OstooError(
      `${source} pins no toolchain "${name}"${known.length ? ` (it pins ${known.join(', ')})` : ''}`,
      `name one it pins, or pin it with \`ostoo toolchain lock ${name}\``,
    );
  }
  return e;
}

/** A new lock holding just one toolchain's entry: the copy a generated workspace gets. */
export function entryLock(lock: Lock, name: string): Lock {
  return { version: LOCK_VERSION, toolchains: { [name]: getEntry(lock, name) }, sysroots: {} };
}

/** A new lock with `name` set to `e` (added or replaced); `keep: false` drops every other entry. */
export function withEntry(lock: Lock, name: string, e: ToolchainEntry, keep = true): Lock {
  return {
    version: LOCK_VERSION,
    toolchains: { ...(keep ? lock.toolchains : {}), [name]: e },
    sysroots: lock.sysroots ?? {},
  };
}
