// `yo ostoo:toolchain`: a thin wrapper over the same lock/install/bump core as `ostoo toolchain`,
// with the same options (src/commands/toolchain.ts).
//   yo ostoo:toolchain [--toolchain NAME] [install options]
//   yo ostoo:toolchain --lock --toolchain NAME [lock options]
//   yo ostoo:toolchain --bump DATE|latest [bump options]
//   yo ostoo:toolchain --mirror OUT [--toolchain NAME] [mirror options]   |   yo ostoo:toolchain --gc [gc options]
import path from 'node:path';
import Generator from 'yeoman-generator';
import { useCommand, resolveAnswers, generatorFeatures } from '../shared/command.js';
import { installToolchain, lockToolchain, resolveLockfile } from '../../src/provision.js';
import { toolchainCommand, toolchainDefinition } from '../../src/commands/toolchain.js';

export default class ToolchainGenerator extends Generator {
  constructor(args: string[], options: ConstructorParameters<typeof Generator>[1]) {
    super(args, options, generatorFeatures);
    useCommand(this, toolchainDefinition);
  }

  async provision(): Promise<void> {
    const a = await resolveAnswers(this, toolchainCommand);
    const str = (k: string): string | undefined => (typeof a[k] === 'string' && a[k] ? (a[k] as string) : undefined);
    const list = (k: string): string[] | undefined =>
      Array.isArray(a[k]) ? (a[k] as string[]).flatMap((s) => s.split(',')).filter(Boolean) : str(k)?.split(',');
    const at = (p: string | undefined): string | undefined => (p ? path.resolve(this.destinationRoot(), p) : undefined);
    const distServer = str('dist-server') ?? str('server');
    const server = distServer ? { distServer } : {};
    const cache = str('cache') ? { cacheDir: at(str('cache')) } : {};
    if (str('bump')) {
      const { bumpWorkspace } = await import('../../src/bump/bump.js');
      const res = await bumpWorkspace({
        cwd: this.env.cwd,
        date: str('bump')!,
        keep: a.keep === true,
        skipInstall: a['skip-install'] === true,
        ...server,
        ...cache,
        ...(str('search-days') ? { searchDays: Number(str('search-days')) } : {}),
        ...(list('hosts') ? { hosts: list('hosts') } : {}),
      });
      this.log(`bumped ${res.oldName} -> ${res.newName} (${res.oldRustc} -> ${res.newRustc})`);
      for (const line of res.report) this.log(`  ${line}`);
      this.log(`  changed: ${res.changedFiles.join(', ')}`);
      return;
    }
    if (str('mirror')) {
      const { mirrorToolchains } = await import('../../src/provisioning/mirror-tree.js');
      const r = await mirrorToolchains({
        out: at(str('mirror'))!,
        ...(str('toolchain') ? { names: [str('toolchain')!] } : {}),
        ...(list('hosts') ? { hosts: list('hosts') } : {}),
        lockfile: resolveLockfile(at(str('lockfile')), this.destinationRoot()),
        ...server,
        quiet: a.quiet === true,
      });
      this.log(`mirrored ${r.toolchains.join(', ')} into ${r.out}: ${r.files} files, ${r.skipped} skipped`);
      return;
    }
    if (a.gc) {
      const [{ gcCache }, { defaultCacheDir }] = await Promise.all([
        import('../../src/provisioning/gc.js'),
        import('../../src/provisioning/cache.js'),
      ]);
      const r = await gcCache({
        cacheDir: at(str('cache')) ?? defaultCacheDir(),
        lockfiles: [resolveLockfile(at(str('lockfile')), this.destinationRoot())],
        dryRun: a['dry-run'] === true,
      });
      this.log(`freed ${r.freedBytes} bytes (${r.removed.length} entries removed, ${r.kept} kept)`);
      return;
    }
    if (a.lock) {
      const name = str('toolchain');
      if (!name) throw new Error('--lock needs --toolchain NAME');
      const res = await lockToolchain({
        name,
        lockfile: at(str('lockfile')) ?? this.destinationPath('toolchains.lock'),
        ...server,
        ...(list('hosts') ? { hosts: list('hosts') } : {}),
        ...(list('components') ? { required: list('components') } : {}),
        ...(list('optional') ? { optional: list('optional') } : {}),
        ...(list('add') ? { add: list('add') } : {}),
        ...(list('remove') ? { remove: list('remove') } : {}),
        ...(str('manifest') ? { manifestFile: at(str('manifest')) } : {}),
        ...(a.sizes === false ? { sizes: false } : {}),
      });
      for (const n of res.notes) this.log(`note: ${n}`);
      this.log(`locked ${name} (${res.entry.rustc})`);
      return;
    }
    const res = await installToolchain({
      ...(str('toolchain') ? { name: str('toolchain') } : {}),
      lockfile: resolveLockfile(at(str('lockfile')), this.destinationRoot()),
      ...server,
      ...cache,
      ...(str('cache-write') ? { cacheWriteDir: at(str('cache-write')) } : {}),
      ...(str('prefix') ? { prefix: at(str('prefix')) } : {}),
      ...(str('host') ? { host: str('host') } : {}),
      ...(a['keep-archives'] === true ? { keepArchives: true } : {}),
      retry: {
        ...(str('timeout') ? { stallTimeoutMs: Number(str('timeout')) * 1000 } : {}),
        ...(str('deadline') ? { deadlineMs: Number(str('deadline')) * 1000 } : {}),
      },
      offline: a.offline === true,
      quiet: a.quiet === true,
    });
    if (!a.quiet)
      this.log(
        res.alreadyInstalled
          ? `${res.name} is already installed in ${res.toolchainDir}`
          : `${res.name} installed in ${res.toolchainDir}`,
      );
  }
}
