// `yo ostoo:microkit-pd NAME` / `ostoo microkit-pd NAME`: adds a Rust PD to the Microkit system
// in the current directory (src/microkit/add-pd.ts plans it). Cheap refusals come before a
// toolchain or SDK is looked at; nothing is written unless the whole plan succeeded.
import path from 'node:path';
import Generator from 'yeoman-generator';
import {
  checkRequest,
  planAddPd,
  readSystemDir,
  type AddPdPlan,
  type AddPdRequest,
} from '../../src/microkit/add-pd.js';
import { detectCross } from '../../src/microkit/cross.js';
import { MicrokitError } from '../../src/microkit/errors.js';
import { chooseSdk, inspectSdk } from '../../src/microkit/sdk.js';
import { lockfileName } from '../../src/microkit/support.js';
import { microkitRecord } from '../../src/flavors/microkit.js';
import { RECORD_FILE, readRecord, updatedRecordText } from '../../src/project/record.js';
import { deriveMicrokitSpec } from '../../src/target-spec/microkit-spec.js';
import { printBaseSpec } from '../../src/target-spec/spec.js';
import type { AnswersOf } from '../../src/command/model.js';
import { useCommand, resolveAnswers, generatorFeatures } from '../shared/command.js';
import { memFsView } from '../shared/mem-fs-view.js';
import { pickToolchain } from '../shared/pick-toolchain.js';
import { lockProjectForRun, writeInProject } from '../shared/write.js';
import { recordAdded } from '../shared/record-added.js';
import { editRootFor, projectFiles } from '../../src/project/user-files.js';
import { microkitPdCommand, microkitPdDefinition } from '../../src/commands/microkit-pd.js';

/** --channel / --calls: repeatable, and each may be comma-separated. */
const list = (v: unknown) =>
  (Array.isArray(v) ? v : v ? [v] : [])
    .flatMap((s) => String(s).split(','))
    .map((s) => s.trim())
    .filter(Boolean);

export default class MicrokitPdGenerator extends Generator {
  private answers: AnswersOf<typeof microkitPdCommand> = {};
  private plan?: AddPdPlan;
  private dir = '';
  private request?: AddPdRequest;

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    this.argument('name', { type: String, required: true, description: 'The PD (and crate) name' });
    useCommand(this, microkitPdDefinition);
  }

  async prompting(): Promise<void> {
    this.answers = await resolveAnswers(this, microkitPdCommand);
    this.dir = this.contextRoot;
    const a = this.answers;
    const priority = a.priority === undefined ? undefined : Number(a.priority);
    if (priority !== undefined && !/^\d+$/.test(String(a.priority)))
      throw new MicrokitError(`--priority '${String(a.priority)}' is not a whole number`, 'pass 0 to 254');
    this.request = {
      name: String((this.options as Record<string, unknown>).name),
      channels: list(a.channel),
      calls: list(a.calls),
      ...(priority === undefined ? {} : { priority }),
    };
    // Read under the project's edit lock, so that runs at once each plan from what the other wrote.
    await lockProjectForRun(this, editRootFor(this.dir, this.contextRoot));
    const sys = readSystemDir(this.dir, a.system, memFsView(this));
    checkRequest(sys, this.request);
    if (sys.microkitMk !== undefined) {
      this.plan = planAddPd(sys, this.request);
      return;
    }
    // First Rust PD of this system: the support, for the SDK and a toolchain.
    const record = readRecord(this.dir);
    const remembered = {
      sdk: record?.microkitSdk as string | undefined,
      board: record?.microkitBoard as string | undefined,
      config: record?.microkitConfig as string | undefined,
    };
    const given = { sdk: a['microkit-sdk'], board: a['microkit-board'], config: a['microkit-config'] };
    const sdk = inspectSdk({ ...chooseSdk(given, remembered), needsPrinting: false });
    const picked = await pickToolchain(a, (l) => this.log(l));
    const tc = picked.toolchain;
    const spec = deriveMicrokitSpec(await printBaseSpec(tc, sdk.arch.baseTriple), sdk.arch);
    const cross = detectCross(sdk.arch);
    this.plan = planAddPd(sys, this.request, {
      toolchain: tc,
      arch: sdk.arch,
      spec,
      sdk: sdk.sdk,
      board: sdk.board,
      config: sdk.config,
      cross: cross.prefix,
    });
    if (picked.lockText) this.plan.files.set(lockfileName, picked.lockText);
    this.plan.files.set(
      RECORD_FILE,
      updatedRecordText(this.dir, microkitRecord(tc, sdk, sys.systemFile, cross.prefix, spec)),
    );
    if (!sdk.printing)
      this.plan.notes.push(
        `Note: the SDK's '${sdk.config}' configuration prints nothing; the PDs' lines appear with MICROKIT_CONFIG=debug.`,
      );
  }

  writing(): void {
    const project = projectFiles(editRootFor(this.dir, this.contextRoot));
    for (const [file, contents] of this.plan!.files) writeInProject(this, project, path.join(this.dir, file), contents);
    // What `ostoo update` plans again.
    const { name, channels, calls, priority } = this.request!;
    const system = this.answers.system;
    recordAdded(this, this.dir, {
      command: 'microkit-pd',
      name,
      options: {
        channels,
        calls,
        ...(priority === undefined ? {} : { priority }),
        ...(system === undefined ? {} : { system: String(system) }),
      },
    });
  }

  end(): void {
    const { request, plan } = this;
    for (const note of plan!.notes) this.log(note);
    const peers = [...request!.channels, ...request!.calls];
    this.log(
      `Rust PD ${request!.name} added (rust/${request!.name}/src/lib.rs)${peers.length ? `, with channels to ${peers.join(', ')}` : ''}; src/system.rs regenerated for ${plan!.pds.join(', ')}.`,
    );
  }
}
