// `ostoo toolchain lock|install|list|verify`. The work is done by src/provision.ts,
// loaded lazily so that `ostoo --help` and a no-op install stay fast.
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { registerBumpCommand } from './bump-command.js';

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

interface Common {
  lockfile?: string;
  distServer?: string;
  cache?: string;
  offline?: boolean;
  prefix?: string;
  quiet?: boolean;
  host?: string;
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of seconds above 0, got '${v}'`);
  return n;
}

export function registerToolchainCommand(program: Command): void {
  const tc = program.command('toolchain').description('Pinned Rust toolchains: lock, install, list, verify, bump (see toolchains.lock)');
  registerBumpCommand(tc);

  tc.command('lock')
    .argument('<name>', 'dated toolchain, e.g. nightly-2026-05-20')
    .description('Fetch dist/DATE/channel-rust-CHANNEL.toml, check it against its .sha256, and write the entry to the lock')
    .option('--dist-server <url>', 'dist server (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER, upstream)')
    .option('--hosts <triples>', 'host triples to cover (comma-separated; default: the entry\'s, else 4 Linux/macOS hosts)', list)
    .option('--lockfile <file>', 'lock file to update', 'toolchains.lock')
    .option('--components <list>', 'required components, NAME or NAME@TARGET (replaces the list)', list)
    .option('--optional <list>', 'optional components, skipped with a note when unavailable (replaces the list)', list)
    .option('--add <list>', 'add required components', list)
    .option('--remove <list>', 'remove components', list)
    .option('--manifest <file>', 'lock from this manifest file instead of fetching (its sha256 stays unknown)')
    .option('--no-sizes', 'do not ask the server for artifact sizes')
    .action(async (name: string, o: { distServer?: string; hosts?: string[]; lockfile: string; components?: string[]; optional?: string[]; add?: string[]; remove?: string[]; manifest?: string; sizes: boolean }) => {
      const { lockToolchain } = await import('../lock/lock-toolchain.js');
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
      for (const n of res.notes) process.stderr.write(`note: ${n}\n`);
      const count = Object.values(res.entry.hosts).reduce((n, h) => n + h.artifacts.length, 0);
      process.stdout.write(`locked ${name} (${res.entry.rustc}): ${count} artifacts for ${Object.keys(res.entry.hosts).join(', ')} in ${o.lockfile}\n`);
    });

  tc.command('install')
    .argument('[name]', 'toolchain to install (default: rust-toolchain.toml\'s channel, else the lock\'s only entry)')
    .description('Download, verify and install a pinned toolchain where rustup finds it ($RUSTUP_HOME/toolchains/NAME-HOST)')
    .option('--lockfile <file>', 'lock file (default ./toolchains.lock, else the one ostoo ships)')
    .option('--dist-server <url>', 'dist server or mirror (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER, upstream)')
    .option('--cache <dir>', 'download cache (default $OSTOO_CACHE_DIR, $XDG_CACHE_HOME/ostoo, ~/.cache/ostoo)')
    .option('--offline', 'use only the cache; fail if anything is missing')
    .option('--prefix <dir>', 'install a plain toolchain into DIR instead of rustup\'s layout')
    .option('--host <triple>', 'host triple (default: this machine)')
    .option('--keep-archives', 'also keep the downloaded archives in the cache (for `verify` and re-extraction)')
    .option('--timeout <seconds>', 'a download stalls when it waits this long for an answer or gets under 1 KiB/s for this long (default 30)', seconds)
    .option('--deadline <seconds>', 'total time for each download, retries included (default 1800)', seconds)
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (name: string | undefined, o: Common & { keepArchives?: boolean; timeout?: number; deadline?: number }) => {
      const { installToolchain } = await import('../dist/install.js');
      const { toolchainFileChannel } = await import('../lock/file.js');
      const res = await installToolchain({
        ...(name ? { name } : (await toolchainNameFromCwd(toolchainFileChannel))),
        ...options(o),
        ...(o.keepArchives ? { keepArchives: true } : {}),
        retry: { ...(o.timeout ? { stallTimeoutMs: o.timeout * 1000 } : {}), ...(o.deadline ? { deadlineMs: o.deadline * 1000 } : {}) },
      });
      if (!o.quiet) {
        process.stdout.write(res.alreadyInstalled ? `${res.name} is already installed in ${res.toolchainDir}\n` : `${res.name} installed in ${res.toolchainDir}\n`);
      }
    });

  tc.command('list')
    .description('List pinned toolchains and whether they are installed, and other toolchains ostoo installed')
    .option('--lockfile <file>', 'lock file (default ./toolchains.lock, else the one ostoo ships)')
    .option('--host <triple>', 'host triple (default: this machine)')
    .action(async (o: Common) => {
      const { listToolchains } = await import('../dist/status.js');
      const rows = await listToolchains(options(o));
      if (rows.length === 0) process.stdout.write('no pinned or installed toolchains\n');
      for (const r of rows) {
        const state = r.installed ? `installed${r.byOstoo ? '' : ' (by rustup)'}` : 'not installed';
        process.stdout.write(`${r.name}\t${r.pinned ? 'pinned' : 'not in the lock'}\t${state}${r.hosts.length ? `\thosts: ${r.hosts.join(' ')}` : ''}\n`);
      }
    });

  tc.command('verify')
    .argument('[name]', 'toolchain to verify')
    .description('Re-hash an installed toolchain against the lock')
    .option('--lockfile <file>', 'lock file (default ./toolchains.lock, else the one ostoo ships)')
    .option('--dist-server <url>', 'where to fetch artifacts missing from the cache')
    .option('--cache <dir>', 'download cache')
    .option('--offline', 'use only the cache')
    .option('--prefix <dir>', 'verify a toolchain installed with --prefix DIR')
    .option('--host <triple>', 'host triple (default: this machine)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (name: string | undefined, o: Common) => {
      const { verifyToolchain } = await import('../dist/status.js');
      const res = await verifyToolchain({ ...(name ? { name } : {}), ...options(o) });
      for (const p of res.problems) process.stderr.write(`${p.component}: ${p.path || '(component)'}: ${p.problem}\n`);
      if (res.problems.length) throw new Error(`${res.name} in ${res.dir} does not match the lock (${res.problems.length} problems)`);
      if (!o.quiet) process.stdout.write(`${res.name} in ${res.dir} matches the lock\n`);
    });
}

function options(o: Common): Record<string, unknown> {
  return {
    ...(o.lockfile ? { lockfile: path.resolve(o.lockfile) } : {}),
    ...(o.distServer ? { distServer: o.distServer } : {}),
    ...(o.cache ? { cacheDir: path.resolve(o.cache) } : {}),
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
