// `yo ostoo`: maps options and answers to a plain config, asks the core for the file map,
// and writes it through mem-fs (so an error before the commit leaves nothing behind).
import type { Stats } from 'node:fs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { assertPackageName, assertRelativeDir } from '../../src/names.js';
import { oneLine } from '../../src/render/quote.js';
import { resolveMuslSource, type MuslKind } from '../../src/sysroot/musl.js';
import { autoDetectToolchain, requireRustSrc, resolveToolchain, type Toolchain } from '../../src/toolchain/resolve.js';
import { executableFiles, deriveSpecFor, planUserRs, seedPrograms, userTargetName, type UserRsConfig } from '../../src/workspace/user-rs.js';
import type { FileMap } from '../../src/render/tree.js';
import { entryLock, installToolchain, readLock, resolveLockfile, serializeLock } from '../../src/provision.js';
import { panicModes, type PanicMode } from '../../src/workspace/size-flags.js';
import { findTool } from '../../src/camkes/bindings.js';
import { defconfigName, executableCamkesFiles, planCamkesProject, platformFor, validateCamkesConfig, type CamkesConfig } from '../../src/camkes/project.js';
import { deriveSel4Specs, sel4ArchInfo, type Sel4Arch } from '../../src/target/sel4-spec.js';
import { registerOptions, resolveAnswers, storedSubset, type Answers, generatorFeatures } from '../shared/command.js';
import { appCommand } from './command.js';
import { writeForced } from '../shared/write.js';

export default class AppGenerator extends Generator {
  private answers: Answers = {};
  private files: FileMap = new Map();
  private toolchain?: Toolchain;
  private userRs?: UserRsConfig;
  private camkes?: CamkesConfig;
  private notes: string[] = [];

  constructor(args: string[], options: Generator['options']) {
    super(args, options, generatorFeatures);
    registerOptions(this, appCommand);
  }

