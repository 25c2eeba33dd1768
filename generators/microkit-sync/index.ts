// `yo ostoo:microkit-sync` / `ostoo microkit-sync`: regenerates the Rust PDs' typed APIs from
// the .system file in the current directory (src/microkit/sync.ts plans it).
import path from 'node:path';
import Generator from 'yeoman-generator';
import { readSystemDir } from '../../src/microkit/add-pd.js';
import { planSync, type SyncPlan } from '../../src/microkit/sync.js';
import { useCommand, resolveAnswers, generatorFeatures } from '../shared/command.js';
import { memFsView } from '../shared/mem-fs-view.js';
import { lockProjectForRun, writeInProject } from '../shared/write.js';
import { editRootFor, projectFiles } from '../../src/project/user-files.js';
import { microkitSyncCommand, microkitSyncDefinition } from '../../src/commands/microkit-sync.js';

export default class MicrokitSyncGenerator extends Generator {
  private plan?: SyncPlan;
  private dir = '';

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    this.argument('dir', { type: String, required: false, description: 'The Microkit system directory (default: .)' });
    useCommand(this, microkitSyncDefinition);
  }

  async prompting(): Promise<void> {
    const answers = await resolveAnswers(this, microkitSyncCommand);
    this.dir = path.resolve(this.contextRoot, String((this.options as Record<string, unknown>).dir ?? '.'));
    await lockProjectForRun(this, editRootFor(this.dir, this.contextRoot));
    this.plan = planSync(readSystemDir(this.dir, answers.system, memFsView(this)));
  }

  writing(): void {
    const project = projectFiles(editRootFor(this.dir, this.contextRoot));
    for (const [file, contents] of this.plan!.files) writeInProject(this, project, path.join(this.dir, file), contents);
  }

  end(): void {
    const { files, pds } = this.plan!;
    this.log(
      files.size
        ? `src/system.rs of ${pds.join(', ')} match the .system file again.`
        : `Already in step: src/system.rs of ${pds.join(', ')} match the .system file.`,
    );
  }
}
