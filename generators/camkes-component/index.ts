// `yo ostoo:camkes-component NAME [--app DIR]`: adds a Rust component to a CAmkES app. The
// core (src/camkes/add-component.ts) plans every new file and edit, reading the tree through
// mem-fs, with the build-system adapter of the flavor whose apps are built like this one;
// nothing reaches the disk unless the whole plan succeeded, and then only through mem-fs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { appBuild, assertCamkesApp } from '../../src/camkes/app-tree.js';
import { findTool } from '../../src/camkes/bindings.js';
import { rustCIdentifierProblem } from '../../src/identifiers.js';
import { planAddComponent, type AddComponentPlan } from '../../src/camkes/add-component.js';
import { planRefreshOf, type RefreshPlan } from '../../src/camkes/refresh-component.js';
import type { AnswersOf } from '../../src/command/model.js';
import { useCommand, resolveAnswers, resolveArgument, generatorFeatures } from '../shared/command.js';
import { memFsView } from '../shared/mem-fs-view.js';
import { camkesComponentCommand, camkesComponentDefinition } from '../../src/commands/camkes-component.js';
import type { Flavor } from '../../src/flavors/flavor.js';
import { loadFlavors } from '../../src/flavors/find.js';
import { findRecord, RECORD_FILE, updatedRecordText, type ProjectRecord } from '../../src/project/record.js';
import type { Toolchain } from '../../src/toolchain/resolve.js';
import { pickToolchain } from '../shared/pick-toolchain.js';
import { editRootFor, projectFiles } from '../../src/project/user-files.js';
import type { Rooted } from '../../src/util/rooted.js';
import { lockProjectForRun, writeInProject } from '../shared/write.js';
import { recordAdded } from '../shared/record-added.js';
import type { AddComponentOptions } from '../../src/camkes/add-component.js';

/** The nearest project (here or above) whose flavor says which CAmkES app components go in. */
function findCamkesProject(flavors: Flavor[], from: string): { root: string; app: string } | undefined {
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
  private plan?: (AddComponentPlan & { refreshed?: undefined }) | RefreshPlan;
  private appDir = '';
  private project?: Rooted;
  private request?: AddComponentOptions;

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    this.argument('name', { type: String, required: false, description: 'Component (and crate) name' });
    useCommand(this, camkesComponentDefinition);
  }

  async prompting(): Promise<void> {
    const opts = this.options as Record<string, unknown>;
    const flavors = await loadFlavors();
    // --app is relative to where the user is. Without it, a camkes project made by
    // `yo ostoo` (its .yo-rc.json, here or above) knows its app.
    let base = this.contextRoot;
    if (opts.app === undefined) {
      const project = findCamkesProject(flavors, this.contextRoot);
      if (project) {
        opts.app = project.app;
        base = project.root;
      }
    }
    opts.name = await resolveArgument(this, camkesComponentDefinition, opts.name as string | undefined, (n) =>
      rustCIdentifierProblem(n, 'component name'),
    );
    // Reads see what mem-fs holds, pending writes included; a refusal has written nothing.
    const view = memFsView(this);
    const a = (this.answers = await resolveAnswers(this, camkesComponentCommand, {
      check: { app: (v) => assertCamkesApp(view, path.resolve(base, String(v || '.'))) },
    }));
    this.appDir = path.resolve(base, String(a.app ?? '.'));
    // Everything is read (again) under the project's edit lock and written only inside the project.
    const root = editRootFor(this.appDir, this.contextRoot);
    await lockProjectForRun(this, root);
    this.project = projectFiles(root);
    assertCamkesApp(view, this.appDir);
    const build = appBuild(this.appDir, view);
    const flavor = flavors.find((f) => f.componentBuild?.build === build);
    const componentBuild = flavor?.componentBuild;
    if (!flavor || !componentBuild) throw new Error(`no flavor adds components to ${build} apps`);
    // The toolchain is asked for only if the app lacks the Rust build support.
    let picked: { toolchain: Toolchain; lockText?: string } | undefined;
    const adapter = componentBuild.adapter({
      rustMk: String(a['rust-mk'] ?? ''),
      support: async () => {
        picked = await pickToolchain(a, (l) => this.log(l));
        return picked.toolchain;
      },
    });
    const bindgen = await findTool('bindgen', a.bindgen);
    if (a.refresh) {
      this.plan = await planRefreshOf(this.appDir, String(opts.name), adapter, view, bindgen);
      return;
    }
    this.request = {
      name: String(opts.name),
      ...(a.instance ? { instance: String(a.instance) } : {}),
      control: a.control !== false,
      uses: list(a.uses),
      connect: list(a.connect),
      connector: String(a.connector),
      provides: list(a.provides),
      dataports: list(a.dataport),
      emits: list(a.emits),
      consumes: list(a.consumes),
      newEvents: list(a['new-event']),
      ...(a.replace ? { replace: String(a.replace) } : {}),
    };
    const plan = await planAddComponent(adapter, this.appDir, this.request, bindgen, view);
    if (plan.supportAdded && picked && componentBuild.supportRecord) {
      // The support's record and lock go where the support does (a Kbuild checkout's root).
      const dir = plan.supportAdded.dir ?? '.';
      if (picked.lockText) plan.creates.set(path.join(dir, flavor.lockFile), picked.lockText);
      const text = updatedRecordText(
        path.join(this.appDir, dir),
        componentBuild.supportRecord(picked.toolchain, plan.supportAdded.derivedSpecs),
      );
      const record = path.join(dir, RECORD_FILE);
      (existsSync(path.join(this.appDir, record)) ? plan.edits : plan.creates).set(record, text);
    }
    this.plan = plan;
  }

  writing(): void {
    const plan = this.plan!;
    // Editing these files is what was asked for: no overwrite prompt (writeInProject forces edits).
    for (const [file, contents] of plan.creates)
      writeInProject(
        this,
        this.project!,
        path.join(this.appDir, file),
        contents,
        plan.executables.includes(file) ? 0o755 : undefined,
      );
    for (const [file, contents] of plan.edits)
      writeInProject(this, this.project!, path.join(this.appDir, file), contents);
    // What `ostoo update` plans again (a --refresh adds nothing: update renders it anew anyway).
    if (this.request) {
      const { name, ...options } = this.request;
      const { 'rust-mk': rustMk, bindgen } = this.answers as Record<string, unknown>;
      recordAdded(this, this.appDir, {
        command: 'camkes-component',
        name,
        options: {
          ...options,
          ...(rustMk ? { rustMk: String(rustMk) } : {}),
          ...(bindgen ? { bindgen: String(bindgen) } : {}),
        },
      });
    }
  }

  end(): void {
    const plan = this.plan!;
    const name = String((this.options as Record<string, unknown>).name);
    for (const note of plan.notes) this.log(`Note: ${note}.`);
    const rel = path.relative(process.cwd(), this.appDir) || '.';
    if (plan.refreshed !== undefined) {
      this.log(
        `\nRust component ${plan.refreshed} refreshed in ${rel} (${[...plan.edits.keys(), ...plan.creates.keys()].join(', ')}).`,
      );
      return;
    }
    const how = plan.replaced
      ? `instance ${plan.instance} now a ${name} instead of a ${plan.replaced}`
      : `instance ${plan.instance}`;
    this.log(`\nRust component ${name} added to ${rel} (${how}; edited ${[...plan.edits.keys()].join(', ')}).`);
  }
}