  async prompting(): Promise<void> {
    this.answers = await resolveAnswers(this, appCommand);
    const flavor = String(this.answers.flavor);
    if (flavor === 'camkes') return this._promptingCamkes();
    if (flavor !== 'user-rs') throw new Error(`unknown --flavor '${flavor}' (expected user-rs or camkes)`);
    const os = assertPackageName(String(this.answers.os), 'OS name');
    // Values that end up in generated files must be one line each (quote.ts says why).
    for (const opt of ['deploy-dir', 'toolchain', 'toolchain-path', 'musl-path', 'docker-image']) {
      const value = this.answers[opt];
      if (typeof value === 'string') oneLine(value, `--${opt}`);
    }
    const deployDir = assertRelativeDir(String(this.answers['deploy-dir']), 'deploy directory');

    this.toolchain = await this._pickToolchain();
    requireRustSrc(this.toolchain);
    const musl = resolveMuslSource(
      { kind: String(this.answers.musl) as MuslKind | 'auto', path: this.answers['musl-path'] as string | undefined, image: this.answers['docker-image'] as string | undefined },
      this.toolchain,
    );
    this.userRs = {
      os,
      target: userTargetName(os),
      deployDir,
      toolchain: this.toolchain,
      spec: await deriveSpecFor(this.toolchain, os),
      musl,
      programs: seedPrograms,
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
    this.camkes = {
      ...names,
      repoName: path.basename(this.destinationRoot()),
      defaultArch: arch,
      toolchain: this.toolchain,
      specs,
    };
    const tools = { bindgen: await findTool('bindgen', a.bindgen as string | undefined), cbindgen: await findTool('cbindgen', a.cbindgen as string | undefined) };
    const plan = await planCamkesProject(this.camkes, tools);
    const pinnedLock = this.files.get('user-rs/toolchains.lock');
    this.files = plan.files;
    if (pinnedLock) this.files.set('toolchains.lock', pinnedLock);
    this.notes = plan.notes;
    this._checkDestination([`apps/${names.app}`, `libs/lib${names.library}`, 'libs/libcompiler-rt', 'tools/rust']);
  }

  private async _pickToolchain(): Promise<Toolchain> {
    const name = this.answers.toolchain as string | undefined;
    const dir = this.answers['toolchain-path'] as string | undefined;
    if (name && dir) throw new Error('pass either --toolchain or --toolchain-path, not both');
    if (dir) return resolveToolchain({ path: dir });
    if (name) {
      await this._provisionPinned(name);
      return resolveToolchain({ name });
    }
    const tc = await autoDetectToolchain();
    this.log(`Using toolchain ${tc.id} (${tc.versionLine}); pin another with --toolchain or --toolchain-path.`);
    return tc;
  }

  /**
   * The install phase: a toolchain pinned in the lock is installed (verified, idempotent) before
   * the spec is derived from it, and the workspace gets its own copy of that lock entry.
   */
  private async _provisionPinned(name: string): Promise<void> {
    const lockfile = resolveLockfile(this.answers.lockfile as string | undefined, process.cwd());
    const lock = existsSync(lockfile) ? await readLock(lockfile) : undefined;
    if (!lock?.toolchains[name]) return; // not pinned: rustup's business
    this.files.set('user-rs/toolchains.lock', serializeLock(entryLock(lock, name)));
    if (this.answers['skip-install']) return;
    const res = await installToolchain({ name, lockfile });
    this.log(res.alreadyInstalled ? `${name} is already installed` : `${name} installed in ${res.toolchainDir}`);
  }

  // Underscored: Yeoman runs every other prototype method as a task.
  /** Refuse a non-empty destination unless asked, and never overwrite a file in any case. */
  private _checkDestination(topLevelDirs: string[]): void {
    const root = this.destinationRoot();
    const present = existsSync(root) ? readdirSync(root) : [];
    if (present.length > 0 && !this.answers['into-existing']) {
      throw new Error(
        `destination ${root} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', ...' : ''}); ` +
          'choose an empty directory, or pass --into-existing to add the workspace to an existing kernel tree',
      );
    }
    const clashes = [...this.files.keys()].filter((f) => f !== '.gitignore' && existsSync(path.join(root, f)));
    const topLevel = topLevelDirs.filter((d) => existsSync(path.join(root, d)));
    if (clashes.length || topLevel.length) {
      throw new Error(`refusing to overwrite existing ${[...new Set([...topLevel, ...clashes])].join(', ')} in ${root}`);
    }
  }

  writing(): void {
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
      deployDir: this.userRs!.deployDir,
      toolchain: { kind: this.toolchain!.kind, id: this.toolchain!.id, root: this.toolchain!.root, versionLine: this.toolchain!.versionLine },
      // What was derived, so `ostoo toolchain bump` can tell user edits (the overlay) apart.
      derivedSpecs: { [`user-rs/${this.userRs!.target}.json`]: this.userRs!.spec },
      programs: this.userRs!.programs,
    });
  }

  async install(): Promise<void> {
    if (this.camkes || this.answers['skip-sysroot']) return;
    await this.spawn('bash', [this.destinationPath('scripts/extract-musl-sysroot.sh')], { stdio: 'inherit' });
  }

  end(): void {
    if (this.camkes) {
      const c = this.camkes;
      for (const note of this.notes) this.log(`Note: ${note}.`);
      this.log(`\nCAmkES project ready: app ${c.app} (Rust component ${c.component}, C component ${c.cComponent}), library lib${c.library}, ${this.toolchain!.versionLine}.`);
      this.log(`In a Kbuild-era seL4/CAmkES checkout (see README.md): make ${defconfigName(c.app, platformFor(c.defaultArch))} && make`);
      return;
    }
    this.log(`\nuser-rs workspace ready for ${this.userRs!.os} (target ${this.userRs!.target}, ${this.toolchain!.versionLine}).`);
    const script = this.destinationPath('scripts/user-rs-build.sh');
    const rel = path.relative(process.cwd(), script);
    this.log(`Build and deploy: ${rel.startsWith('..') ? script : rel}`);
  }
}

function parsePanicMode(value: unknown): PanicMode {
  if (panicModes.includes(value as PanicMode)) return value as PanicMode;
  throw new Error(`--panic must be one of ${panicModes.join(', ')} (got '${String(value)}')`);
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
