// camkes-component with --provides, --dataport, --emits, --consumes or --replace: the
// component is made from its declaration (component-plan.ts), which comes from the options
// (declaration.ts) or from the C component whose instance it takes over. Any build system:
// what the build files need is the component's name, its C glue and its header directories.
import path from 'node:path';
import type { CamkesApp } from '../app-tree.js';
import type { CliTool } from '../bindings.js';
import { importFromComponent, type CamkesBuild } from '../component.js';
import type { Connection } from '../edit/assembly.js';
import { ComponentError } from '../edit/component-error.js';
import { findInstance } from '../edit/instance-type.js';
import { assertCIdentifier } from '../../identifiers.js';
import { indexApp } from './app-index.js';
import { planRustComponent } from './component-plan.js';
import { planConnections } from './connections.js';
import { declarationFromComponent, declarationFromSpecs, type BuiltDeclaration } from './declaration.js';

export interface DeclaredOptions {
  control: boolean;
  uses: readonly string[];
  provides: readonly string[];
  dataports: readonly string[];
  emits: readonly string[];
  consumes: readonly string[];
  newEvents: readonly string[];
  connect: readonly string[];
  connector: string;
  /** The instance whose (C) component the new one replaces. */
  replace?: string;
}

/** True when the options need a component made from its declaration. */
export const needsDeclaredPlan = (o: Partial<DeclaredOptions>) =>
  Boolean(o.replace) || [o.provides, o.dataports, o.emits, o.consumes].some((l) => (l?.length ?? 0) > 0);

export interface DeclaredPlan {
  files: Map<string, string | Buffer>;
  /** App-relative directories of the headers its declaration includes. */
  includeDirs: string[];
  connections: Connection[];
  notes: string[];
  /** --replace: the type the instance had. */
  replaced?: string;
}

/** The instance --replace names and its C component, refused unless it is one. */
export function replacedComponent(app: CamkesApp, instance: string): { type: string } {
  assertCIdentifier(instance, 'instance name');
  const found = findInstance(app.assemblyText, instance);
  if (!found)
    throw new ComponentError(
      `--replace ${instance}: the composition in ${app.adl} has no instance '${instance}' — name one of ${[...app.assembly.instances.keys()].join(', ') || 'its instances'}`,
    );
  return { type: found.type };
}

export async function planDeclared(
  app: CamkesApp,
  name: string,
  instance: string,
  opts: DeclaredOptions,
  build: CamkesBuild,
  bindgen?: CliTool,
): Promise<DeclaredPlan> {
  const index = indexApp(app.view, app.dir, app.camkesFiles);
  let built: BuiltDeclaration;
  let replaced: string | undefined;
  if (opts.replace) {
    const given = (['provides', 'uses', 'dataports', 'emits', 'consumes'] as const).filter((k) => opts[k].length);
    if (given.length)
      throw new ComponentError(
        `--replace takes the interfaces of the C component it replaces — drop ${given.map((k) => `--${k === 'dataports' ? 'dataport' : k}`).join(', ')}`,
      );
    replaced = replacedComponent(app, opts.replace).type;
    const c = index.components.get(replaced);
    if (!c)
      throw new ComponentError(
        `--replace ${opts.replace}: its component ${replaced} is not defined in any .camkes file of the app`,
        'define it in a .camkes file the assembly imports, or name another instance with --replace',
      );
    const cDir = path.posix.dirname(c.where.file);
    if (app.view.read(path.join(app.dir, cDir, 'Cargo.toml')) !== undefined)
      throw new ComponentError(
        `--replace ${opts.replace}: its component ${replaced} is already a Rust component (${cDir}/Cargo.toml) — edit it there`,
      );
    built = declarationFromComponent(index, c);
  } else {
    const headers = listHeaders(app);
    built = declarationFromSpecs(index, app.view, app.dir, headers, {
      control: opts.control,
      provides: opts.provides,
      uses: opts.uses,
      dataports: opts.dataports,
      emits: opts.emits,
      consumes: opts.consumes,
      newEvents: opts.newEvents,
    });
  }
  const imports = built.procedureFiles.filter((f) => f !== app.adl).map((f) => importFromComponent(name, f));
  const notes = built.procedureFiles.includes(app.adl)
    ? [`a procedure is defined in ${app.adl} itself, so ${name}.camkes does not import it`]
    : [];
  const planned = planConnections(name, instance, built.decl, opts.connect, app.assembly, index, opts.connector);
  const component = await planRustComponent(
    { view: app.view, dir: app.dir, index },
    { name, decl: built.decl, imports, build, ...(replaced ? { replaces: replaced } : {}) },
    bindgen,
  );
  return {
    files: component.files,
    includeDirs: component.includeDirs,
    connections: planned.connections,
    notes: [...notes, ...component.notes],
    ...(replaced ? { replaced } : {}),
  };
}

/** The app's headers (app-relative), where a --dataport type may be defined. */
function listHeaders(app: CamkesApp): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of app.view.list(path.join(app.dir, rel))) {
      if (e.name === 'target' || e.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.dir) walk(r);
      else if (e.name.endsWith('.h')) out.push(r);
    }
  };
  walk('');
  return out;
}
