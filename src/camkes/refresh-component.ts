// `ostoo camkes-component NAME --refresh`: the generated files of a Rust component (src/camkes.rs,
// src/camkes/types.rs, src/camkes_glue.c, build.rs) again, from its .camkes file and the app's
// procedures as they are now; the command its build.rs guard names when they are stale.
import path from 'node:path';
import type { FileMap } from '../render/tree.js';
import type { FileView } from '../util/file-view.js';
import type { ComponentBuildAdapter } from './add-component.js';
import { readCamkesApp } from './app-tree.js';
import type { CliTool } from './bindings.js';
import { assertRustCIdentifier } from '../identifiers.js';
import { indexApp } from './rust/app-index.js';
import { planRefresh } from './rust/component-plan.js';

export interface RefreshPlan {
  refreshed: string;
  /** Files that were not there (a stub for a new `provides` interface), app-relative. */
  creates: FileMap;
  /** Generated files rewritten, app-relative. */
  edits: Map<string, string>;
  notes: string[];
  /** None: a refresh rewrites generated sources, never scripts. */
  executables: readonly string[];
  replaced?: undefined;
  supportAdded?: undefined;
}

export async function planRefreshOf(
  appDir: string,
  name: string,
  adapter: ComponentBuildAdapter,
  view: FileView,
  bindgen?: CliTool,
): Promise<RefreshPlan> {
  assertRustCIdentifier(name, 'component name');
  const app = readCamkesApp(view, appDir, adapter.readApp(appDir, view).adl);
  const index = indexApp(view, appDir, app.camkesFiles);
  const plan = await planRefresh({ view, dir: appDir, index }, name, bindgen);
  const creates: FileMap = new Map();
  const edits = new Map<string, string>();
  for (const [file, text] of plan.files) {
    if (view.read(path.join(appDir, file)) === undefined) creates.set(file, text);
    else edits.set(file, String(text));
  }
  return { refreshed: name, creates, edits, notes: plan.notes, executables: [] };
}
