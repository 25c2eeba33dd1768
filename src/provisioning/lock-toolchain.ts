// Building a lock entry from a channel manifest, and `ostoo toolchain lock`: fetch the
// manifest, check it against its .sha256, resolve the components per host, write the entry.
import { readLockOrEmpty, writeLock } from '../lock/file.js';
import {
  DEFAULT_HOSTS,
  DEFAULT_OPTIONAL,
  DEFAULT_REQUIRED,
  formatComponentSpec,
  parseComponentSpec,
  parseToolchainName,
} from '../lock/toolchain-names.js';
import {
  COMPRESSIONS,
  withEntry,
  type HostEntry,
  type Lock,
  type LockedArtifact,
  type ToolchainEntry,
} from '../lock/schema.js';
import { mapLimit } from '../util/limit.js';
import { readRegularFile } from '../util/regular-file.js';
import { fetchChannelManifest } from './channel-fetch.js';
import { parseChannelManifest, packageVersion, resolveComponent, type ChannelManifest } from './channel-manifest.js';
import { closeDownloads, fetchSize } from './download.js';
import { canonical, channelManifestUrl, onServer, resolveDistServer, UPSTREAM_DIST_SERVER } from './mirror.js';
import { OstooError } from '../errors.js';

export interface EntryRequest {
  hosts: readonly string[];
  required: readonly string[];
  optional: readonly string[];
  /** Canonical (upstream) URL of the manifest. */
  manifestUrl: string;
  manifestSha256: string | null;
  /** Maps a manifest URL to the one recorded (default: unchanged). */
  recordUrl?: (url: string) => string;
}

/** Pure: the lock entry for `name` from its manifest. Required components missing → error. */
export function buildEntry(
  manifest: ChannelManifest,
  name: string,
  req: EntryRequest,
): { entry: ToolchainEntry; notes: string[] } {
  const { channel, date } = parseToolchainName(name);
  if (manifest.date !== date)
    throw new OstooError(
      `the channel manifest is dated ${manifest.date}, not ${date}`,
      'the dist server serves another day under that name; check --dist-server or --manifest',
    );
  const record = req.recordUrl ?? ((u: string) => u);
  const notes: string[] = [];
  const hosts: Record<string, HostEntry> = {};
  const wanted = [
    ...req.required.map((s) => ({ spec: parseComponentSpec(s), required: true })),
    ...req.optional.map((s) => ({ spec: parseComponentSpec(s), required: false })),
  ];
  for (const host of req.hosts) {
    const artifacts: LockedArtifact[] = [];
    const hostNotes: string[] = [];
    for (const { spec, required } of wanted) {
      const r = resolveComponent(manifest, spec, host);
      if (!r.ok) {
        if (required)
          throw new OstooError(
            `cannot lock ${name} for ${host}: ${r.reason}`,
            'lock another date (`ostoo toolchain bump` finds one), or list that component under --optional',
          );
        hostNotes.push(`skipped optional ${formatComponentSpec(spec)}: ${r.reason}`);
        continue;
      }
      const a = r.artifact;
      const existing = artifacts.find((x) => x.component === a.component && x.target === a.target);
      if (existing) {
        existing.required ||= required;
        continue;
      }
      const locked: LockedArtifact = { component: a.component, target: a.target, required };
      if (a.requested_as) locked.requested_as = a.requested_as;
      for (const c of COMPRESSIONS) {
        const f = a.files[c];
        if (f) locked[c] = { url: record(f.url), sha256: f.sha256 };
      }
      artifacts.push(locked);
    }
    hosts[host] = { artifacts, notes: hostNotes };
    notes.push(...hostNotes.map((n) => `${host}: ${n}`));
  }
  const entry: ToolchainEntry = {
    channel,
    date,
    rustc: packageVersion(manifest, 'rustc'),
    cargo: packageVersion(manifest, 'cargo'),
    manifest_url: req.manifestUrl,
    manifest_sha256: req.manifestSha256,
    required: [...req.required],
    optional: [...req.optional],
    hosts,
  };
  return { entry, notes };
}

