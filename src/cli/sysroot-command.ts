// `ostoo sysroot run|path|key|list|verify`: std built once per key into the cache and shared
// by every build with that key (src/std-sysroot). Loaded lazily, like the toolchain commands.
import path from 'node:path';
import type { Command } from 'commander';
import { OstooError } from '../errors.js';
import { print } from '../util/terminal-text.js';

interface CacheOpts {
  cache?: string;
  cacheWrite?: string;
  lockfile?: string;
  distServer?: string;
  offline?: boolean;
  pin?: boolean;
}

function cacheOptions(cmd: Command): Command {
  return cmd
    .option(
      '--cache <dir>',
      'cache holding the sysroots (default $OSTOO_CACHE_DIR, $XDG_CACHE_HOME/ostoo, ~/.cache/ostoo)',
    )
    .option('--cache-write <dir>', 'writable cache for new sysroots; --cache is then only read');
}

function pinOptions(cmd: Command): Command {
  return cmd
    .option(
      '--lockfile <file>',
      'lock whose sysroot pins to fetch (default: the nearest toolchains.lock above the workspace)',
    )
    .option('--dist-server <url>', 'mirror serving pinned sysroots (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER)')
    .option('--offline', 'never download: use the cache, else build')
    .option(
      '--pin',
      'also pin the sysroot in the lock (its archive goes into the cache, for `ostoo toolchain mirror`)',
    );
}

function ensureOpts(o: CacheOpts): Record<string, unknown> {
  return {
    ...(o.cache ? { cacheDir: path.resolve(o.cache) } : {}),
    ...(o.cacheWrite ? { cacheWriteDir: path.resolve(o.cacheWrite) } : {}),
    ...(o.lockfile ? { lockfile: path.resolve(o.lockfile) } : {}),
    ...(o.distServer ? { distServer: o.distServer } : {}),
    ...(o.offline ? { offline: true } : {}),
    ...(o.pin ? { pin: true } : {}),
  };
}

const CARGO_ARG = [
  '<cargo...>',
  'the cargo command as it would run with -Z build-std, e.g. cargo build --release -Zbuild-std=std,panic_abort',
] as const;

export function registerSysrootCommand(program: Command): void {
  const sr = program
    .command('sysroot')
    .description('std built once per toolchain, target spec and flags, shared by every build with that key');

  pinOptions(cacheOptions(sr.command('run')))
    .description(
      'Run a cargo command that has -Z build-std=CRATES with the prebuilt std for its key instead (built or fetched once); ' +
        'a command whose std cannot be prebuilt runs as written',
    )
    .argument(...CARGO_ARG)
    .passThroughOptions()
    .action(async (cargo: string[], o: CacheOpts) => {
      const { runWithSysroot } = await import('../std-sysroot/run.js');
      process.exitCode = await runWithSysroot(cargo, ensureOpts(o));
    });

  pinOptions(cacheOptions(sr.command('path')))
    .description('Print the prebuilt std for a cargo command (building or fetching it first if needed)')
    .argument(...CARGO_ARG)
    .passThroughOptions()
    .action(async (cargo: string[], o: CacheOpts) => {
      const [{ prepare }, { NotPrebuildable }] = await Promise.all([
        import('../std-sysroot/run.js'),
        import('../std-sysroot/context.js'),
      ]);
      try {
        const p = await prepare(cargo, process.cwd(), process.env, ensureOpts(o));
        print(process.stdout, `${p.ensured.sysroot.dir}\n`);
      } catch (err) {
        if (err instanceof NotPrebuildable)
          throw new OstooError(`no prebuilt std: ${err.message}`, 'build std with -Z build-std');
        throw err;
      }
    });

  sr.command('key')
    .description("Print a cargo command's sysroot key and what it is computed from (builds nothing)")
    .argument(...CARGO_ARG)
    .passThroughOptions()
    .action(async (cargo: string[]) => {
      const [{ contextFor }, { sysrootKey, canonicalJson }] = await Promise.all([
        import('../std-sysroot/run.js'),
        import('../std-sysroot/request.js'),
      ]);
      const ctx = await contextFor(cargo, process.cwd(), process.env);
      print(
        process.stdout,
        `${sysrootKey(ctx.request)}\n${JSON.stringify(JSON.parse(canonicalJson(ctx.request)), null, 2)}\n`,
      );
    });

  cacheOptions(sr.command('install'))
    .description(
      "Fetch every sysroot the lock pins for this host from a mirror, verified (a CI runner's std, built zero times)",
    )
    .option('--lockfile <file>', 'lock file (default ./toolchains.lock, else the nearest above)')
    .option('--dist-server <url>', 'the mirror (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER)')
    .option('--offline', 'use only the cache')
    .option('--host <triple>', 'host triple (default: this machine)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (o: CacheOpts & { host?: string; quiet?: boolean }) => {
      const { installPinnedSysroots } = await import('../std-sysroot/install.js');
      const res = await installPinnedSysroots({
        ...(ensureOpts(o) as { cacheDir?: string; cacheWriteDir?: string; distServer?: string; offline?: boolean }),
        ...(o.lockfile ? { lockfile: path.resolve(o.lockfile) } : {}),
        ...(o.host ? { host: o.host } : {}),
        quiet: o.quiet === true,
      });
      if (!o.quiet)
        for (const r of res)
          print(process.stdout, `${r.how === 'cached' ? 'present' : 'installed'}\t${r.key}\t${r.target}\t${r.dir}\n`);
    });

  cacheOptions(sr.command('list'))
    .description('List the prebuilt sysroots in the cache')
    .action(async (o: CacheOpts) => {
      const { listSysroots } = await import('../std-sysroot/list.js');
      const rows = await listSysroots(ensureOpts(o));
      if (rows.length === 0) print(process.stdout, 'no prebuilt sysroots\n');
      for (const r of rows)
        print(
          process.stdout,
          `${r.key}\t${r.target}\t${r.toolchain}\t${(r.bytes / 1048576).toFixed(1)} MiB\t${r.dir}\n`,
        );
    });

  cacheOptions(sr.command('verify'))
    .description('Re-hash every file of the cached sysroots (or of KEY...) against their manifests')
    .argument('[keys...]', 'sysroot keys (default: all)')
    .action(async (keys: string[], o: CacheOpts) => {
      const { verifySysroots } = await import('../std-sysroot/list.js');
      const res = await verifySysroots({ ...ensureOpts(o), keys });
      for (const r of res) print(process.stdout, `${r.key}\t${r.ok ? 'ok' : `FAIL: ${r.why}`}\t${r.dir}\n`);
      if (res.some((r) => !r.ok)) process.exitCode = 1;
    });
}
