// `ostoo sysroot run -- CARGO ARGS…`: the same cargo command, with the prebuilt std for its key
// instead of `-Z build-std`. The command's rustflags, exactly as cargo would have used them,
// get `--sysroot DIR` added (CARGO_ENCODED_RUSTFLAGS, which only target builds see: build
// scripts and proc macros keep the toolchain's own std). A command whose std cannot be
// prebuilt safely runs as written, after a one-line note.
import path from 'node:path';
import { execa } from 'execa';
import { LOCK_FILE } from '../lock/file.js';
import { parseCargoArgs } from './cargo-args.js';
import { cargoContext, NotPrebuildable, type CargoContext } from './context.js';
import { ensureSysroot, type EnsureOptions, type Ensured } from './ensure.js';
import { nearestLockfile, pinnedFetcher, pinSysroot } from './pins.js';
import { print } from '../util/terminal-text.js';

export interface RunOptions extends EnsureOptions {
  /** The lock whose sysroot pins may be fetched (default: the nearest toolchains.lock above the workspace). */
  lockfile?: string;
  distServer?: string;
  offline?: boolean;
  /** Also pin the sysroot in the lock file (its archive goes into the cache, for `toolchain mirror`). */
  pin?: boolean;
}

export interface Prepared {
  ctx: CargoContext;
  ensured: Ensured;
  /** The command to run and its environment. */
  argv: string[];
  env: NodeJS.ProcessEnv;
}

/** The context for `argv`, refusing what a prebuilt std cannot stand in for. */
export async function contextFor(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CargoContext> {
  let args;
  try {
    args = parseCargoArgs(argv);
  } catch (err) {
    throw new NotPrebuildable((err as Error).message);
  }
  if (args.buildStd === undefined) throw new NotPrebuildable('the command has no -Z build-std=CRATES to replace');
  const ctx = await cargoContext(args, cwd, env);
  if (ctx.configBuildStd)
    throw new NotPrebuildable(
      'the cargo config read here sets unstable.build-std, which a command line cannot switch off (run from a directory that does not read it)',
    );
  return ctx;
}

export async function prepare(
  argv: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  opts: RunOptions,
): Promise<Prepared> {
  const ctx = await contextFor(argv, cwd, env);
  const info = opts.info ?? ((l: string) => print(process.stderr, `${l}\n`));
  const lockfile = opts.lockfile ?? nearestLockfile(path.dirname(ctx.rootManifest));
  const { createReporter } = await import('../provisioning/progress.js');
  const reporter = createReporter({});
  let ensured: Ensured;
  try {
    ensured = await ensureSysroot(ctx, {
      ...opts,
      info,
      fetchPinned:
        opts.fetchPinned ??
        pinnedFetcher({
          ...(lockfile ? { lockfile } : {}),
          ...(opts.distServer ? { distServer: opts.distServer } : {}),
          ...(opts.offline ? { offline: true } : {}),
          reporter,
        }),
    });
  } finally {
    reporter.close();
    const { closeDownloadsIfUsed } = await import('../provisioning/verified-fetch.js');
    await closeDownloadsIfUsed();
  }
  if (ensured.how === 'fetched')
    info(`ostoo: fetched the pinned std for ${ctx.request.target.name} into ${ensured.sysroot.dir}`);
  if (opts.pin) {
    const file = opts.lockfile ?? lockfile ?? path.join(path.dirname(ctx.rootManifest), LOCK_FILE);
    const { openCache } = await import('../provisioning/cache.js');
    const { cache } = openCache(opts.cacheDir, opts.cacheWriteDir);
    const pin = await pinSysroot(cache, ensured.sysroot, file);
    info(`ostoo: pinned std ${ensured.sysroot.key} (archive sha256 ${pin.archive.sha256}) in ${file}`);
  }
  return {
    ctx,
    ensured,
    argv: ctx.args.withoutBuildStd,
    env: { ...ctx.env, CARGO_ENCODED_RUSTFLAGS: [...ctx.rustflags, '--sysroot', ensured.sysroot.dir].join('\x1f') },
  };
}

/** Runs cargo with the prebuilt std (or as written, when it cannot have one); resolves to its exit code. */
export async function runWithSysroot(
  argv: readonly string[],
  opts: RunOptions & { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const info = opts.info ?? ((l: string) => print(process.stderr, `${l}\n`));
  let cmd: readonly string[] = argv;
  let cmdEnv = env;
  try {
    const p = await prepare(argv, cwd, env, opts);
    cmd = p.argv;
    cmdEnv = p.env;
  } catch (err) {
    if (!(err instanceof NotPrebuildable)) throw err;
    info(`ostoo: no prebuilt std for this command: ${err.message} — building std from source with -Z build-std`);
  }
  const [program, ...rest] = cmd;
  const res = await execa(program as string, rest, {
    cwd,
    env: cmdEnv,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
  });
  return res.exitCode ?? 1;
}
