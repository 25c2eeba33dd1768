// `ostoo toolchain mirror OUT`: a static dist tree of the locked toolchains, laid out as
// upstream's (dist/DATE/channel-rust-CHANNEL.toml, its .sha256, the archives), so that any
// static file host, a bucket or a shared directory can serve it, to ostoo and to rustup.
// Every file is streamed into a work directory in OUT/.ostoo-tmp, checked against the lock
// and only then renamed into place; files already present are re-hashed and kept when they
// match. Every path goes through util/rooted.ts: a link in OUT leading out of it is refused.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { rename, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'smol-toml';
import { parseToolchainName } from '../lock/toolchain-names.js';
import { COMPRESSIONS, getEntry, type ArtifactFile, type Lock, type ToolchainEntry } from '../lock/schema.js';
import { mapLimit } from '../util/limit.js';
import { closeDownloads, sha256Hex, streamVerified } from './download.js';
import { onServer, resolveDistServer, UPSTREAM_DIST_SERVER } from './mirror.js';
import { hostArtifacts, loadLock } from './locate.js';
import { makeWorkDir, removeLeftWork } from './work-dirs.js';
import { Rooted } from '../util/rooted.js';
import { createReporter, type Reporter } from './progress.js';
import { OstooError } from '../errors.js';
import { pathToFileURL } from 'node:url';
import { sysrootArchivePath, sysrootArchiveUrl } from '../lock/sysroot-pins.js';
import { lockedManifestTables } from './rustup-meta.js';

export interface MirrorOptions {
  out: string;
  /** Toolchains to mirror (default: every one in the lock). */
  names?: readonly string[];
  /** Hosts to carry (default: every host each entry covers). */
  hosts?: readonly string[];
  lock?: Lock;
  lockfile?: string;
  distServer?: string;
  quiet?: boolean;
  reporter?: Reporter;
  jobs?: number;
  /** The cache whose verified sysroot archives are copied (default: the user's). */
  cacheDir?: string;
}

export interface MirrorResult {
  out: string;
  toolchains: string[];
  hosts: string[];
  /** Archives and manifests in the tree. */
  files: number;
  /** Bytes fetched this run / already present and verified. */
  fetchedBytes: number;
  skipped: number;
  skippedBytes: number;
  /** Names whose manifest was written from the lock (its upstream bytes are unknown). */
  synthesized: string[];
  /** Sysroot archives carried (keys). */
  sysroots: string[];
}

const TMP = '.ostoo-tmp';

/** OUT-relative path of an upstream URL: the path under the dist server, refused if odd. */
export function treePath(url: string): string {
  if (!url.startsWith(`${UPSTREAM_DIST_SERVER}/`))
    throw new OstooError(
      `${url} is not on ${UPSTREAM_DIST_SERVER}; cannot place it in a mirror`,
      'lock the toolchain from the upstream dist server, then mirror it',
    );
  const rel = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, '');
  const parts = rel.split('/');
  if (
    parts[0] !== 'dist' ||
    parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))
  ) {
    throw new OstooError(
      `${url} does not name a file under dist/`,
      'fix that URL in the lock, or lock the toolchain again',
    );
  }
  return rel;
}

/**
 * A v2 channel manifest listing exactly the locked artifacts of `hosts`, with upstream's
 * URLs, for rustup and ostoo, when the lock does not know upstream's bytes.
 */
export function mirrorManifest(entry: ToolchainEntry, hosts: readonly string[]): string {
  const { pkg, renames } = lockedManifestTables(
    entry,
    hosts.map((host) => ({ host, artifacts: entry.hosts[host]?.artifacts ?? [] })),
  );
  const minimal = ['rustc', 'cargo', 'rust-std'];
  const doc = {
    'manifest-version': '2',
    date: entry.date,
    pkg,
    renames,
    profiles: { minimal, default: minimal, complete: minimal },
  };
  return `# Written by ostoo toolchain mirror from toolchains.lock: upstream's manifest bytes are unknown,\n# so this lists only the pinned artifacts of ${hosts.join(', ')}.\n${stringify(doc)}\n`;
}

