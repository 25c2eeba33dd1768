// `ostoo toolchain install`: resolve the host's artifacts from the lock, get each one as a
// verified extracted tree (cache or download), build the complete toolchain in a staging
// directory, then rename it into $RUSTUP_HOME/toolchains/NAME-HOST (or --prefix DIR).
// A killed install leaves only the staging directory, which the next run removes.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import {
  COMPRESSIONS,
  entryLock,
  serializeLock,
  type Compression,
  type LockedArtifact,
  type ToolchainEntry,
} from '../lock/schema.js';
// Only what the already-installed check needs is imported eagerly: undici, node-tar,
// cli-progress and the manifest parser load on demand, keeping a no-op run fast.
import type { FetchContext } from './verified-fetch.js';
import type { RetryOptions } from './download.js';
import { Assembler, componentName, planComponent } from './component.js';
import { resolveDistServer } from './mirror.js';
import { locateToolchain, type LocateOptions } from './locate.js';
import { acquire } from './mutex.js';
import type { Reporter } from './progress.js';
import { configToml, missingComponents, synthesizedManifest, writeRustupMetadata } from './rustup-meta.js';
import { plainFsError } from '../util/errno.js';
import { Rooted } from '../util/rooted.js';
import { makeWorkDir, removeLeftWork } from './work-dirs.js';
import { mapLimit } from '../util/limit.js';
import { OstooError } from '../errors.js';

export interface InstallOptions extends LocateOptions {
  /** Default $OSTOO_CACHE_DIR, else $XDG_CACHE_HOME/ostoo, else ~/.cache/ostoo. */
  cacheDir?: string;
  /** A writable cache for new entries; `cacheDir` is then only read (a shared, read-only cache). */
  cacheWriteDir?: string;
  distServer?: string;
  offline?: boolean;
  quiet?: boolean;
  reporter?: Reporter;
  /** Compression preference (default gz, zst, xz: gz inflates fastest). */
  formats?: readonly Compression[];
  /** Artifacts fetched at once (default 4). */
  jobs?: number;
  /** Keep the downloaded archives in the cache too (the verified extracted trees are always kept). */
  keepArchives?: boolean;
  /** Retries, stall timeout and deadline of each download (defaults in download.ts). */
  retry?: RetryOptions;
}

export interface InstallResult {
  name: string;
  host: string;
  toolchainDir: string;
  alreadyInstalled: boolean;
  components: string[];
}

/** Crash-test hook: OSTOO_TEST_PAUSE_BEFORE_RENAME=ms says "staged" on stderr and waits, so a test can kill us here. */
async function pauseForTests(): Promise<void> {
  const ms = Number(process.env.OSTOO_TEST_PAUSE_BEFORE_RENAME);
  if (!ms) return;
  process.stderr.write('ostoo-test: staged\n');
  await new Promise((r) => setTimeout(r, ms));
}

/** The work directory's tag for a target directory (work-dirs.ts: `<tag>-<pid>-XXXXXX`, with its owner record). */
function stagingTag(target: string): string {
  return `.ostoo-staging-${path.basename(target)}`;
}

/** Where an install works: beside --prefix DIR, else $RUSTUP_HOME/tmp; only ever inside it. */
function workRootOf(dir: string): Rooted {
  return new Rooted(dir, {
    what: 'the install work directory',
    hint: 'ostoo stages a toolchain only inside that directory; remove the link',
  });
}

/** Installed by us or rustup with every locked component: nothing to do. */
async function complete(dir: string, artifacts: readonly LockedArtifact[]): Promise<boolean> {
  if (!existsSync(dir)) return false;
  const missing = await missingComponents(dir, artifacts);
  return missing !== undefined && missing.length === 0;
}

async function channelManifestText(
  ctx: FetchContext,
  entry: ToolchainEntry,
  artifacts: readonly LockedArtifact[],
  host: string,
  name: string,
): Promise<string | Buffer> {
  if (!entry.manifest_sha256) return synthesizedManifest(entry, artifacts, host);
  const { obtainBlob } = await import('./artifact.js');
  const { parseChannelManifest, resolveComponent } = await import('./channel-manifest.js');
  const data = await obtainBlob(ctx, `channel manifest of ${name}`, {
    url: entry.manifest_url,
    sha256: entry.manifest_sha256,
  });
  // The lock and the manifest it names must agree on every artifact.
  const m = parseChannelManifest(data.toString('utf8'), entry.manifest_url);
  for (const a of artifacts) {
    const r = resolveComponent(m, { name: a.component, target: a.target }, host);
    const agrees = r.ok && COMPRESSIONS.every((c) => !a[c] || r.artifact.files[c]?.sha256 === a[c]?.sha256);
    if (!agrees)
      throw new OstooError(
        `the lock's ${componentName(a.component, a.target)} does not match the channel manifest ${entry.manifest_url}`,
        'the mirror serves another manifest than the lock pins; use another (--dist-server), or lock the toolchain again',
      );
  }
  return data;
}

