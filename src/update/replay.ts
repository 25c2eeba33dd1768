// What later commands added to a project (its record's `added` list), planned again by this
// ostoo on top of the freshly rendered tree: a component or a protection domain gets its own
// files as this ostoo writes them, and its lines in the app's or system's files (CMakeLists,
// Makefile, .camkes, .system) in the fresh text of those files, so that the merge that follows
// sees them on ostoo's side as they are on the user's. The planners read the fresh tree only
// (an in-memory view), so nothing on disk is read twice or edited again; an edit of a file
// ostoo does not render (a file of the user's) is left out: it is in that file already.
import path from 'node:path';
import { planAddComponent, type AddComponentOptions } from '../camkes/add-component.js';
import { findTool } from '../camkes/bindings.js';
import type { Flavor } from '../flavors/flavor.js';
import { planAddPd, readSystemDir } from '../microkit/add-pd.js';
import { isBookkeeping } from '../project/base.js';
import type { AddedEntry, ProjectRecord } from '../project/record.js';
import { decodeBytes, encodeText } from '../util/byte-text.js';
import type { FileEntry, FileView } from '../util/file-view.js';
import { OstooError } from '../errors.js';
import { UpdateError } from './checks.js';

/** The files (project-relative -> bytes) as a FileView of absolute paths under `root`. */
export function mapView(root: string, files: ReadonlyMap<string, Buffer>): FileView {
  const rel = (p: string) => path.relative(root, path.resolve(p)).split(path.sep).join('/');
  const under = (p: string) => {
    const r = rel(p);
    return r === '' ? '' : `${r}/`;
  };
  return {
    read(file) {
      const bytes = files.get(rel(file));
      return bytes === undefined ? undefined : decodeBytes(bytes);
    },
    list(dir) {
      const prefix = under(dir);
      if (prefix.startsWith('..')) return [];
      const entries = new Map<string, FileEntry>();
      for (const key of files.keys()) {
        if (!key.startsWith(prefix)) continue;
        const [name, ...rest] = key.slice(prefix.length).split('/');
        entries.set(name!, { name: name!, dir: rest.length > 0 });
      }
      return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    isDir(p) {
      const prefix = under(p);
      return !prefix.startsWith('..') && [...files.keys()].some((k) => k.startsWith(prefix));
    },
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The add-component request an `added` entry keeps. */
function componentRequest(entry: AddedEntry): AddComponentOptions {
  const o = entry.options ?? {};
  return {
    name: String(entry.name),
    ...(o.instance !== undefined ? { instance: String(o.instance) } : {}),
    control: o.control !== false,
    uses: strings(o.uses),
    connect: strings(o.connect),
    connector: o.connector === undefined ? 'seL4RPCCall' : String(o.connector),
    provides: strings(o.provides),
    dataports: strings(o.dataports),
    emits: strings(o.emits),
    consumes: strings(o.consumes),
    newEvents: strings(o.newEvents),
    ...(o.replace !== undefined ? { replace: String(o.replace) } : {}),
  };
}

const cannot = (entry: AddedEntry, why: string) =>
  new UpdateError(
    `cannot plan again what \`ostoo ${entry.command}${entry.name ? ` ${entry.name}` : ''}\` added in ${entry.dir}: ${why}; nothing was written`,
    'fix its entry in .yo-rc.json (the `added` list), or take newer files by hand',
  );

/**
 * Plans every entry of `record.added` again, in order, into `files` (changed in place), and
 * returns the files that get the exec bit. Programs are the flavor plan's (user-rs renders
 * the record's `programs`), and camkes-rust on an app ostoo made is that app's own support.
 */
export async function replayAdded(
  flavor: Flavor,
  root: string,
  record: ProjectRecord,
  files: Map<string, Buffer>,
): Promise<string[]> {
  const executables: string[] = [];
  const view = mapView(root, files);
  const put = (dir: string, file: string, text: string | Buffer, edit: boolean) => {
    const rel = path.posix.normalize(path.posix.join(dir, file.split(path.sep).join('/')));
    if (isBookkeeping(rel) || rel === flavor.lockFile) return;
    if (edit && !files.has(rel)) return; // a file of the user's: ostoo's lines are in it already
    files.set(rel, typeof text === 'string' ? encodeText(text) : text);
  };
  for (const entry of record.added ?? []) {
    const dir = path.join(root, entry.dir);
    try {
      if (entry.command === 'camkes-component') {
        const build = flavor.componentBuild;
        if (!build) throw new Error(`${flavor.id} projects take no CAmkES components`);
        const adapter = build.adapter({
          rustMk: String(entry.options?.rustMk ?? ''),
          support: () => Promise.reject(new Error('the app has no Rust build support in the fresh tree')),
        });
        const bindgen = entry.options?.bindgen;
        const tool = await findTool('bindgen', bindgen === undefined ? undefined : String(bindgen));
        const plan = await planAddComponent(adapter, dir, componentRequest(entry), tool, view);
        for (const [file, text] of plan.creates) put(entry.dir, file, text, false);
        for (const [file, text] of plan.edits) put(entry.dir, file, text, true);
        for (const file of plan.executables) executables.push(path.posix.join(entry.dir, file));
      } else if (entry.command === 'microkit-pd') {
        const o = entry.options ?? {};
        const sys = readSystemDir(dir, o.system === undefined ? undefined : String(o.system), view);
        if (sys.microkitMk === undefined) throw new Error('the system has no Rust support in the fresh tree');
        const plan = planAddPd(sys, {
          name: String(entry.name),
          channels: strings(o.channels),
          calls: strings(o.calls),
          ...(o.priority === undefined ? {} : { priority: Number(o.priority) }),
        });
        for (const [file, text] of plan.files)
          put(entry.dir, file, text, view.read(path.join(dir, file)) !== undefined);
      }
      // program: rendered by the user-rs plan from `programs`; camkes-rust: the app's own support.
    } catch (err) {
      if (err instanceof UpdateError) throw err;
      const why = err instanceof OstooError ? err.what : (err as Error).message;
      throw cannot(entry, why.split('\n')[0]!);
    }
  }
  return executables;
}
