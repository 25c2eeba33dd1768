// The toolchain actions behind `ostoo toolchain <sub>` and `yo ostoo:toolchain`: typed answers
// (the option tables of src/commands/toolchain.ts) become one resolved action, with the lock
// file, dist server, cache directories, limits and the default toolchain name worked out here
// once. Both entry points only turn their own option shapes into answers, call these
// functions and print the results in their own words.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AnswersOf } from '../command/model.js';
import type { toolchainCommand, toolchainOptions } from '../commands/toolchain.js';
import { OstooError } from '../errors.js';
import { LOCK_FILE, readLock, resolveLockfile, toolchainFileChannel } from '../lock/file.js';
import type { BumpOptions, BumpResult } from '../bump/bump.js';
import type { InstallOptions, InstallResult } from '../provisioning/install.js';
import type { LockOptions, LockResult } from '../provisioning/lock-toolchain.js';
import type { MirrorOptions, MirrorResult } from '../provisioning/mirror-tree.js';
import type { InstalledSysroot } from '../std-sysroot/install.js';
import type { ExportOptions, ExportResult } from '../provisioning/export.js';

type Sub = keyof typeof toolchainOptions;
/** The answers of one subcommand, typed from its table; `server` is the generator's old name of --dist-server. */
export type ToolchainAnswers<S extends Sub> = AnswersOf<(typeof toolchainOptions)[S]> & { server?: string };
/**
 * Everything `yo ostoo:toolchain` takes: the union of the subcommands' tables, where one name
 * may be a string for one subcommand and a list for another (--lockfile of install and gc).
 * Each value is read again through str()/list() below, so any subcommand's view of it is sound.
 */
export type GeneratorAnswers = AnswersOf<typeof toolchainCommand>;
export const asSub = <S extends Sub>(a: GeneratorAnswers): ToolchainAnswers<S> => a as ToolchainAnswers<S>;

export interface ActionContext {
  /** Where relative paths, ./toolchains.lock and ./rust-toolchain.toml are looked up. */
  cwd: string;
  /** The command whose --help an option error points to, e.g. `ostoo toolchain install`. */
  help: string;
}

export type ToolchainAction =
  | { kind: 'install'; install: InstallOptions & { lockfile: string } }
  | { kind: 'verify'; verify: InstallOptions & { lockfile: string } }
  | { kind: 'list'; list: { lockfile: string; host?: string } }
  | { kind: 'lock'; lock: LockOptions }
  | { kind: 'bump'; bump: BumpOptions }
  | { kind: 'mirror'; mirror: MirrorOptions & { lockfile: string } }
  | { kind: 'export'; export: ExportOptions }
  | { kind: 'gc'; gc: { cacheDir?: string; lockfiles: string[]; dryRun: boolean } };

/**
 * Test seam: called with each action as it is resolved, before it runs; a test that throws
 * from it stops the command there (nothing has been written yet).
 */
export const actionObserver: { current?: (a: ToolchainAction) => void } = {};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
/** A list option: given as repeated values or comma-separated (commander splits, yo does not). */
const list = (v: unknown): string[] | undefined => {
  const items = Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : undefined;
  return items?.flatMap((s: string) => s.split(',')).filter(Boolean);
};

/** A number of seconds above 0 from an option, in ms. */
export function seconds(v: string, option: string, ctx: ActionContext): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new OstooError(`${option}: expected a number of seconds above 0, got '${v}'`, `see \`${ctx.help} --help\``);
  return n * 1000;
}

function paths(ctx: ActionContext) {
  const at = (p: string | undefined): string | undefined => (p ? path.resolve(ctx.cwd, p) : undefined);
  return {
    at,
    lockfile: (v: unknown): string => resolveLockfile(at(str(v)), ctx.cwd),
  };
}

type Common = ToolchainAnswers<'install'> & ToolchainAnswers<'verify'>;

/** The options install and verify share, resolved. */
function provisioning(a: Common, ctx: ActionContext): InstallOptions & { lockfile: string } {
  const { at, lockfile } = paths(ctx);
  const distServer = str(a['dist-server']) ?? str(a.server);
  return {
    lockfile: lockfile(a.lockfile),
    ...(distServer ? { distServer } : {}),
    ...(str(a.cache) ? { cacheDir: at(str(a.cache)) } : {}),
    ...(str(a['cache-write']) ? { cacheWriteDir: at(str(a['cache-write'])) } : {}),
    ...(a.offline === true ? { offline: true } : {}),
    ...(str(a.prefix) ? { prefix: at(str(a.prefix)) } : {}),
    ...(a.quiet === true ? { quiet: true } : {}),
    ...(str(a.host) ? { host: str(a.host) } : {}),
  };
}