export async function installToolchain(opts: InstallOptions = {}): Promise<InstallResult> {
  try {
    return await installOnce(opts);
  } catch (err) {
    throw plainFsError(err);
  }
}

async function installOnce(opts: InstallOptions = {}): Promise<InstallResult> {
  const { lock, name, entry, host, artifacts, rustupHome, dir: target } = await locateToolchain(opts);
  const result = (alreadyInstalled: boolean): InstallResult => ({
    name,
    host,
    toolchainDir: target,
    alreadyInstalled,
    components: artifacts.map((a) => componentName(a.component, a.target)),
  });
  if (await complete(target, artifacts)) return result(true);

  const [
    { obtainTree },
    { closeDownloadsIfUsed },
    { chooseArchive, PREFERRED_FORMATS, unpackableHere },
    { openCache },
    { createReporter },
  ] = await Promise.all([
    import('./artifact.js'),
    import('./verified-fetch.js'),
    import('./archive-choice.js'),
    import('./cache.js'),
    import('./progress.js'),
  ]);
  const reporter = opts.reporter ?? createReporter({ quiet: opts.quiet ?? false });
  const workRoot = opts.prefix ? path.dirname(target) : path.join(rustupHome, 'tmp');
  await mkdir(workRoot, { recursive: true });
  const held = await acquire(path.join(workRoot, `.ostoo-${path.basename(target)}.lock`), {
    onWait: (pid) => reporter.info(`waiting for another install of ${name} (pid ${pid ?? '?'})`),
  });
  const work = workRootOf(workRoot);
  let workDir: string | undefined;
  try {
    await removeLeftWork(work, '.', stagingTag(target));
    if (await complete(target, artifacts)) return result(true);
    if (existsSync(target)) {
      const missing = await missingComponents(target, artifacts);
      const isEmptyDir = await readdir(target).then(
        (l) => l.length === 0,
        () => false,
      );
      if (isEmptyDir) await rmdir(target);
      else if (missing) {
        throw new OstooError(
          `${target} already holds ${name} without ${missing.join(', ')}`,
          `add them with \`rustup component add --toolchain ${name} ...\` or remove it first`,
        );
      } else
        throw new OstooError(`${target} exists and is not a toolchain installed by ostoo or rustup`, 'remove it first');
    }

    const { cache, note } = openCache(opts.cacheDir, opts.cacheWriteDir);
    if (note) reporter.info(note);
    await cache.cleanStale();
    const ctx: FetchContext = {
      cache,
      server: resolveDistServer(opts.distServer),
      offline: opts.offline ?? false,
      reporter,
      keepArchives: opts.keepArchives ?? false,
      ...(opts.retry ? { retry: opts.retry } : {}),
    };
    const usable = unpackableHere();
    const chosen = artifacts.map((a) => chooseArchive(a, opts.formats ?? PREFERRED_FORMATS, usable));
    const manifestPromise = channelManifestText(ctx, entry, artifacts, host, name);
    manifestPromise.catch(() => {});

    // One work directory holds the staged toolchain and the packages extracted for it.
    workDir = await makeWorkDir(work, '.', stagingTag(target));
    const stagingDir = path.join(workDir, 'toolchain');
    await mkdir(stagingDir);
    // Each component is assembled into staging as soon as its verified tree is ready, so
    // that the small packages' directories and links are made while rustc still unpacks.
    const assembler = new Assembler();
    // Packages that must be extracted go next to staging (same file system), so that their
    // files and directories are moved into it rather than made twice.
    const scratch = (i: number): string => path.join(workDir!, `pkg-${i}`);
    const plans = await mapLimit(chosen, opts.jobs ?? 4, async (c, i) => {
      const a = artifacts[i] as LockedArtifact;
      const got = await obtainTree(ctx, c, scratch(i));
      try {
        const plan = await planComponent(got.tree, a.component, a.target, stagingDir, c.label, got.extracted);
        assembler.apply(plan);
        return plan;
      } finally {
        if (got.extracted) await rm(got.extracted, { recursive: true, force: true });
      }
    });
    const manifest = await manifestPromise;
    await writeRustupMetadata(
      stagingDir,
      plans,
      configToml(artifacts, host),
      manifest,
      serializeLock(entryLock(lock, name)),
    );
    await mkdir(path.dirname(target), { recursive: true });
    await pauseForTests();
    await rename(stagingDir, target);
    reporter.info(`installed ${name} for ${host} in ${target}`);
    return result(false);
  } finally {
    if (workDir) await work.remove(workDir);
    await held.release();
    await closeDownloadsIfUsed();
    if (!opts.reporter) reporter.close();
  }
}