/** The sha256 of a file, streamed. */
export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

async function presentAndSound(file: string, want: ArtifactFile): Promise<boolean> {
  try {
    const st = await stat(file);
    if (!st.isFile() || (want.size !== undefined && st.size !== want.size)) return false;
  } catch {
    return false;
  }
  return (await hashFile(file)) === want.sha256;
}

function write(out: WriteStream, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
}

interface Planned {
  rel: string;
  file: ArtifactFile;
  label: string;
}

/** Crash-test hook: OSTOO_TEST_MIRROR_PAUSE_MS pauses after each chunk, so a test can kill us mid-file. */
const pauseMs = Number(process.env.OSTOO_TEST_MIRROR_PAUSE_MS) || 0;

export async function mirrorToolchains(opts: MirrorOptions): Promise<MirrorResult> {
  const { lock, source: lockfile } = await loadLock(opts);
  const names = opts.names?.length ? [...opts.names] : Object.keys(lock.toolchains).sort();
  const pins = Object.entries(lock.sysroots ?? {}).filter(
    ([, p]) => !opts.hosts?.length || opts.hosts.includes(p.host),
  );
  if (names.length === 0 && pins.length === 0)
    throw new OstooError(`${lockfile} pins no toolchain to mirror`, 'pin one with `ostoo toolchain lock NAME`');
  const server = resolveDistServer(opts.distServer);
  const out = path.resolve(opts.out);
  const entries = names.map((name) => {
    const entry = getEntry(lock, name, lockfile);
    const hosts = opts.hosts?.length ? [...opts.hosts] : Object.keys(entry.hosts);
    for (const h of hosts) hostArtifacts(entry, name, h);
    return { name, entry, hosts };
  });

  // Every variant (gz, xz, zst) of every artifact: rustup picks its own, ostoo gz.
  const planned = new Map<string, Planned>();
  for (const { name, entry, hosts } of entries) {
    for (const h of hosts) {
      for (const a of hostArtifacts(entry, name, h)) {
        for (const c of COMPRESSIONS) {
          const f = a[c];
          if (!f) continue;
          const rel = treePath(f.url);
          const prev = planned.get(rel);
          if (prev && prev.file.sha256 !== f.sha256)
            throw new OstooError(
              `${rel} is locked with two hashes (${prev.label} and ${name})`,
              'lock one of those toolchains again, or mirror them into separate directories',
            );
          planned.set(rel, { rel, file: f, label: `${name}: ${path.basename(rel)}` });
        }
      }
    }
  }

  const reporter = opts.reporter ?? createReporter({ quiet: opts.quiet ?? false });
  const root = new Rooted(out, {
    what: 'the mirror',
    hint: 'ostoo writes and deletes only inside the mirror directory; remove the link (or give OUT as the directory it leads to)',
  });
  const outIsNew = !existsSync(out);
  let tmp: string | undefined;
  const result: MirrorResult = {
    out,
    toolchains: names,
    hosts: [...new Set(entries.flatMap((e) => e.hosts))],
    files: 0,
    fetchedBytes: 0,
    skipped: 0,
    skippedBytes: 0,
    synthesized: [],
    sysroots: [],
  };
  try {
    // Whatever an interrupted run left in its work directory is incomplete by construction.
    await removeLeftWork(root, TMP, 'mirror');
    const work = await makeWorkDir(root, TMP, 'mirror');
    tmp = work;
    let seq = 0;
    const place = async (rel: string, fill: (tmpFile: string) => Promise<void>): Promise<void> => {
      const t = path.join(work, `${seq++}-${path.basename(rel)}`);
      await fill(t);
      root.mkdirs(path.dirname(rel));
      await rename(t, root.check(rel));
    };

    await mapLimit([...planned.values()], opts.jobs ?? 4, async (p) => {
      const dest = root.check(p.rel);
      result.files++;
      if (await presentAndSound(dest, p.file)) {
        result.skipped++;
        result.skippedBytes += (await stat(dest)).size;
        return;
      }
      await place(p.rel, async (t) => {
        const task = reporter.task(p.label, p.file.size);
        const stream = createWriteStream(t);
        try {
          await streamVerified(
            {
              url: onServer(p.file.url, server),
              sha256: p.file.sha256,
              ...(p.file.size !== undefined ? { size: p.file.size } : {}),
            },
            async (chunk) => {
              await write(stream, chunk);
              result.fetchedBytes += chunk.length;
              if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
            },
            { onProgress: (r, total) => task.update(r, total) },
          );
          await new Promise<void>((resolve, reject) =>
            stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
          );
          task.done();
        } catch (err) {
          stream.destroy();
          throw err;
        }
      });
    });

    // Pinned sysroots: from the cache's verified archive (where `ostoo sysroot run --pin` put
    // it), else from the dist server; checked against the pin either way.
    if (pins.length) {
      const { openCache } = await import('./cache.js');
      const { cache } = openCache(opts.cacheDir);
      for (const [key, pin] of pins) {
        const rel = sysrootArchivePath(key);
        result.files++;
        result.sysroots.push(key);
        const want = { sha256: pin.archive.sha256, size: pin.archive.size };
        if (await presentAndSound(root.check(rel), { url: '', ...want })) {
          result.skipped++;
          result.skippedBytes += pin.archive.size;
          continue;
        }
        const blob = cache.markedBlob(pin.archive.sha256);
        if (!blob && server === UPSTREAM_DIST_SERVER)
          throw new OstooError(
            `the archive of sysroot ${key} is not in the cache ${cache.dir}, and upstream serves no sysroots`,
            'pin it on the machine that built it (`ostoo sysroot run --pin`, or OSTOO_PIN_STD=1 for user-rs) and mirror from its cache (--cache), or give --dist-server',
          );
        await place(rel, async (t) => {
          const stream = createWriteStream(t);
          try {
            await streamVerified(
              { url: blob ? pathToFileURL(blob).href : sysrootArchiveUrl(server, key), ...want },
              async (chunk) => {
                await write(stream, chunk);
                if (!blob) result.fetchedBytes += chunk.length;
              },
            );
            await new Promise<void>((resolve, reject) =>
              stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
            );
          } catch (err) {
            stream.destroy();
            throw err;
          }
        });
      }
    }

    // Manifests last, so that a served tree never names an archive it lacks.
    const latest = new Map<string, { date: string; rel: string; bytes: Buffer | string }>();
    for (const { name, entry, hosts } of entries) {
      const { channel } = parseToolchainName(name);
      const rel = treePath(entry.manifest_url);
      let bytes: Buffer | string;
      if (entry.manifest_sha256) {
        const chunks: Buffer[] = [];
        await streamVerified(
          { url: onServer(entry.manifest_url, server), sha256: entry.manifest_sha256 },
          (c) => void chunks.push(c),
        );
        bytes = Buffer.concat(chunks);
      } else {
        bytes = mirrorManifest(entry, hosts);
        result.synthesized.push(name);
      }
      const sum = `${sha256Hex(bytes)}  ${path.basename(rel)}\n`;
      await place(rel, (t) => writeFile(t, bytes));
      await place(`${rel}.sha256`, (t) => writeFile(t, sum));
      result.files += 2;
      const prev = latest.get(channel);
      if (!prev || prev.date < entry.date)
        latest.set(channel, { date: entry.date, rel: `dist/${path.basename(rel)}`, bytes });
    }
    // The newest locked date of each channel is also the mirror's undated channel (`bump latest`, `rustup install nightly`).
    for (const { rel, bytes } of latest.values()) {
      await place(rel, (t) => writeFile(t, bytes));
      await place(`${rel}.sha256`, (t) => writeFile(t, `${sha256Hex(bytes)}  ${path.basename(rel)}\n`));
    }
    return result;
  } finally {
    // Only incomplete files live here; what was verified is already in place (a re-run resumes).
    if (tmp) await root.remove(tmp);
    await rmdir(path.join(out, TMP)).catch(() => {});
    // A run that failed before placing anything leaves no trace of OUT either.
    if (outIsNew) await rmdir(out).catch(() => {});
    if (!opts.reporter) reporter.close();
    await closeDownloads();
  }
}