/** A dated toolchain named by ./rust-toolchain.toml's channel: the default to install. */
async function defaultName(cwd: string): Promise<string | undefined> {
  const channel = await toolchainFileChannel(cwd);
  return channel && /^(nightly|beta|stable)-\d{4}-\d{2}-\d{2}$/.test(channel) ? channel : undefined;
}

export async function resolveInstall(name: string | undefined, a: ToolchainAnswers<'install'>, ctx: ActionContext) {
  const timeout = str(a.timeout);
  const deadline = str(a.deadline);
  const picked = name ?? (await defaultName(ctx.cwd));
  return observed({
    kind: 'install',
    install: {
      ...(picked ? { name: picked } : {}),
      ...provisioning(a, ctx),
      ...(a['keep-archives'] === true ? { keepArchives: true } : {}),
      retry: {
        ...(timeout ? { stallTimeoutMs: seconds(timeout, '--timeout', ctx) } : {}),
        ...(deadline ? { deadlineMs: seconds(deadline, '--deadline', ctx) } : {}),
      },
    },
  });
}

export function resolveVerify(name: string | undefined, a: ToolchainAnswers<'verify'>, ctx: ActionContext) {
  return observed({ kind: 'verify', verify: { ...(name ? { name } : {}), ...provisioning(a, ctx) } });
}

export function resolveList(a: ToolchainAnswers<'list'>, ctx: ActionContext) {
  return observed({
    kind: 'list',
    list: { lockfile: paths(ctx).lockfile(a.lockfile), ...(str(a.host) ? { host: str(a.host) } : {}) },
  });
}

export function resolveLock(name: string, a: ToolchainAnswers<'lock'>, ctx: ActionContext) {
  const { at } = paths(ctx);
  const distServer = str(a['dist-server']) ?? str(a.server);
  const hosts = list(a.hosts);
  const required = list(a.components);
  const optional = list(a.optional);
  const add = list(a.add);
  const remove = list(a.remove);
  return observed({
    kind: 'lock',
    lock: {
      name,
      lockfile: at(str(a.lockfile)) ?? path.join(ctx.cwd, LOCK_FILE),
      ...(distServer ? { distServer } : {}),
      ...(hosts ? { hosts } : {}),
      ...(required ? { required } : {}),
      ...(optional ? { optional } : {}),
      ...(add ? { add } : {}),
      ...(remove ? { remove } : {}),
      ...(str(a.manifest) ? { manifestFile: at(str(a.manifest)) } : {}),
      ...(a.sizes === false ? { sizes: false } : {}),
    },
  });
}

export function resolveBump(date: string, a: ToolchainAnswers<'bump'>, ctx: ActionContext) {
  const { at } = paths(ctx);
  const distServer = str(a['dist-server']) ?? str(a.server);
  const hosts = list(a.hosts);
  const days = str(a['search-days']);
  return observed({
    kind: 'bump',
    bump: {
      cwd: ctx.cwd,
      date,
      keep: a.keep === true,
      skipInstall: a['skip-install'] === true,
      ...(distServer ? { distServer } : {}),
      ...(str(a.cache) ? { cacheDir: at(str(a.cache)) } : {}),
      ...(days ? { searchDays: Number(days) } : {}),
      ...(hosts ? { hosts } : {}),
    },
  });
}

export function resolveMirror(
  out: string,
  names: readonly string[],
  a: ToolchainAnswers<'mirror'>,
  ctx: ActionContext,
) {
  const { at, lockfile } = paths(ctx);
  const distServer = str(a['dist-server']) ?? str(a.server);
  const hosts = list(a.hosts);
  return observed({
    kind: 'mirror',
    mirror: {
      out: at(out) as string,
      names: [...names],
      ...(hosts ? { hosts } : {}),
      lockfile: lockfile(a.lockfile),
      ...(distServer ? { distServer } : {}),
      ...(str(a.cache) ? { cacheDir: at(str(a.cache)) } : {}),
      quiet: a.quiet === true,
    },
  });
}

