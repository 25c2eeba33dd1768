// `yo ostoo`: maps options and answers to a plain config, asks the core for the file map,
// and writes it through mem-fs (so an error before the commit leaves nothing behind).
import type { Stats } from 'node:fs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { assertPackageName, assertRelativeDir } from '../../src/names.js';
import { oneLine } from '../../src/render/quote.js';
import { resolveMuslSource, type MuslKind } from '../../src/sysroot/musl.js';
import { userArchInfo } from '../../src/target/user-arch.js';
import { autoDetectToolchain, requireRustSrc, resolveToolchain, ToolchainError, type Toolchain } from '../../src/toolchain/resolve.js';
import { executableFiles, deriveSpecFor, planUserRs, seedPrograms, userTargetName, type UserRsConfig } from '../../src/workspace/user-rs.js';
import type { FileMap } from '../../src/render/tree.js';
import { entryLock, installToolchain, readLock, resolveLockfile, serializeLock } from '../../src/provision.js';
import { panicModes, type PanicMode } from '../../src/workspace/size-flags.js';
import { findTool } from '../../src/camkes/bindings.js';
import { defconfigName, executableCamkesFiles, planCamkesProject, platformFor, validateCamkesConfig, type CamkesConfig } from '../../src/camkes/project.js';
import { addKconfigSources, detectKbuildTree } from '../../src/camkes/kbuild-tree.js';
import { deriveSel4Specs, sel4ArchInfo, type Sel4Arch } from '../../src/target/sel4-spec.js';
import { useCommand, resolveAnswers, storedSubset, type AnswersOf, generatorFeatures } from '../shared/command.js';
import { appCommand, appDefinition } from './command.js';
import { OstooError } from '../../src/cli/errors.js';
import { findFlavor } from '../../src/flavors/registry.js';
import type { FlavorPlan } from '../../src/flavors/flavor.js';
import { pickToolchain } from '../shared/pick-toolchain.js';
import { writeForced } from '../shared/write.js';