export interface LockOptions {
  name: string;
  lockfile: string;
  distServer?: string;
  /** Lock from this manifest file instead of fetching (its sha256 is recorded as unknown). */
  manifestFile?: string;
  hosts?: readonly string[];
  /** Replace the required / optional component lists. */
  required?: readonly string[];
  optional?: readonly string[];
  /** Add to the required list / remove from either list. */
  add?: readonly string[];
  remove?: readonly string[];
  /** Ask the server for artifact sizes (HEAD); default true when fetching. */
  sizes?: boolean;
  /** Keep other entries of the lock (default true). */
  keep?: boolean;
  /** Do not write; just return the new lock. */
  dryRun?: boolean;
}

export interface LockResult {
  lock: Lock;
  entry: ToolchainEntry;
  notes: string[];
  manifest: ChannelManifest;
}

function componentLists(
  opts: LockOptions,
  previous: ToolchainEntry | undefined,
): { required: string[]; optional: string[] } {
  let required = [...(opts.required ?? previous?.required ?? DEFAULT_REQUIRED)];
  let optional = [...(opts.optional ?? previous?.optional ?? DEFAULT_OPTIONAL)];
  for (const s of opts.add ?? []) {
    const spec = formatComponentSpec(parseComponentSpec(s));
    optional = optional.filter((x) => x !== spec);
    if (!required.includes(spec)) required.push(spec);
  }
  const removed = new Set((opts.remove ?? []).map((s) => formatComponentSpec(parseComponentSpec(s))));
  required = required.filter((x) => !removed.has(x));
  optional = optional.filter((x) => !removed.has(x));
  for (const s of [...required, ...optional]) parseComponentSpec(s);
  return { required, optional };
}

export async function lockToolchain(opts: LockOptions): Promise<LockResult> {
  const { channel, date } = parseToolchainName(opts.name);
  const lock = await readLockOrEmpty(opts.lockfile);
  const previous = lock.toolchains[opts.name];
  const { required, optional } = componentLists(opts, previous);
  const hosts = [...(opts.hosts ?? (previous ? Object.keys(previous.hosts) : DEFAULT_HOSTS))];
  const server = resolveDistServer(opts.distServer);
  const manifestUrl = channelManifestUrl(UPSTREAM_DIST_SERVER, channel, date);
  try {
    let text: string;
    let manifestSha256: string | null = null;
    if (opts.manifestFile) {
      // A file the user names: a regular one only, bounded (real manifests are about 1 MiB).
      text = readRegularFile(opts.manifestFile, {
        maxBytes: 64 << 20,
        what: 'a channel manifest',
        hint: 'pass a channel manifest (channel-rust-nightly.toml) with --manifest',
      }).toString('utf8');
    } else {
      const fetched = await fetchChannelManifest(server, channel, date);
      text = fetched.text;
      manifestSha256 = fetched.sha256;
    }
    const manifest = parseChannelManifest(text, opts.manifestFile ?? channelManifestUrl(server, channel, date));
    const { entry, notes } = buildEntry(manifest, opts.name, {
      hosts,
      required,
      optional,
      manifestUrl,
      manifestSha256,
      recordUrl: (u) => canonical(u, server),
    });
    if (opts.sizes ?? !opts.manifestFile) await addSizes(entry, server);
    const next = withEntry(lock, opts.name, entry, opts.keep ?? true);
    if (!opts.dryRun) await writeLock(opts.lockfile, next);
    return { lock: next, entry, notes, manifest };
  } finally {
    await closeDownloads();
  }
}

async function addSizes(entry: ToolchainEntry, server: string): Promise<void> {
  const files = Object.values(entry.hosts).flatMap((h) =>
    h.artifacts.flatMap((a) => COMPRESSIONS.flatMap((c) => (a[c] ? [a[c]] : []))),
  );
  const sizes = new Map<string, number | undefined>();
  const urls = [...new Set(files.map((f) => f.url))];
  await mapLimit(urls, 8, async (u) => {
    sizes.set(u, await fetchSize(onServer(u, server)));
  });
  for (const f of files) {
    const size = sizes.get(f.url);
    if (size !== undefined) f.size = size;
  }
}
