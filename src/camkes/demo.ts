// The generated app's Rust components (both CAmkES flavors): `client` calls the C component
// and the Rust server over RPC, writes a note into a dataport they share and emits an event;
// the Rust server (`<C component>_rs`) answers the call and reads the note when the event
// arrives. Both are made from their declarations as `ostoo camkes-component` makes any
// component (rust/component-plan.ts), with the demo's code in place of the stubs.
import path from 'node:path';
import { renderTemplate, type FileMap } from '../render/tree.js';
import { camkesQuoting } from '../render/camkes-quote.js';
import type { FileView } from '../util/file-view.js';
import type { CliTool } from './bindings.js';
import { importFromComponent, type CamkesBuild } from './component.js';
import { ComponentError } from './edit/component-error.js';
import { parseCamkes } from './model/parse.js';
import { indexApp } from './rust/app-index.js';
import { emptyDeclaration, type Declaration } from './model/model.js';
import { planRustComponent } from './rust/component-plan.js';

export interface DemoNames {
  component: string;
  cComponent: string;
  procedure: string;
  library: string;
}

/** The demo's names that follow from the app's: the Rust server, its procedure, the dataport and the event. */
export function demoServerNames(names: DemoNames) {
  const procedure = `${names.procedure}Rust`;
  return {
    server: `${names.cComponent}_rs`,
    serverInstance: `${names.cComponent}_rs_obj`,
    rustProcedure: procedure,
    rustIface: procedure.toLowerCase(),
    dataport: 'notes',
    event: 'ready',
    eventType: 'Ready',
  };
}

/** The Rust server's procedure: a string in, a string back and an `out` checksum. */
export const rustProcedureText = (procedure: string) =>
  `procedure ${procedure} {\n    string greet(in string name, out uint32_t checksum);\n};\n`;

/** A FileView over planned files (paths relative to `dir`). */
function planView(files: FileMap, dir: string): FileView {
  const rel = (p: string) => path.relative(dir, p).split(path.sep).join('/');
  return {
    read: (file) => {
      const v = files.get(rel(file));
      return v === undefined ? undefined : String(v);
    },
    list: () => [],
    isDir: (p) => [...files.keys()].some((f) => f.startsWith(`${rel(p)}/`)),
  };
}

function declaration(text: string, name: string): Declaration {
  const c = parseCamkes(text, `${name}.camkes`).components.find((x) => x.name === name);
  if (!c)
    throw new ComponentError(
      `the demo's declaration of ${name} does not parse`,
      'this is a fault in the installed generator-ostoo templates: reinstall it, or report it',
    );
  const { name: _n, where: _w, text: _t, compound: _c, hardware: _h, ...decl } = c;
  return { ...emptyDeclaration(), ...decl };
}

/**
 * Both Rust components of the demo, app-relative. `appFiles` holds the app's interface file
 * (`interfaceFile`, with both procedures), relative to the app directory.
 */
export async function planDemoComponents(
  names: DemoNames,
  appFiles: FileMap,
  interfaceFile: string,
  build: CamkesBuild,
  bindgen?: CliTool,
): Promise<{ files: FileMap; components: string[] }> {
  const d = demoServerNames(names);
  const qk = camkesQuoting;
  const dir = '/app';
  const view = planView(appFiles, dir);
  const index = indexApp(view, dir, [interfaceFile]);
  const data = {
    ...names,
    ...d,
    iface: d.rustIface,
    method: 'greet',
    procedure: d.rustProcedure,
    cIface: names.procedure.toLowerCase(),
    qk,
  };
  const client = declaration(
    [
      `component ${qk.ident(names.component)} {`,
      '    control;',
      `    uses ${qk.ident(names.procedure)} ${qk.ident(data.cIface)};`,
      `    uses ${qk.ident(d.rustProcedure)} ${qk.ident(d.rustIface)};`,
      `    emits ${d.eventType} ${d.event};`,
      `    dataport Buf ${d.dataport};`,
      '}',
    ].join('\n'),
    names.component,
  );
  const server = declaration(
    [
      `component ${qk.ident(d.server)} {`,
      '    control;',
      `    provides ${qk.ident(d.rustProcedure)} ${qk.ident(d.rustIface)};`,
      `    consumes ${d.eventType} ${d.event};`,
      `    dataport Buf ${d.dataport};`,
      '}',
    ].join('\n'),
    d.server,
  );
  const files: FileMap = new Map();
  const app = { view, dir, index };
  const clientPlan = await planRustComponent(
    app,
    {
      name: names.component,
      decl: client,
      imports: [importFromComponent(names.component, interfaceFile)],
      build,
      demo: { imports: '', run: renderTemplate('camkes-demo/client-run.rs.ejs', data) },
    },
    bindgen,
  );
  const serverPlan = await planRustComponent(
    app,
    {
      name: d.server,
      decl: server,
      imports: [importFromComponent(d.server, interfaceFile)],
      build,
      demo: {
        imports: '',
        run: renderTemplate('camkes-demo/server-run.rs.ejs', data),
        items: renderTemplate('camkes-demo/server-items.rs.ejs', data),
        provides: { [d.rustIface]: renderTemplate('camkes-demo/server-provides.rs.ejs', data) },
      },
    },
    bindgen,
  );
  for (const [f, t] of [...clientPlan.files, ...serverPlan.files]) files.set(f, t);
  return { files, components: [names.component, d.server] };
}
