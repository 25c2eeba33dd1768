// A project flavor as one module behind one interface (after vscode-generator-code's
// generate-*.js): the app generator and `ostoo toolchain bump` select a flavor by id and
// delegate to it. `camkes-cmake` is the first flavor written this way.
import type { FileMap } from '../render/tree.js';
import type { Toolchain } from '../toolchain/resolve.js';
import type { FlavorFiles, WorkspaceRc } from '../bump/flavors.js';

export interface FlavorInput {
  /** The resolved answers of `ostoo new` (option names as on the command line). */
  answers: Record<string, unknown>;
  /** The directory the project is created in. */
  destination: string;
  /** Picks and checks the toolchain the way `ostoo new` does (--toolchain, --toolchain-path, auto). */
  pickToolchain(): Promise<{ toolchain: Toolchain; lockText?: string }>;
}

export interface FlavorPlan {
  /** Relative to the destination. */
  files: FileMap;
  executables: string[];
  /** Top-level entries that must not exist yet. */
  claims: string[];
  /** What the generator stores as the project record (.yo-rc.json), besides the answers. */
  record: Record<string, unknown>;
  /** Printed at the end. */
  messages: string[];
}

export interface Flavor {
  id: string;
  plan(input: FlavorInput): Promise<FlavorPlan>;
  /** What `ostoo toolchain bump` re-derives and re-pins in a project of this flavor at root. */
  bumpFiles(root: string, rc: WorkspaceRc): FlavorFiles;
}
