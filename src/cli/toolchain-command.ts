// `ostoo toolchain lock|install|list|verify`. The work is done by src/provision.ts,
// loaded lazily so that `ostoo --help` and a no-op install stay fast.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { OstooError } from '../errors.js';
import { print } from '../util/terminal-text.js';
import { registerBumpCommand } from './bump-command.js';
import { withOptions } from './toolchain-options.js';

interface Common {
  lockfile?: string;
  distServer?: string;
  cache?: string;
  cacheWrite?: string;
  offline?: boolean;
  prefix?: string;
  quiet?: boolean;
  host?: string;
}

/** The toolchain the user-rs workspace around `cwd` pins in its rust-toolchain.toml, if any. */
async function workspacePin(
  cwd: string,
  rows: { name: string; installed: boolean; byOstoo: boolean }[],
): Promise<{ toolchain: string; file: string; state: string } | undefined> {
  const { findWorkspaceDir } = await import('../workspace/detect.js');
  const { readUserText } = await import('../util/user-text.js');
  const { parse } = await import('smol-toml');
  const dir = findWorkspaceDir(cwd);
  if (!dir) return undefined;
  const file = path.join(dir, 'rust-toolchain.toml');
  let data: { toolchain?: { path?: unknown; channel?: unknown } };
  try {
    data = parse(readUserText(file) ?? '') as typeof data;
  } catch {
    return undefined;
  }
  const shown = path.relative(cwd, file) || file;
  const { path: dirPin, channel } = data.toolchain ?? {};
  if (typeof dirPin === 'string')
    return {
      toolchain: dirPin,
      file: shown,
      state: existsSync(path.join(dirPin, 'bin', 'rustc')) ? 'installed (a directory)' : 'not installed (no bin/rustc)',
    };
  if (typeof channel === 'string') {
    const row = rows.find((r) => r.name === channel);
    const state = row?.installed ? `installed${row.byOstoo ? '' : ' (by rustup)'}` : 'not installed';
    return { toolchain: channel, file: shown, state };
  }
  return undefined;
}

function seconds(v: string, option: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`${option}: expected a number of seconds above 0, got '${v}'`);
  return n;
}

