// `yo ostoo`: resolves the answers, lets the chosen flavor (src/flavors/) plan every file, and
// writes the plan through mem-fs (so an error before the commit leaves nothing behind).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { OstooError, PostWriteStepError } from '../../src/errors.js';
import type { Flavor, FlavorPlan } from '../../src/flavors/flavor.js';
import { flavorFor } from '../../src/flavors/find.js';
import { RECORD_FILE, recordFileText } from '../../src/project/record.js';
import { projectFiles } from '../../src/project/user-files.js';
import { EDIT_LOCK_FILE } from '../../src/project/edit-lock.js';
import { readUserText } from '../../src/util/user-text.js';
import type { Toolchain } from '../../src/toolchain/resolve.js';
import type { AnswersOf } from '../../src/command/model.js';
import { useCommand, resolveAnswers, storedSubset, generatorFeatures } from '../shared/command.js';
import { detectToolchain, pickToolchain, ToolchainAnswers } from '../shared/pick-toolchain.js';
import { checkMusl } from '../shared/check-musl.js';
import { memFsView } from '../shared/mem-fs-view.js';
import { lockProjectForRun, writeInProject } from '../shared/write.js';
import { appCommand, appDefinition } from '../../src/commands/app.js';

export default class AppGenerator extends Generator {
  private answers: AnswersOf<typeof appCommand> = {};
  private flavor?: Flavor;
  private plan?: FlavorPlan;

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    useCommand(this, appDefinition);
  }

  async prompting(): Promise<void> {
    const opts = this.options as Record<string, unknown>;
    // What can be known before the first question is checked before it.
    this._refuseNonEmpty(opts['into-existing'] === true);
    // Adding to an existing tree (--into-existing) edits it: under its lock, like every edit.
    await lockProjectForRun(this, this.destinationRoot());
    let detected: Toolchain | undefined;
    const toolchains = new ToolchainAnswers(opts);
    this.answers = await resolveAnswers(this, appCommand, {
      check: {
        toolchain: (v) => toolchains.checkName(v),
        'toolchain-path': (v, a) => toolchains.checkPath(v, a),
        musl: (v, a) => checkMusl(v, a, opts, toolchains.toolchain ?? detected),
      },
      // The detected toolchain is shown before the questions that depend on it (musl, panic, ...).
      after: {
        'toolchain-path': async (answers) => {
          if (!answers.toolchain && !answers['toolchain-path']) detected = await detectToolchain((l) => this.log(l));
        },
      },
    });
    const flavor = await flavorFor(this.answers.flavor);
    const answers = this.answers;
    let lockText: string | undefined;
    const plan = await flavor.plan({
      answers,
      destination: this.destinationRoot(),
      cwd: process.cwd(),
      pickToolchain: async () => {
        const picked = await pickToolchain(answers, (l) => this.log(l), detected);
        lockText = picked.lockText;
        return picked.toolchain;
      },
    });
    // The project keeps its own copy of the lock entry it was made with.
    if (lockText) plan.files.set(flavor.lockFile, lockText);
    this._checkDestination(plan);
    this.flavor = flavor;
    this.plan = plan;
  }

  // Underscored: Yeoman runs every other prototype method as a task.
  /** Refuse a non-empty destination unless asked (before any question). */
  private _refuseNonEmpty(intoExisting: boolean): void {
    const root = this.destinationRoot();
    // Our own edit lock (one a killed run left behind) is not the user's.
    const present = existsSync(root) ? readdirSync(root).filter((n) => n !== EDIT_LOCK_FILE) : [];
    if (present.length > 0 && !intoExisting) {
      throw new OstooError(
        `destination ${root} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', ...' : ''})`,
        'choose an empty directory, or pass --into-existing to add the workspace to an existing kernel tree',
      );
    }
  }

  /** Never overwrite a file, --into-existing or not. */
  private _checkDestination(plan: FlavorPlan): void {
    const root = this.destinationRoot();
    const clashes = [...plan.files.keys()].filter((f) => f !== '.gitignore' && existsSync(path.join(root, f)));
    const topLevel = plan.claims.filter((d) => existsSync(path.join(root, d)));
    if (clashes.length || topLevel.length) {
      throw new OstooError(
        `refusing to overwrite existing ${[...new Set([...topLevel, ...clashes])].join(', ')} in ${root}`,
        'move them away, or choose another directory',
      );
    }
  }

  writing(): void {
    const plan = this.plan!;
    const project = projectFiles(this.destinationRoot());
    for (const [file, contents] of plan.files) {
      const target = this.destinationPath(file);
      const existing = file === '.gitignore' ? readUserText(target) : undefined;
      // Keep the kernel tree's own ignores: append only our missing lines, without a prompt.
      if (existing !== undefined) writeInProject(this, project, target, appendIgnores(existing, String(contents)));
      else writeInProject(this, project, target, contents, plan.executables.includes(file) ? 0o755 : undefined);
    }
    // Editing these (the checkout's Kconfig) is what --into-existing asked for: no overwrite prompt.
    for (const [file, text] of plan.edits ?? []) writeInProject(this, project, file, text);
    const rc = this.destinationPath(RECORD_FILE);
    const record = {
      ...storedSubset(appCommand, this.answers),
      ...plan.record,
      made: this.answers['into-existing'] === true ? ('into-existing' as const) : ('new' as const),
    };
    writeInProject(this, project, rc, recordFileText(memFsView(this).read(rc), record, rc));
  }

  async install(): Promise<void> {
    const script = this.plan!.afterWrite;
    if (!script) return;
    try {
      await this.spawn('bash', [this.destinationPath(script)], { stdio: 'inherit' });
    } catch (err) {
      // Every file is written: the workspace is finished but for this one step, which can be re-run.
      const rel = path.relative(process.cwd(), this.destinationPath(script));
      throw new PostWriteStepError(
        `the workspace is written, but ${script} failed (${(err as { exitCode?: number }).exitCode !== undefined ? `exit status ${(err as { exitCode?: number }).exitCode}` : (err as Error).message}; its error is above)`,
        `fix that, then run ${rel.startsWith('..') ? this.destinationPath(script) : rel}`,
        { cause: err },
      );
    }
  }

  end(): void {
    for (const line of this.plan!.messages) this.log(line);
  }
}

/** `ours` appended to an existing .gitignore: only lines it lacks, in its own line endings. */
export function appendIgnores(existing: string, ours: string): string {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const have = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const missing = ours.split('\n').filter((l) => l.trim() && !have.has(l.trim()));
  if (missing.every((l) => l.startsWith('#'))) return existing;
  const sep = existing === '' || existing.endsWith('\n') ? '' : eol;
  return existing + sep + missing.join(eol) + eol;
}
