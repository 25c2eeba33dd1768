// `yo ostoo:update` / `ostoo update`: re-renders the project around the current directory
// from its record with this version of ostoo (src/update/regenerate.ts), and merges that into
// the project file by file against the merge base (src/update/plan.ts). Everything is decided
// and checked first; the files, the new base and the record are then written through mem-fs
// in one commit, like every other command's.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import Generator from 'yeoman-generator';
import type { AnswersOf } from '../../src/command/model.js';
import { appCommand } from '../../src/commands/app.js';
import { updateCommand, updateDefinition } from '../../src/commands/update.js';
import { findFlavor } from '../../src/flavors/find.js';
import { BASE_FILE, readBase, sameBase, serializeBase } from '../../src/project/base.js';
import { findRecord, RECORD_FILE, recordFileText } from '../../src/project/record.js';
import { checkMerged, UpdateError } from '../../src/update/checks.js';
import { BACKUP_DIR, checkGuard, checkNoMarkers, repoState, type Repo } from '../../src/update/guard.js';
import { hasConflictMarkers } from '../../src/util/merge3.js';
import { isWrite, planUpdate, type Action, type UpdatePlan } from '../../src/update/plan.js';
import { answersFromRecord, regenerate, whyNotUpdatable, type Regenerated } from '../../src/update/regenerate.js';
import { describeActions } from '../../src/update/report.js';
import { generatorFeatures, resolveAnswers, useCommand } from '../shared/command.js';
import { pickToolchain } from '../shared/pick-toolchain.js';
import { projectFiles } from '../../src/project/user-files.js';
import { lockProjectForRun, writeInProject } from '../shared/write.js';

const readIfAny = (file: string): Buffer | undefined => {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
};