export function registerToolchainCommand(program: Command): void {
  const tc = program
    .command('toolchain')
    .description('Pinned Rust toolchains: lock, install, list, verify, bump, mirror, gc (see toolchains.lock)');
  registerBumpCommand(tc);
  registerMirrorAndGc(tc);

  withOptions(tc.command('lock'), 'lock')
    .argument('<name>', 'dated toolchain, e.g. nightly-2026-05-20')
    .description(
      'Fetch dist/DATE/channel-rust-CHANNEL.toml, check it against its .sha256, and write the entry to the lock',
    )
    .action(
      async (
        name: string,
        o: {
          distServer?: string;
          hosts?: string[];
          lockfile: string;
          components?: string[];
          optional?: string[];
          add?: string[];
          remove?: string[];
          manifest?: string;
          sizes: boolean;
        },
      ) => {
        const { lockToolchain } = await import('../provisioning/lock-toolchain.js');
        const res = await lockToolchain({
          name,
          lockfile: path.resolve(o.lockfile),
          ...(o.distServer ? { distServer: o.distServer } : {}),
          ...(o.hosts ? { hosts: o.hosts } : {}),
          ...(o.components ? { required: o.components } : {}),
          ...(o.optional ? { optional: o.optional } : {}),
          ...(o.add ? { add: o.add } : {}),
          ...(o.remove ? { remove: o.remove } : {}),
          ...(o.manifest ? { manifestFile: path.resolve(o.manifest) } : {}),
          ...(o.sizes ? {} : { sizes: false }),
        });
        for (const n of res.notes) print(process.stderr, `note: ${n}\n`);
        const count = Object.values(res.entry.hosts).reduce((n, h) => n + h.artifacts.length, 0);
        print(
          process.stdout,
          `locked ${name} (${res.entry.rustc}): ${count} artifacts for ${Object.keys(res.entry.hosts).join(', ')} in ${o.lockfile}\n`,
        );
      },
    );

  withOptions(tc.command('install'), 'install')
    .argument('[name]', "toolchain to install (default: rust-toolchain.toml's channel, else the lock's only entry)")
    .description(
      'Download, verify and install a pinned toolchain where rustup finds it ($RUSTUP_HOME/toolchains/NAME-HOST)',
    )
    .action(
      async (name: string | undefined, o: Common & { keepArchives?: boolean; timeout?: string; deadline?: string }) => {
        const { installToolchain } = await import('../provisioning/install.js');
        const { toolchainFileChannel } = await import('../lock/file.js');
        const res = await installToolchain({
          ...(name ? { name } : await toolchainNameFromCwd(toolchainFileChannel)),
          ...options(o),
          ...(o.keepArchives ? { keepArchives: true } : {}),
          retry: {
            ...(o.timeout ? { stallTimeoutMs: seconds(o.timeout, '--timeout') * 1000 } : {}),
            ...(o.deadline ? { deadlineMs: seconds(o.deadline, '--deadline') * 1000 } : {}),
          },
        });
        if (!o.quiet) {
          print(
            process.stdout,
            res.alreadyInstalled
              ? `${res.name} is already installed in ${res.toolchainDir}\n`
              : `${res.name} installed in ${res.toolchainDir}\n`,
          );
        }
        await installSysrootsOf(res.name, res.host, o);
      },
    );

  withOptions(tc.command('list'), 'list')
    .description('List pinned toolchains and whether they are installed, and other toolchains ostoo installed')
    .action(async (o: Common) => {
      const { listToolchains } = await import('../provisioning/status.js');
      const rows = await listToolchains(options(o));
      // Inside a user-rs workspace, its own pin comes first (a --toolchain-path pin is in no lock).
      const pin = await workspacePin(process.cwd(), rows);
      if (pin) print(process.stdout, `${pin.toolchain}\tpinned by ${pin.file}\t${pin.state}\n`);
      if (rows.length === 0 && !pin) print(process.stdout, 'no pinned or installed toolchains\n');
      for (const r of rows) {
        const state = r.installed ? `installed${r.byOstoo ? '' : ' (by rustup)'}` : 'not installed';
        print(
          process.stdout,
          `${r.name}\t${r.pinned ? 'pinned' : 'not in the lock'}\t${state}${r.hosts.length ? `\thosts: ${r.hosts.join(' ')}` : ''}\n`,
        );
      }
    });

  withOptions(tc.command('verify'), 'verify')
    .argument('[name]', 'toolchain to verify')
    .description('Re-hash an installed toolchain against the lock')
    .action(async (name: string | undefined, o: Common) => {
      const { verifyToolchain } = await import('../provisioning/status.js');
      const res = await verifyToolchain({ ...(name ? { name } : {}), ...options(o) });
      for (const p of res.problems) print(process.stderr, `${p.component}: ${p.path || '(component)'}: ${p.problem}\n`);
      if (res.problems.length)
        throw new Error(`${res.name} in ${res.dir} does not match the lock (${res.problems.length} problems)`);
      if (!o.quiet) print(process.stdout, `${res.name} in ${res.dir} matches the lock\n`);
    });
}

/** The sysroots the lock pins for the toolchain just installed, fetched verified (when the lock has any). */
async function installSysrootsOf(name: string, host: string, o: Common): Promise<void> {
  const [{ resolveLockfile, readLock }] = await Promise.all([import('../lock/file.js')]);
  const lockfile = resolveLockfile(o.lockfile);
  const lock = await readLock(lockfile);
  const entry = lock.toolchains[name];
  if (!entry || Object.keys(lock.sysroots ?? {}).length === 0) return;
  const { installPinnedSysroots } = await import('../std-sysroot/install.js');
  const got = await installPinnedSysroots({
    lock,
    lockfile,
    host,
    rustc: entry.rustc,
    skipUnavailable: true,
    ...(options(o) as { cacheDir?: string; cacheWriteDir?: string; distServer?: string; offline?: boolean }),
    quiet: o.quiet === true,
  });
  if (!o.quiet)
    for (const g of got)
      process.stdout.write(
        `std for ${g.target} (${g.key.slice(0, 12)}) ${g.how === 'cached' ? 'present' : 'installed'} in ${g.dir}\n`,
      );
}

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

