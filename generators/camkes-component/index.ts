// `yo ostoo:camkes-component NAME [--app DIR]`: adds a Rust component to a CAmkES app. The
// core (src/camkes/add-component.ts, src/camkes-cmake/add-component.ts) plans every new file
// and edit, reading the tree through mem-fs; nothing reaches the disk unless the whole plan
// succeeded, and then only through mem-fs.
import { existsSync, type Stats } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { findTool } from '../../src/camkes/bindings.js';
import { planAddComponent, type AddComponentPlan, type PickSupportToolchain } from '../../src/camkes/add-component.js';
import { useCommand, resolveAnswers, type AnswersOf, generatorFeatures } from '../shared/command.js';
import { memFsView } from '../shared/mem-fs-view.js';
import { camkesComponentCommand, camkesComponentDefinition } from './command.js';
import { isCmakeApp } from '../../src/camkes-cmake/add-support.js';
import { planAddCmakeComponent } from '../../src/camkes-cmake/add-component.js';
import { supportRecord } from '../../src/flavors/camkes-cmake.js';
import { loadFlavors } from '../../src/flavors/registry.js';
import { findRecord, RECORD_FILE, updatedRecordText, type ProjectRecord } from '../../src/project/record.js';
import { deriveCmakeSpecs, lockfileName } from '../../src/camkes-cmake/support.js';
import type { Toolchain } from '../../src/toolchain/resolve.js';
import { pickToolchain } from '../shared/pick-toolchain.js';
import type { FileView } from '../../src/util/file-view.js';
import { deriveSel4Specs } from '../../src/target-spec/sel4-spec.js';
import { writeForced } from '../shared/write.js';

/** The nearest project (here or above) whose flavor says which CAmkES app components go in. */
async function findCamkesProject(from: string): Promise<{ root: string; app: string } | undefined> {
  const flavors = await loadFlavors();
  const appOf = (record: ProjectRecord) => flavors.find((f) => f.id === record.flavor)?.componentApp?.(record);
  const found = findRecord(from, (r) => appOf(r) !== undefined);
  return found && { root: found.root, app: appOf(found.record)! };
}

/** --uses / --connect: repeatable, and each may be comma-separated. */
const list = (v: unknown) =>
  (Array.isArray(v) ? v : v ? [v] : [])
    .flatMap((s) => String(s).split(','))
    .map((s) => s.trim())
    .filter(Boolean);

export default class CamkesComponentGenerator extends Generator {
  private answers: AnswersOf<typeof camkesComponentCommand> = {};
  private plan?: AddComponentPlan;
  private appDir = '';
  /** The lock entry of a pinned toolchain the Kbuild support was added with. */
  private supportLock?: string;

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    this.argument('name', { type: String, required: true, description: 'Component (and crate) name' });
    useCommand(this, camkesComponentDefinition);
  }

  async prompting(): Promise<void> {
    const opts = this.options as Record<string, unknown>;
    // --app is relative to where the user is. Without it, a camkes project made by
    // `yo ostoo` (its .yo-rc.json, here or above) knows its app.
    let base = this.contextRoot;
    if (opts.app === undefined) {
      const project = await findCamkesProject(this.contextRoot);
      if (project) {
        opts.app = project.app;
        base = project.root;
      }
    }
    this.answers = await resolveAnswers(this, camkesComponentCommand);
    this.appDir = path.resolve(base, String(this.answers.app ?? '.'));
    // Reads see what mem-fs holds, pending writes included; a refusal has written nothing.
    const view = memFsView(this);
    if (isCmakeApp(this.appDir, view)) return this._planCmake(view);
    // A Kbuild checkout without tools/rust/ gets it, pinned to this toolchain.
    const pickSupport: PickSupportToolchain = async () => {
      const p = await pickToolchain(this.answers, (l) => this.log(l));
      this.supportLock = p.lockText;
      const specs = await deriveSel4Specs(p.toolchain);
      return { toolchain: p.toolchain, specs: new Map([...specs].map(([info, spec]) => [info.target, spec])) };
    };
    this.plan = await planAddComponent(
      this.appDir,
      {
        name: String(opts.name),
        ...(this.answers.instance ? { instance: String(this.answers.instance) } : {}),
        control: this.answers.control !== false,
        uses: list(this.answers.uses),
        connect: list(this.answers.connect),
        connector: String(this.answers.connector),
        rustMk: String(this.answers['rust-mk'] ?? ''),
      },
      await findTool('bindgen', this.answers.bindgen),
      view,
      pickSupport,
    );
  }

  /** A CMake app (src/camkes-cmake/add-component.ts); the toolchain is asked for only if it lacks the support. */
  private async _planCmake(view: FileView): Promise<void> {
    const a = this.answers;
    let picked: Toolchain | undefined;
    let lockText: string | undefined;
    const plan = await planAddCmakeComponent(
      this.appDir,
      {
        name: String((this.options as Record<string, unknown>).name),
        ...(a.instance ? { instance: String(a.instance) } : {}),
        control: a.control !== false,
        uses: list(a.uses),
        connect: list(a.connect),
        connector: String(a.connector),
      },
      async () => {
        const p = await pickToolchain(a, (l) => this.log(l));
        picked = p.toolchain;
        lockText = p.lockText;
        return { toolchain: p.toolchain, specs: await deriveCmakeSpecs(p.toolchain) };
      },
      await findTool('bindgen', a.bindgen as string | undefined),
      view,
    );
    if (plan.supportAdded && picked) {
      if (lockText) plan.creates.set(lockfileName, lockText);
      const text = updatedRecordText(this.appDir, supportRecord(picked, plan.supportAdded.derivedSpecs));
      (existsSync(path.join(this.appDir, RECORD_FILE)) ? plan.edits : plan.creates).set(RECORD_FILE, text);
    }
    this.plan = plan;
  }

  writing(): void {
    const plan = this.plan!;
    if (plan.support) {
      const { root, files, executables, edits, record } = plan.support;
      for (const [file, contents] of files) {
        const mode = executables.includes(file) ? { stat: { mode: 0o755 } as Stats } : undefined;
        this.fs.write(path.join(root, file), contents, mode);
      }
      if (this.supportLock) this.fs.write(path.join(root, 'toolchains.lock'), this.supportLock);
      for (const [file, text] of edits) writeForced(this, file, text);
      writeForced(this, path.join(root, RECORD_FILE), updatedRecordText(root, record));
    }
    for (const [file, contents] of plan.creates) this.fs.write(path.join(this.appDir, file), contents);
    for (const [file, contents] of plan.edits) {
      const target = path.join(this.appDir, file);
      this.fs.write(target, contents);
      // Editing these files is what was asked for: do not ask whether to overwrite them.
      const stored = this.fs.store.get(target) as { conflicter?: string };
      stored.conflicter = 'force';
    }
  }

  end(): void {
    const plan = this.plan!;
    for (const note of plan.notes) this.log(`Note: ${note}.`);
    const rel = path.relative(process.cwd(), this.appDir) || '.';
    this.log(
      `\nRust component ${String((this.options as Record<string, unknown>).name)} added to ${rel} (instance ${plan.instance}; edited ${[...plan.edits.keys()].join(', ')}).`,
    );
  }
}
