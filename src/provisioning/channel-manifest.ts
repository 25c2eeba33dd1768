// Rust dist v2 channel manifests (channel-rust-nightly.toml): parsing with errors that name
// the field, and resolving a component request for a host to downloadable artifacts.
import { z } from 'zod';
import { InvalidDataError, parseTomlAs } from '../util/zod-path.js';
import type { ComponentSpec } from '../lock/toolchain-names.js';
import { COMPRESSIONS, type ArtifactFile, type Compression } from '../lock/schema.js';
import { COMPRESSION_FORMATS } from '../lock/compression.js';
import { OstooError } from '../errors.js';

const componentRef = z.object({ pkg: z.string(), target: z.string() });

const targetSchema = z.object({
  available: z.boolean(),
  url: z.string().optional(),
  hash: z.string().optional(),
  xz_url: z.string().optional(),
  xz_hash: z.string().optional(),
  zst_url: z.string().optional(),
  zst_hash: z.string().optional(),
  components: z.array(componentRef).optional(),
  extensions: z.array(componentRef).optional(),
});
export type ManifestTarget = z.infer<typeof targetSchema>;
/** Every format's manifest keys are in the schema (this does not compile when one is missing). */
type FormatKeys = (typeof COMPRESSION_FORMATS)[Compression]['urlKey' | 'hashKey'];
export type ManifestFormatKeysCovered = Pick<ManifestTarget, FormatKeys>;

const manifestSchema = z.object({
  'manifest-version': z.literal('2', { error: 'expected "2" (only v2 manifests are supported)' }),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  pkg: z.record(z.string(), z.object({ version: z.string(), target: z.record(z.string(), targetSchema) })),
  renames: z.record(z.string(), z.object({ to: z.string() })).default({}),
  profiles: z.record(z.string(), z.array(z.string())).default({}),
});
export type ChannelManifest = z.infer<typeof manifestSchema>;

/** A malformed channel manifest comes from the server (or a mirror made from one). */
const MANIFEST_FIX =
  'the dist server or mirror serves a malformed channel manifest; use another (--dist-server), or check it';

export function parseChannelManifest(text: string, source = 'channel manifest'): ChannelManifest {
  return parseTomlAs(manifestSchema, text, source, MANIFEST_FIX);
}

export function packageVersion(m: ChannelManifest, pkg: string): string {
  const p = m.pkg[pkg];
  if (!p) throw new OstooError(`the ${m.date} channel manifest has no ${pkg} package`, 'lock another date');
  return p.version;
}

export interface ResolvedArtifact {
  component: string;
  target: string;
  requested_as?: string;
  files: Partial<Record<Compression, ArtifactFile>>;
}

export type Resolution = { ok: true; artifact: ResolvedArtifact } | { ok: false; reason: string };

const hex64 = /^[0-9a-f]{64}$/;

function variant(u: string | undefined, h: string | undefined, where: string): ArtifactFile | undefined {
  if (u === undefined && h === undefined) return undefined;
  if (!u || !h || !hex64.test(h))
    throw new InvalidDataError(
      `channel manifest ${where}: url and a sha256 hash must come together`,
      where,
      MANIFEST_FIX,
    );
  return { url: u, sha256: h };
}

/** Resolve one requested component for `host`, following `[renames]`. */
export function resolveComponent(m: ChannelManifest, spec: ComponentSpec, host: string): Resolution {
  const renamed = m.renames[spec.name]?.to;
  const pkgName = renamed ?? spec.name;
  const pkg = m.pkg[pkgName];
  const label = spec.target ? `${spec.name} for ${spec.target}` : spec.name;
  if (!pkg) return { ok: false, reason: `${label} is not in the ${m.date} manifest` };
  const wildcardOnly = Object.keys(pkg.target).length === 1 && '*' in pkg.target;
  const target = wildcardOnly ? '*' : (spec.target ?? host);
  const t = pkg.target[target];
  if (!t) return { ok: false, reason: `${label} has no build for ${target} on ${m.date}` };
  if (!t.available) return { ok: false, reason: `${label} is not available for ${target} on ${m.date}` };
  const where = `pkg.${pkgName}.target.${target === '*' ? '"*"' : target}`;
  const files: Partial<Record<Compression, ArtifactFile>> = {};
  for (const c of COMPRESSIONS) {
    const { urlKey, hashKey } = COMPRESSION_FORMATS[c];
    const f = variant(t[urlKey], t[hashKey], `${where}.${hashKey}`);
    if (f) files[c] = f;
  }
  if (Object.keys(files).length === 0)
    return { ok: false, reason: `${label} is marked available for ${target} on ${m.date} but has no URL` };
  return { ok: true, artifact: { component: pkgName, target, ...(renamed ? { requested_as: spec.name } : {}), files } };
}