function registerMirrorAndGc(tc: Command): void {
  withOptions(tc.command('mirror'), 'mirror')
    .argument('<out>', 'directory to write the dist tree into (created if missing)')
    .argument('[names...]', 'toolchains to mirror (default: every one in the lock)')
    .description(
      'Write a static dist tree of the locked toolchains (manifests, .sha256, archives) that ostoo and rustup install from',
    )
    .action(
      async (
        out: string,
        names: string[],
        o: { hosts?: string[]; lockfile?: string; distServer?: string; cache?: string; quiet?: boolean },
      ) => {
        const { mirrorToolchains } = await import('../provisioning/mirror-tree.js');
        const r = await mirrorToolchains({
          out,
          names,
          ...(o.hosts ? { hosts: o.hosts } : {}),
          ...(o.lockfile ? { lockfile: path.resolve(o.lockfile) } : {}),
          ...(o.distServer ? { distServer: o.distServer } : {}),
          ...(o.cache ? { cacheDir: path.resolve(o.cache) } : {}),
          quiet: o.quiet === true,
        });
        for (const n of r.synthesized) {
          print(
            process.stderr,
            `note: the lock does not record upstream's manifest bytes for ${n}; its manifest in the mirror lists exactly the locked artifacts\n`,
          );
        }
        const what = [
          ...(r.toolchains.length ? [`${r.toolchains.join(', ')} for ${r.hosts.join(', ')}`] : []),
          ...(r.sysroots.length ? [`${r.sysroots.length} sysroot${r.sysroots.length > 1 ? 's' : ''}`] : []),
        ].join(' and ');
        print(
          process.stdout,
          `mirrored ${what} into ${r.out}: ${r.files} files, ${mib(r.fetchedBytes)} fetched, ${r.skipped} skipped (present and verified, ${mib(r.skippedBytes)})\n`,
        );
      },
    );

  withOptions(tc.command('gc'), 'gc')
    .description('Remove cache entries that no lock in the given lock files references; print the bytes freed')
    .action(async (o: { lockfile?: string[]; cache?: string; dryRun?: boolean }) => {
      const [{ gcCache }, { defaultCacheDir }] = await Promise.all([
        import('../provisioning/gc.js'),
        import('../provisioning/cache.js'),
      ]);
      const lockfiles = o.lockfile?.length ? o.lockfile.map((f) => path.resolve(f)) : await projectLocks();
      const r = await gcCache({
        cacheDir: o.cache ? path.resolve(o.cache) : defaultCacheDir(),
        lockfiles,
        dryRun: o.dryRun === true,
      });
      for (const e of r.removed) print(process.stdout, `${o.dryRun ? 'would remove' : 'removed'} ${e}\n`);
      const shared = r.sharedBytes ? ` (${mib(r.sharedBytes)} more stay in use by installed toolchains)` : '';
      print(
        process.stdout,
        `${o.dryRun ? 'would free' : 'freed'} ${mib(r.freedBytes)} (${r.freedBytes} bytes)${shared}; kept ${r.kept} entries referenced by ${lockfiles.join(', ')}\n`,
      );
    });
}

/**
 * The locks gc keeps when none is given: ./toolchains.lock, else the lock of the project
 * here (its record says where). Never the lock this package ships: the user's own
 * toolchains' cache entries would all go.
 */
async function projectLocks(cwd = process.cwd()): Promise<string[]> {
  const [{ LOCK_FILE }, { findRecord }, { findFlavor }] = await Promise.all([
    import('../lock/file.js'),
    import('../project/record.js'),
    import('../flavors/registry.js'),
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

function options(o: Common): Record<string, unknown> {
  return {
    ...(o.lockfile ? { lockfile: path.resolve(o.lockfile) } : {}),
    ...(o.distServer ? { distServer: o.distServer } : {}),
    ...(o.cache ? { cacheDir: path.resolve(o.cache) } : {}),
    ...(o.cacheWrite ? { cacheWriteDir: path.resolve(o.cacheWrite) } : {}),
    ...(o.offline ? { offline: true } : {}),
    ...(o.prefix ? { prefix: path.resolve(o.prefix) } : {}),
    ...(o.quiet ? { quiet: true } : {}),
    ...(o.host ? { host: o.host } : {}),
  };
}

async function toolchainNameFromCwd(read: (cwd?: string) => Promise<string | undefined>): Promise<{ name?: string }> {
  const channel = await read();
  return channel && /^(nightly|beta|stable)-\d{4}-\d{2}-\d{2}$/.test(channel) ? { name: channel } : {};
}
