// `yo ostoo:toolchain`: a thin wrapper over the same lock/install/bump core as `ostoo toolchain`,
// with the same options (generators/toolchain/command.ts).
//   yo ostoo:toolchain [--toolchain NAME] [install options]
//   yo ostoo:toolchain --lock --toolchain NAME [lock options]
//   yo ostoo:toolchain --bump DATE|latest [bump options]
import path from 'node:path';
import Generator from 'yeoman-generator';
import { useCommand, resolveAnswers, generatorFeatures } from '../shared/command.js';
import { installToolchain, lockToolchain, resolveLockfile } from '../../src/provision.js';
import { toolchainCommand, toolchainDefinition } from './command.js';

export default class ToolchainGenerator extends Generator {
  constructor(args: string[], options: ConstructorParameters<typeof Generator>[1]) {
    super(args, options, generatorFeatures);
    useCommand(this, toolchainDefinition);
  }

  async provision(): Promise<void> {
    const a = await resolveAnswers(this, toolchainCommand);
    const str = (k: string): string | undefined => (typeof a[k] === 'string' && a[k] ? (a[k] as string) : undefined);
    const list = (k: string): string[] | undefined => (Array.isArray(a[k]) ? (a[k] as string[]).flatMap((s) => s.split(',')).filter(Boolean) : str(k)?.split(','));
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
      });
      this.log(`bumped ${res.oldName} -> ${res.newName} (${res.oldRustc} -> ${res.newRustc})`);
      for (const line of res.report) this.log(`  ${line}`);
      this.log(`  changed: ${res.changedFiles.join(', ')}`);
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
      ...(str('prefix') ? { prefix: at(str('prefix')) } : {}),
      ...(str('host') ? { host: str('host') } : {}),
      ...(a['keep-archives'] === true ? { keepArchives: true } : {}),
      offline: a.offline === true,
      quiet: a.quiet === true,
    });
    if (!a.quiet) this.log(res.alreadyInstalled ? `${res.name} is already installed in ${res.toolchainDir}` : `${res.name} installed in ${res.toolchainDir}`);
  }
}
