// `yo ostoo:camkes-rust [DIR]` / `ostoo camkes-rust DIR`: adds (or refreshes) the Rust build
// support in an existing CMake CAmkES app (src/camkes-cmake/add-support.ts) and pins the
// chosen toolchain there. Everything is planned first; mem-fs writes only if all succeeded.
import path from 'node:path';
import Generator from 'yeoman-generator';
import { planAddSupport, readApp, type SupportPlan } from '../../src/camkes-cmake/add-support.js';
import { supportRecord } from '../../src/flavors/camkes-cmake.js';
import { RECORD_FILE, updatedRecordText } from '../../src/project/record.js';
import { editRootFor, projectFiles } from '../../src/project/user-files.js';
import { deriveCmakeSpecs, lockfileName } from '../../src/camkes-cmake/support.js';
import type { Toolchain } from '../../src/toolchain/resolve.js';
import { useCommand, resolveAnswers, generatorFeatures } from '../shared/command.js';
import { memFsView } from '../shared/mem-fs-view.js';
import { pickToolchain } from '../shared/pick-toolchain.js';
import { lockProjectForRun, writeInProject } from '../shared/write.js';
import { recordAdded } from '../shared/record-added.js';
import { camkesRustCommand, camkesRustDefinition } from '../../src/commands/camkes-rust.js';

export default class CamkesRustGenerator extends Generator {
  private plan?: SupportPlan;
  private appDir = '';
  private toolchain?: Toolchain;

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    this.argument('dir', { type: String, required: false, description: 'The CMake CAmkES app directory (default: .)' });
    useCommand(this, camkesRustDefinition);
  }

  async prompting(): Promise<void> {
    const answers = await resolveAnswers(this, camkesRustCommand);
    this.appDir = path.resolve(this.env.cwd, String((this.options as { dir?: string }).dir ?? '.'));
    await lockProjectForRun(this, editRootFor(this.appDir, this.env.cwd));
    const app = readApp(this.appDir, memFsView(this)); // cheap refusals before the toolchain is looked at
    const picked = await pickToolchain(answers, (l) => this.log(l));
    this.toolchain = picked.toolchain;
    this.plan = planAddSupport(app, picked.toolchain, await deriveCmakeSpecs(picked.toolchain));
    if (picked.lockText) this.plan.files.set(lockfileName, picked.lockText);
    this.plan.files.set(
      RECORD_FILE,
      updatedRecordText(this.appDir, supportRecord(picked.toolchain, this.plan.derivedSpecs)),
    );
  }

  writing(): void {
    const project = projectFiles(editRootFor(this.appDir, this.env.cwd));
    for (const [file, contents] of this.plan!.files)
      writeInProject(this, project, path.join(this.appDir, file), contents);
    recordAdded(this, this.appDir, { command: 'camkes-rust' });
  }

  end(): void {
    const plan = this.plan!;
    const rel = path.relative(process.cwd(), this.appDir) || '.';
    this.log(
      `Rust support ${plan.refreshed.length ? 'refreshed' : 'added'} in ${rel}/ostoo-rust (${this.toolchain!.versionLine})${plan.cmakeEdited ? '; CMakeLists.txt now includes it' : ''}.`,
    );
  }
}