export default class UpdateGenerator extends Generator {
  private answers: AnswersOf<typeof updateCommand> = {};
  private root = '';
  private repo: Repo = { git: false };
  private plan?: UpdatePlan;
  private fresh?: Regenerated;
  private recordText?: string;
  private go = false;

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    this.argument('dir', { type: String, required: false, description: 'A directory in the project (default: .)' });
    useCommand(this, updateDefinition);
  }

  async prompting(): Promise<void> {
    this.answers = await resolveAnswers(this, updateCommand);
    const a = this.answers;
    const start = path.resolve(this.env.cwd, String((this.options as { dir?: string }).dir ?? '.'));
    const found = findRecord(start);
    if (!found)
      throw new UpdateError(
        `${start} is not in a project made by ostoo (no .yo-rc.json with a generator-ostoo entry here or above)`,
        'run ostoo update inside the project',
      );
    const { root, record } = found;
    this.root = root;
    this.destinationRoot(root);
    await lockProjectForRun(this, root);
    const flavor = await findFlavor(record.flavor);
    if (!flavor)
      throw new UpdateError(
        `${found.file} names no flavor this ostoo knows ('${String(record.flavor)}')`,
        'use the ostoo that made the project',
      );
    const why = whyNotUpdatable(flavor.id, record);
    if (why)
      throw new UpdateError(
        `ostoo update cannot render ${root} again: ${why}`,
        'take newer files by hand (`ostoo toolchain bump` re-pins the toolchain and re-derives the specs)',
      );
    const base = readBase(root);
    if (!base && !a.adopt)
      throw new UpdateError(
        `${root} has no merge base (${BASE_FILE}): it was made before ostoo kept one`,
        'run `ostoo update --adopt` once: it takes what this ostoo writes as the base and keeps every difference as your edit',
      );
    if (base && a.adopt)
      throw new UpdateError(`${root} has a merge base already (${BASE_FILE})`, 'run ostoo update without --adopt');
    this.repo = repoState(root);
    // A dry run writes nothing, so it runs on any tree.
    const force = a.force === true || a['dry-run'] === true;
    checkGuard(root, this.repo, [], force);

    const answers = answersFromRecord(record, appCommand);
    const fresh = await regenerate(flavor, root, record, answers, async () => {
      const picked = await pickToolchain(answers, (l) => this.log(l));
      return picked.toolchain;
    });
    this.fresh = fresh;
    const plan = planUpdate({
      base,
      fresh: fresh.files,
      read: (rel) => readIfAny(path.join(root, rel)),
      labels: { yours: 'yours', base: 'ostoo before', theirs: 'ostoo now' },
      leave: fresh.leave,
    });
    this.plan = plan;
    const writes = plan.actions.filter(isWrite);
    checkGuard(
      root,
      this.repo,
      writes.map((w) => w.rel),
      force,
    );
    // Also in files it would keep: an update over unresolved markers would hide them.
    checkNoMarkers(
      plan.actions
        .filter((w) => w.kind === 'merge' || w.kind === 'conflict' || w.kind === 'keep')
        .filter((w) => hasConflictMarkers(readIfAny(path.join(root, w.rel)) ?? Buffer.alloc(0)))
        .map((w) => w.rel),
      force,
    );
    checkMerged(writes.filter((w) => w.kind === 'merge'));

    const rc = path.join(root, RECORD_FILE);
    const oldText = readFileSync(rc, 'utf8');
    const newText = recordFileText(oldText, fresh.record, rc);
    if (newText !== oldText) this.recordText = newText;

    for (const line of describeActions(plan.actions, { adopt: a.adopt === true, dryRun: a['dry-run'] === true }))
      this.log(line);
    const changes = writes.length > 0 || this.recordText !== undefined || !base || !sameBase(base, plan.base);
    if (a['dry-run'] || !changes) return;
    this.go = await this._confirm();
  }

  /** On a terminal without --yes: one question before anything is written. */
  private async _confirm(): Promise<boolean> {
    if ((this.options as { yes?: boolean }).yes || process.stdin.isTTY !== true) return true;
    const res = await this.prompt<{ go: boolean }>([
      { type: 'confirm', name: 'go', message: 'Write these changes?', default: true },
    ]);
    return res.go;
  }

  writing(): void {
    if (!this.go) return;
    const plan = this.plan!;
    const root = this.root;
    const project = projectFiles(root);
    const writes = plan.actions.filter(isWrite);
    // Without git, the files as they were stay beside the project until the user removes them.
    if (!this.repo.git) {
      this.fs.delete(path.join(root, BACKUP_DIR));
      for (const w of writes) {
        const before = readIfAny(path.join(root, w.rel));
        if (before) writeInProject(this, project, path.join(root, BACKUP_DIR, w.rel), before);
      }
    }
    for (const w of writes) {
      const mode = w.kind === 'create' && this.fresh!.executables.has(w.rel) ? 0o755 : undefined;
      writeInProject(this, project, path.join(root, w.rel), w.bytes, mode);
    }
    writeInProject(this, project, path.join(root, BASE_FILE), serializeBase(plan.base));
    if (this.recordText) writeInProject(this, project, path.join(root, RECORD_FILE), this.recordText);
  }

  end(): void {
    const actions = this.plan?.actions ?? [];
    const conflicts = actions.filter((x): x is Extract<Action, { kind: 'conflict' }> => x.kind === 'conflict');
    if (this.answers['dry-run']) this.log('\nDry run: nothing was written.');
    else if (!this.go && actions.some(isWrite)) this.log('\nNothing was written.');
    else if (!this.repo.git && actions.some(isWrite))
      this.log(`\nThe files as they were before are in ${BACKUP_DIR}/; remove it once you are happy with the result.`);
    if (conflicts.length)
      throw new UpdateError(
        `${conflicts.length} file${conflicts.length > 1 ? 's' : ''} ${this.go ? 'have' : 'would have'} conflicts: ${conflicts.map((c) => c.rel).join(', ')}`,
        'in each, keep what you want between <<<<<<< (yours) and >>>>>>> (ostoo now) and remove the markers, then build',
      );
  }
}
