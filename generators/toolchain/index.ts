// `yo ostoo:toolchain`: a thin caller of src/actions/toolchain.ts, the layer `ostoo toolchain`
// uses too, with the same options (src/commands/toolchain.ts).
//   yo ostoo:toolchain [--toolchain NAME] [install options]
//   yo ostoo:toolchain --lock --toolchain NAME [lock options]
//   yo ostoo:toolchain --bump DATE|latest [bump options]
//   yo ostoo:toolchain --mirror OUT [--toolchain NAME] [mirror options]   |   yo ostoo:toolchain --gc [gc options]
import Generator from 'yeoman-generator';
import { useCommand, resolveAnswers, generatorFeatures } from '../shared/command.js';
import { toolchainCommand, toolchainDefinition } from '../../src/commands/toolchain.js';
import {
  resolveBump,
  resolveGc,
  resolveInstall,
  resolveLock,
  resolveMirror,
  runBump,
  runGc,
  runInstall,
  runLock,
  runMirror,
  type ActionContext,
  type GeneratorAnswers,
  asSub,
} from '../../src/actions/toolchain.js';
import { OstooError } from '../../src/errors.js';

export default class ToolchainGenerator extends Generator {
  constructor(args: string[], options: ConstructorParameters<typeof Generator>[1]) {
    super(args, options, generatorFeatures);
    useCommand(this, toolchainDefinition);
  }

  async provision(): Promise<void> {
    const a: GeneratorAnswers = await resolveAnswers(this, toolchainCommand);
    const ctx: ActionContext = { cwd: this.destinationRoot(), help: 'yo ostoo:toolchain' };
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
    const name = str(a.toolchain);
    const bump = str(a.bump);
    const mirror = str(a.mirror);
    if (bump) {
      const res = await runBump(resolveBump(bump, asSub(a), ctx).bump);
      this.log(`bumped ${res.oldName} -> ${res.newName} (${res.oldRustc} -> ${res.newRustc})`);
      for (const line of res.report) this.log(`  ${line}`);
      this.log(`  changed: ${res.changedFiles.join(', ')}`);
      return;
    }
    if (mirror) {
      const r = await runMirror(resolveMirror(mirror, name ? [name] : [], asSub(a), ctx).mirror);
      this.log(`mirrored ${r.toolchains.join(', ')} into ${r.out}: ${r.files} files, ${r.skipped} skipped`);
      return;
    }
    if (a.gc) {
      const r = await runGc((await resolveGc(asSub(a), ctx)).gc);
      this.log(`freed ${r.freedBytes} bytes (${r.removed.length} entries removed, ${r.kept} kept)`);
      return;
    }
    if (a.lock) {
      if (!name)
        throw new OstooError(
          '--lock needs --toolchain NAME',
          'name the toolchain to lock, e.g. --toolchain nightly-2026-05-20',
        );
      const res = await runLock(resolveLock(name, asSub(a), ctx).lock);
      for (const n of res.notes) this.log(`note: ${n}`);
      this.log(`locked ${name} (${res.entry.rustc})`);
      return;
    }
    const { install } = await resolveInstall(name, asSub(a), ctx);
    const { res, sysroots } = await runInstall(install);
    if (install.quiet) return;
    this.log(
      res.alreadyInstalled
        ? `${res.name} is already installed in ${res.toolchainDir}`
        : `${res.name} installed in ${res.toolchainDir}`,
    );
    for (const g of sysroots)
      this.log(
        `std for ${g.target} (${g.key.slice(0, 12)}) ${g.how === 'cached' ? 'present' : 'installed'} in ${g.dir}`,
      );
  }
}
