// `yo ostoo:toolchain`: a thin wrapper over the same lock/install core as `ostoo toolchain`.
//   yo ostoo:toolchain [--toolchain NAME] [--lockfile F] [--server URL] [--cache DIR] [--offline] [--prefix DIR] [--quiet]
//   yo ostoo:toolchain --lock --toolchain NAME [--hosts a,b] [--server URL]
//   yo ostoo:toolchain --mirror OUT [--toolchain NAME] [--hosts a,b]   |   yo ostoo:toolchain --gc [--cache DIR]
import path from 'node:path';
import Generator from 'yeoman-generator';
import { registerOptions, resolveAnswers, type OptionSpec, generatorFeatures } from '../shared/command.js';
import { installToolchain, lockToolchain, resolveLockfile } from '../../src/provision.js';

const table: readonly OptionSpec[] = [
  { name: 'toolchain', type: 'string', description: 'Pinned toolchain, e.g. nightly-2026-05-20 (default: the lock\'s only entry)' },
  { name: 'lockfile', type: 'string', description: 'Lock file (default ./toolchains.lock, else the one ostoo ships)' },
  { name: 'server', type: 'string', description: 'Dist server or mirror (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER, upstream)' },
  { name: 'cache', type: 'string', description: 'Download cache directory' },
  { name: 'cache-write', type: 'string', description: 'Writable cache for new entries; --cache is then only read (a shared, read-only cache)' },
  { name: 'offline', type: 'boolean', description: 'Use only the cache' },
  { name: 'prefix', type: 'string', description: 'Install a plain toolchain into this directory instead of $RUSTUP_HOME' },
  { name: 'quiet', type: 'boolean', description: 'Print nothing but errors' },
  { name: 'lock', type: 'boolean', description: 'Write the lock entry (fetch and check the channel manifest) instead of installing' },
  { name: 'hosts', type: 'array', description: 'With --lock, --bump or --mirror: host triples to cover (--bump default: the workspace lock entry\'s, else this machine\'s)' },
  { name: 'bump', type: 'string', description: 'Re-pin this workspace to nightly DATE (or latest): lock, provision, re-derive the target spec' },
  { name: 'keep', type: 'boolean', description: 'With --bump: keep the old lock entry' },
  { name: 'skip-install', type: 'boolean', description: 'With --bump: do not provision the new toolchain' },
  { name: 'mirror', type: 'string', description: 'Write a static dist tree of the locked toolchains into this directory (as ostoo toolchain mirror)' },
  { name: 'gc', type: 'boolean', description: 'Remove cache entries that the lock file does not reference' },
];

export default class ToolchainGenerator extends Generator {
  constructor(args: string[], options: ConstructorParameters<typeof Generator>[1]) {
    super(args, options, generatorFeatures);
    registerOptions(this, table);
  }

  async provision(): Promise<void> {
    const a = await resolveAnswers(this, table);
    const str = (k: string): string | undefined => (typeof a[k] === 'string' && a[k] ? (a[k] as string) : undefined);
    const at = (p: string | undefined): string | undefined => (p ? path.resolve(this.destinationRoot(), p) : undefined);
    if (str('bump')) {
      const { bumpWorkspace } = await import('../../src/bump/bump.js');
      const res = await bumpWorkspace({
        cwd: this.env.cwd,
        date: str('bump')!,
        keep: a.keep === true,
        skipInstall: a['skip-install'] === true,
        ...(str('server') ? { distServer: str('server') } : {}),
        ...(str('cache') ? { cacheDir: at(str('cache')) } : {}),
        ...(Array.isArray(a.hosts) ? { hosts: a.hosts as string[] } : {}),
      });
      this.log(`bumped ${res.oldName} -> ${res.newName} (${res.oldRustc} -> ${res.newRustc})`);
      for (const line of res.report) this.log(`  ${line}`);
      this.log(`  changed: ${res.changedFiles.join(', ')}`);
      return;
    }
    if (str('mirror')) {
      const { mirrorToolchains } = await import('../../src/dist/mirror-tree.js');
      const r = await mirrorToolchains({
        out: at(str('mirror'))!,
        ...(str('toolchain') ? { names: [str('toolchain')!] } : {}),
        ...(Array.isArray(a.hosts) ? { hosts: a.hosts as string[] } : {}),
        lockfile: resolveLockfile(at(str('lockfile')), this.destinationRoot()),
        ...(str('server') ? { distServer: str('server') } : {}),
        quiet: a.quiet === true,
      });
      this.log(`mirrored ${r.toolchains.join(', ')} into ${r.out}: ${r.files} files, ${r.skipped} skipped`);
      return;
    }
    if (a.gc) {
      const [{ gcCache }, { defaultCacheDir }] = await Promise.all([import('../../src/dist/gc.js'), import('../../src/dist/cache.js')]);
      const r = await gcCache({ cacheDir: at(str('cache')) ?? defaultCacheDir(), lockfiles: [resolveLockfile(at(str('lockfile')), this.destinationRoot())] });
      this.log(`freed ${r.freedBytes} bytes (${r.removed.length} entries removed, ${r.kept} kept)`);
      return;
    }
    if (a.lock) {
      const name = str('toolchain');
      if (!name) throw new Error('--lock needs --toolchain NAME');
      const res = await lockToolchain({
        name,
        lockfile: at(str('lockfile')) ?? this.destinationPath('toolchains.lock'),
        ...(str('server') ? { distServer: str('server') } : {}),
        ...(Array.isArray(a.hosts) ? { hosts: a.hosts } : {}),
      });
      for (const n of res.notes) this.log(`note: ${n}`);
      this.log(`locked ${name} (${res.entry.rustc})`);
      return;
    }
    const res = await installToolchain({
      ...(str('toolchain') ? { name: str('toolchain') } : {}),
      lockfile: resolveLockfile(at(str('lockfile')), this.destinationRoot()),
      ...(str('server') ? { distServer: str('server') } : {}),
      ...(str('cache') ? { cacheDir: at(str('cache')) } : {}),
      ...(str('cache-write') ? { cacheWriteDir: at(str('cache-write')) } : {}),
      ...(str('prefix') ? { prefix: at(str('prefix')) } : {}),
      offline: a.offline === true,
      quiet: a.quiet === true,
    });
    if (!a.quiet) this.log(res.alreadyInstalled ? `${res.name} is already installed in ${res.toolchainDir}` : `${res.name} installed in ${res.toolchainDir}`);
  }
}
