// A project flavor as one module behind one interface (after vscode-generator-code's
// generate-*.js): `ostoo new` / `yo ostoo`, `ostoo toolchain bump` and camkes-component select
// a flavor by the id in --flavor or in the project record, and delegate to it. Adding a flavor
// is its module here (and its light entry: its questions and record fields, *-entry.ts), its
// templates, and a line in registry.ts; test/flavors/fake-flavor.test.ts proves it.
import type { ComponentBuildAdapter } from '../camkes/add-component.js';
import type { CamkesBuild } from '../camkes/component.js';
import type { ProjectRecord } from '../project/record.js';
import type { FileMap } from '../render/tree.js';
import type { Spec } from '../target-spec/spec.js';
import type { Toolchain } from '../toolchain/resolve.js';

export interface FlavorInput {
  /** The resolved answers of `ostoo new` (option names as on the command line). */
  answers: Record<string, unknown>;
  /** The directory the project is created in. */
  destination: string;
  /** Where the user ran the command (paths in messages are relative to it). */
  cwd: string;
  /**
   * Picks and checks the toolchain the way `ostoo new` does (--toolchain, --toolchain-path,
   * auto). A toolchain pinned in the lock is installed first; the generator then puts its lock
   * entry at the flavor's `lockFile`.
   */
  pickToolchain(): Promise<Toolchain>;
  /**
   * `ostoo update` only: the project's record. The plan then renders what later commands
   * added and the record lists (programs, components) too, as those commands rendered them.
   */
  record?: ProjectRecord;
}

export interface FlavorPlan {
  /** Relative to the destination. */
  files: FileMap;
  /** Files of `files` that get the exec bit. */
  executables: readonly string[];
  /** Top-level entries that must not exist yet. */
  claims: string[];
  /** Files outside `files` that the command was asked to edit (absolute path -> new text). */
  edits?: Map<string, string>;
  /** The flavor's part of the project record (the generator adds the stored answers). */
  record: ProjectRecord;
  /** Printed at the end. */
  messages: string[];
  /** A bash script of `files` to run once they are written (user-rs: the musl sysroot extraction). */
  afterWrite?: string;
}

export interface DerivedSpecFile {
  /** Relative to the project root. */
  file: string;
  derive(tc: Toolchain): Promise<Spec>;
}

/** What `ostoo toolchain bump` re-derives and re-pins in a project. */
export interface BumpFiles {
  lockfile: string;
  specs: DerivedSpecFile[];
  /** New contents of the toolchain-pinning files (absolute path -> text), for toolchain `name`. */
  pinFiles(tc: Toolchain, name: string): Map<string, string>;
}

/** What camkes-component gives the adapter of an app's build system. */
export interface ComponentBuildContext {
  /** --rust-mk: the include line a Kbuild-era app Makefile gets when it has no rust.mk. */
  rustMk: string;
  /** The toolchain to pin when the app lacks Rust build support (asked for only then). */
  support(): Promise<Toolchain>;
}

/** How camkes-component adds a Rust component to an app of this flavor's build system. */
export interface ComponentBuild {
  /** The build system of the flavor's apps; camkes-component picks the flavor by it. */
  build: CamkesBuild;
  adapter(ctx: ComponentBuildContext): ComponentBuildAdapter;
  /** The record of an app that got Rust build support while a component was added. */
  supportRecord?(tc: Toolchain, derivedSpecs: Record<string, Spec>): ProjectRecord;
}

export interface Flavor {
  id: string;
  /** Where the project keeps its toolchains.lock, relative to the project root. */
  lockFile: string;
  plan(input: FlavorInput): Promise<FlavorPlan>;
  bumpFiles(root: string, record: ProjectRecord): BumpFiles;
  /** CAmkES flavors: the app directory (relative to the project root) that camkes-component adds to. */
  componentApp?(record: ProjectRecord): string | undefined;
  /** CAmkES flavors: how a component is added to one of their apps. */
  componentBuild?: ComponentBuild;
}