export default class AppGenerator extends Generator {
  private answers: AnswersOf<typeof appCommand> = {};
  private files: FileMap = new Map();
  private toolchain?: Toolchain;
  private userRs?: UserRsConfig;
  private camkes?: CamkesConfig;
  private notes: string[] = [];
  /** The checkout's Kconfig (its link's target) with the new `source` lines. */
  private kconfigEdit?: { file: string; text: string };
  /** Set for flavors that are modules behind src/flavors/flavor.ts. */
  private flavorPlan?: FlavorPlan;

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    useCommand(this, appDefinition);
  }

  async prompting(): Promise<void> {
    // The detected toolchain is shown before the questions that depend on it (musl, panic, ...).
    this.answers = await resolveAnswers(this, appCommand, {
      'toolchain-path': async (answers) => {
        if (!answers.toolchain && !answers['toolchain-path']) this.toolchain = await this._autoDetect();
      },
    });
    const flavor = String(this.answers.flavor);
    const module = findFlavor(flavor);
    if (module) {
      const answers = this.answers;
      this.flavorPlan = await module.plan({ answers, destination: this.destinationRoot(), pickToolchain: () => pickToolchain(answers, (l) => this.log(l)) });
      this.files = this.flavorPlan.files;
      this._checkDestination(this.flavorPlan.claims);
      return;
    }
    if (flavor === 'camkes') return this._promptingCamkes();
    if (flavor !== 'user-rs') throw new OstooError(`unknown --flavor '${flavor}'`, 'use user-rs, camkes or camkes-cmake');
    const os = assertPackageName(String(this.answers.os), 'OS name');
    // Values that end up in generated files must be one line each (quote.ts says why).
    for (const opt of ['deploy-dir', 'toolchain', 'toolchain-path', 'musl-path', 'docker-image'] as const) {
      const value = this.answers[opt];
      if (typeof value === 'string') oneLine(value, `--${opt}`);
    }
    const deployDir = assertRelativeDir(String(this.answers['deploy-dir']), 'deploy directory');

    const arch = userArchInfo(String(this.answers.arch)).arch;

    this.toolchain = await this._pickToolchain();
    requireRustSrc(this.toolchain);
    const musl = resolveMuslSource(
      { kind: String(this.answers.musl) as MuslKind | 'auto', path: this.answers['musl-path'], image: this.answers['docker-image'] },
      this.toolchain,
      arch,
    );
    if (musl.kind === 'none') {
      this.notes.push(`no musl for ${arch}: only the no_std tier (hello-rs) is generated; for std programs pass --musl-path DIR (a ${arch} musl's lib directory)`);
    }
    this.userRs = {
      os,
      arch,
      target: userTargetName(os, arch),
      deployDir,
      toolchain: this.toolchain,
      spec: await deriveSpecFor(this.toolchain, os, arch),
      musl,
      // Without a libc the std tier cannot link, so the workspace starts with no std program.
      programs: musl.kind === 'none' ? seedPrograms.filter((p) => p.tier !== 'std') : seedPrograms,
      panic: parsePanicMode(this.answers.panic),
      optimizeForSize: this.answers['optimize-for-size'] !== false,
    };
    const pinnedLock = this.files.get('user-rs/toolchains.lock');
    this.files = planUserRs(this.userRs);
    if (pinnedLock) this.files.set('user-rs/toolchains.lock', pinnedLock);
    this._checkDestination(['user-rs', 'sysroot']);
  }

  /** `--flavor camkes`: a seL4/CAmkES project (src/camkes/project.ts). */
  private async _promptingCamkes(): Promise<void> {
    const a = this.answers;
    const arch = sel4ArchInfo(String(a.arch)).arch as Sel4Arch;
    // Cheap checks first: names, then the toolchain, then the CLIs.
    const names = { app: String(a.app), component: String(a.component), cComponent: String(a['c-component']), procedure: String(a.interface), library: String(a.library) };
    validateCamkesConfig(names);
    this.toolchain = await this._pickToolchain();
    requireRustSrc(this.toolchain);
    const specs = new Map([...(await deriveSel4Specs(this.toolchain))].map(([info, spec]) => [info.target, spec]));
    // --into-existing at the root of a Kbuild checkout: add to it, keep its top level.
    const tree = this.answers['into-existing'] ? detectKbuildTree(this.destinationRoot()) : undefined;
    this.camkes = {
      ...names,
      repoName: path.basename(this.destinationRoot()),
      defaultArch: arch,
      toolchain: this.toolchain,
      specs,
      layout: tree ? 'tree' : 'project',
      ...(tree ? { kernelSymbols: tree.kernelSymbols } : {}),
    };
    if (tree) {
      const text = addKconfigSources(tree.kconfigText, {
        libs: [`libs/lib${names.library}/Kconfig`, 'libs/libcompiler-rt/Kconfig'],
        apps: [`apps/${names.app}/Kconfig`],
        tools: ['tools/rust/Kconfig'],
      });
      this.kconfigEdit = { file: tree.kconfigFile, text };
    }
    const tools = { bindgen: await findTool('bindgen', a.bindgen), cbindgen: await findTool('cbindgen', a.cbindgen) };
    const plan = await planCamkesProject(this.camkes, tools);
    const pinnedLock = this.files.get('user-rs/toolchains.lock');
    this.files = plan.files;
    if (pinnedLock) this.files.set('toolchains.lock', pinnedLock);
    this.notes = plan.notes;
    this._checkDestination([`apps/${names.app}`, `libs/lib${names.library}`, 'libs/libcompiler-rt', 'tools/rust']);
  }

  private async _pickToolchain(): Promise<Toolchain> {
    const name = this.answers.toolchain;
    const dir = this.answers['toolchain-path'];
    if (name && dir) throw new OstooError('both --toolchain and --toolchain-path given', 'pass either --toolchain or --toolchain-path, not both');
    if (dir) return resolveToolchain({ path: dir });
    if (name) {
      const pinned = await this._provisionPinned(name);
      try {
        return await resolveToolchain({ name });
      } catch (err) {
        // Pinned but not installed (--skip-install): ostoo installs it, not rustup.
        if (pinned && err instanceof ToolchainError) throw new OstooError(`toolchain '${name}' is pinned in the lock but not installed`, `run \`ostoo toolchain install ${name}\` (or drop --skip-install)`);
        throw err;
      }
    }
    return this.toolchain ?? this._autoDetect();
  }

  private async _autoDetect(): Promise<Toolchain> {
    const tc = await autoDetectToolchain();
    this.log(`Using toolchain ${tc.id} (${tc.versionLine}); pin another with --toolchain or --toolchain-path.`);
    return tc;
  }

  /**
   * The install phase: a toolchain pinned in the lock is installed (verified, idempotent) before
   * the spec is derived from it, and the workspace gets its own copy of that lock entry.
   */
  /** Whether the lock pins `name`. */
  private async _provisionPinned(name: string): Promise<boolean> {
    const lockfile = resolveLockfile(this.answers.lockfile, process.cwd());
    const lock = existsSync(lockfile) ? await readLock(lockfile) : undefined;
    if (!lock?.toolchains[name]) return false; // not pinned: rustup's business
    this.files.set('user-rs/toolchains.lock', serializeLock(entryLock(lock, name)));
    if (this.answers['skip-install']) return true;
    const res = await installToolchain({ name, lockfile });
    this.log(res.alreadyInstalled ? `${name} is already installed` : `${name} installed in ${res.toolchainDir}`);
    return true;
  }

  // Underscored: Yeoman runs every other prototype method as a task.
  /** Refuse a non-empty destination unless asked, and never overwrite a file in any case. */
  private _checkDestination(topLevelDirs: string[]): void {
    const root = this.destinationRoot();
    const present = existsSync(root) ? readdirSync(root) : [];
    if (present.length > 0 && !this.answers['into-existing']) {
      throw new Error(
        `destination ${root} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', ...' : ''}) — ` +
          'choose an empty directory, or pass --into-existing to add the workspace to an existing kernel tree',
      );
    }
    const clashes = [...this.files.keys()].filter((f) => f !== '.gitignore' && existsSync(path.join(root, f)));
    const topLevel = topLevelDirs.filter((d) => existsSync(path.join(root, d)));
    if (clashes.length || topLevel.length) {
      throw new OstooError(`refusing to overwrite existing ${[...new Set([...topLevel, ...clashes])].join(', ')} in ${root}`, 'move them away, or choose another directory');
    }
  }

  writing(): void {
    if (this.flavorPlan) {
      const executables = this.flavorPlan.executables;
      for (const [file, contents] of this.files) this.fs.write(this.destinationPath(file), contents, executables.includes(file) ? { stat: { mode: 0o755 } as Stats } : undefined);
      this.config.set({ ...storedSubset(appCommand, this.answers), ...this.flavorPlan.record });
      return;
    }
    for (const [file, contents] of this.files) {
      const target = this.destinationPath(file);
      if (file === '.gitignore' && existsSync(target)) {
        // Keep the kernel tree's own ignores: append only our missing lines, without a prompt.
        writeForced(this, target, appendIgnores(readFileSync(target, 'utf8'), String(contents)));
        continue;
      }
      const stat = [...executableFiles, ...executableCamkesFiles].includes(file) ? { stat: { mode: 0o755 } as Stats } : undefined;
      this.fs.write(target, contents, stat);
    }
    if (this.kconfigEdit) {
      this.fs.write(this.kconfigEdit.file, this.kconfigEdit.text);
      // Adding the source lines is what --into-existing asked for: no overwrite prompt.
      (this.fs.store.get(this.kconfigEdit.file) as { conflicter?: string }).conflicter = 'force';
    }
    if (this.camkes) {
      this.config.set({
        ...storedSubset(appCommand, this.answers),
        flavor: 'camkes',
        toolchain: { kind: this.toolchain!.kind, id: this.toolchain!.id, root: this.toolchain!.root, versionLine: this.toolchain!.versionLine },
        targets: [...this.camkes.specs.keys()],
        derivedSpecs: Object.fromEntries([...this.camkes.specs].map(([t, spec]) => [`tools/rust/targets/${t}.json`, spec])),
      });
      return;
    }
    this.config.set({
      ...storedSubset(appCommand, this.answers),
      flavor: 'user-rs',
      target: this.userRs!.target,
      arch: this.userRs!.arch,
      muslKind: this.userRs!.musl.kind,
      deployDir: this.userRs!.deployDir,
      toolchain: { kind: this.toolchain!.kind, id: this.toolchain!.id, root: this.toolchain!.root, versionLine: this.toolchain!.versionLine },
      // What was derived, so `ostoo toolchain bump` can tell user edits (the overlay) apart.
      derivedSpecs: { [`user-rs/${this.userRs!.target}.json`]: this.userRs!.spec },
      programs: this.userRs!.programs,
    });
  }

  async install(): Promise<void> {
    if (this.flavorPlan || this.camkes || this.answers['skip-sysroot']) return;
    await this.spawn('bash', [this.destinationPath('scripts/extract-musl-sysroot.sh')], { stdio: 'inherit' });
  }

  end(): void {
    if (this.flavorPlan) {
      for (const line of this.flavorPlan.messages) this.log(line);
      return;
    }
    if (this.camkes) {
      const c = this.camkes;
      for (const note of this.notes) this.log(`Note: ${note}.`);
      this.log(`\nCAmkES project ready: app ${c.app} (Rust component ${c.component}, C component ${c.cComponent}), library lib${c.library}, ${this.toolchain!.versionLine}.`);
      const start = `make ${defconfigName(c.app, platformFor(c.defaultArch))} && make`;
      if (this.kconfigEdit) this.log(`Added source lines to ${this.kconfigEdit.file}. Build: ${start} (see tools/rust/README.md)`);
      else this.log(`In a Kbuild-era seL4/CAmkES checkout (see README.md): ${start}`);
      return;
    }
    for (const note of this.notes) this.log(`Note: ${note}.`);
    this.log(`\nuser-rs workspace ready for ${this.userRs!.os} (target ${this.userRs!.target}, ${this.toolchain!.versionLine}).`);
    const script = this.destinationPath('scripts/user-rs-build.sh');
    const rel = path.relative(process.cwd(), script);
    this.log(`Build and deploy: ${rel.startsWith('..') ? script : rel}`);
  }
}

function parsePanicMode(value: unknown): PanicMode {
  if (panicModes.includes(value as PanicMode)) return value as PanicMode;
  throw new OstooError(`--panic must be one of ${panicModes.join(', ')} (got '${String(value)}')`, 'pick one of those');
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