/** NAME: given, else ./rust-toolchain.toml's channel (any channel: it names a rustup toolchain here). */
export async function resolveExport(
  out: string,
  name: string | undefined,
  a: ToolchainAnswers<'export'>,
  ctx: ActionContext,
) {
  const { at } = paths(ctx);
  const components = list(a.components);
  const picked = name ?? (str(a.from) ? undefined : await toolchainFileChannel(ctx.cwd));
  return observed({
    kind: 'export',
    export: {
      out: at(out) as string,
      ...(picked ? { name: picked } : {}),
      ...(str(a.from) ? { from: at(str(a.from)) } : {}),
      ...(components ? { components } : {}),
    },
  });
}

export async function runExport(opts: ExportOptions): Promise<ExportResult> {
  const { exportToolchain } = await import('../provisioning/export.js');
  return exportToolchain(opts);
}

export async function resolveGc(a: ToolchainAnswers<'gc'>, ctx: ActionContext) {
  const { at } = paths(ctx);
  const given = list(a.lockfile);
  return observed({
    kind: 'gc',
    gc: {
      ...(str(a.cache) ? { cacheDir: at(str(a.cache)) } : {}),
      lockfiles: given?.length ? given.map((f) => at(f) as string) : await projectLocks(ctx.cwd),
      dryRun: a['dry-run'] === true,
    },
  });
}

function observed<A extends ToolchainAction>(a: A): A {
  actionObserver.current?.(a);
  return a;
}

/**
 * The locks gc keeps when none is given: ./toolchains.lock, else the lock of the project
 * here (its record says where). Never the lock this package ships: the user's own
 * toolchains' cache entries would all go.
 */
async function projectLocks(cwd: string): Promise<string[]> {
  const [{ findRecord }, { findFlavor }] = await Promise.all([
    import('../project/record.js'),
    import('../flavors/find.js'),
  ]);
  const local = path.join(cwd, LOCK_FILE);
  if (existsSync(local)) return [local];
  const found = findRecord(cwd);
  const flavor = found && (await findFlavor(found.record.flavor));
  const lock = found && flavor && path.join(found.root, flavor.lockFile);
  if (lock && existsSync(lock)) return [lock];
  throw new OstooError(
    `toolchain gc needs the lock files whose toolchains to keep (no ${LOCK_FILE} here${found ? ' or in this project' : ''})`,
    'pass --lockfile F[,G…] (every cache entry none of them references is removed), or run it in a project',
  );
}

/** Installs the toolchain, then the sysroots its lock pins for it; the lock is read once for both. */
export async function runInstall(
  opts: InstallOptions & { lockfile: string },
): Promise<{ res: InstallResult; sysroots: InstalledSysroot[] }> {
  const { installToolchain } = await import('../provisioning/install.js');
  const lock = await readLock(opts.lockfile);
  const res = await installToolchain({ ...opts, lock });
  const entry = lock.toolchains[res.name];
  if (!entry || Object.keys(lock.sysroots ?? {}).length === 0) return { res, sysroots: [] };
  const { installPinnedSysroots } = await import('../std-sysroot/install.js');
  const sysroots = await installPinnedSysroots({
    lock,
    lockfile: opts.lockfile,
    host: res.host,
    rustc: entry.rustc,
    skipUnavailable: true,
    ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    ...(opts.cacheWriteDir ? { cacheWriteDir: opts.cacheWriteDir } : {}),
    ...(opts.distServer ? { distServer: opts.distServer } : {}),
    ...(opts.offline ? { offline: true } : {}),
    quiet: opts.quiet === true,
  });
  return { res, sysroots };
}

export async function runLock(opts: LockOptions): Promise<LockResult> {
  const { lockToolchain } = await import('../provisioning/lock-toolchain.js');
  return lockToolchain(opts);
}

export async function runBump(opts: BumpOptions): Promise<BumpResult> {
  const { bumpWorkspace } = await import('../bump/bump.js');
  return bumpWorkspace(opts);
}

export async function runMirror(opts: MirrorOptions): Promise<MirrorResult> {
  const { mirrorToolchains } = await import('../provisioning/mirror-tree.js');
  return mirrorToolchains(opts);
}

export async function runGc(opts: { cacheDir?: string; lockfiles: string[]; dryRun: boolean }) {
  const [{ gcCache }, { defaultCacheDir }] = await Promise.all([
    import('../provisioning/gc.js'),
    import('../provisioning/cache.js'),
  ]);
  return gcCache({ cacheDir: opts.cacheDir ?? defaultCacheDir(), lockfiles: opts.lockfiles, dryRun: opts.dryRun });
}
