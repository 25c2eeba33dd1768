// --uses and --connect of camkes-component, any build system: the interfaces a new component
// uses (procedures defined in the app) and the connections to other instances.
import path from 'node:path';
import { readText, type CamkesApp } from './app-tree.js';
import { clientIdentityNote } from './client-identity.js';
import type { Connection } from './edit/assembly.js';
import { ComponentError } from './edit/component-error.js';
import { importFromComponent, type CamkesBuild } from './component.js';
import { knownMethods, parseProcedures, type CamkesProcedure, type UsedInterface } from './idl.js';
import { assertCIdentifier } from '../identifiers.js';

function parseUses(spec: string): { procedure: string; iface?: string } {
  const [procedure, iface, extra] = spec.split(':');
  if (extra !== undefined || !procedure)
    throw new ComponentError(`--uses '${spec}' must be Procedure or Procedure:iface`, 'e.g. --uses Addition:calc');
  return iface ? { procedure, iface } : { procedure };
}

function parseConnect(spec: string): { iface: string; instance: string; to: string } {
  const m = /^([^=]+)=([^.]+)\.(.+)$/.exec(spec);
  if (!m) throw new ComponentError(`--connect '${spec}' must be iface=instance.iface`, 'e.g. --connect calc=adder.a');
  return { iface: m[1]!, instance: m[2]!, to: m[3]! };
}

export interface InterfacesPlan {
  uses: UsedInterface[];
  /** import lines for the component's .camkes, relative to its directory. */
  imports: string[];
  notes: string[];
  /** Connections for the composition. */
  connections: Connection[];
}

/** --uses and --connect, checked against the app's procedures and composition (any build system). */
export function planInterfaces(
  app: CamkesApp,
  name: string,
  instance: string,
  opts: { uses: string[]; connect: string[]; connector: string },
  build: CamkesBuild,
): InterfacesPlan {
  const { view, dir: appDir, adl, assemblyText, camkesFiles, assembly } = app;
  // Interfaces: procedures defined somewhere in the app.
  const procedures = new Map<string, { proc: CamkesProcedure; file: string }>();
  for (const file of camkesFiles) {
    for (const proc of parseProcedures(readText(view, path.join(appDir, file), 'the app file'))) {
      if (!procedures.has(proc.name)) procedures.set(proc.name, { proc, file });
    }
  }
  const uses: UsedInterface[] = [];
  const imports: string[] = [];
  const notes: string[] = [];
  // Only a Kbuild-era app has tools/rust/camkes-bindgen.sh.
  const bindgenScript = build === 'kbuild' ? ' (or run tools/rust/camkes-bindgen.sh after a build)' : '';
  for (const spec of opts.uses) {
    const { procedure, iface = procedure.toLowerCase() } = parseUses(spec);
    assertCIdentifier(procedure, 'procedure name');
    assertCIdentifier(iface, 'interface name');
    const found = procedures.get(procedure);
    if (!found)
      throw new ComponentError(
        `procedure '${procedure}' is not defined in any .camkes or .idl4 file under ${appDir}`,
        'check its spelling, or add its procedure definition to the app',
      );
    if (uses.some((u) => u.iface === iface))
      throw new ComponentError(`interface '${iface}' is given twice`, 'give each interface its own name');
    uses.push({ procedure: found.proc, iface });
    const { skipped } = knownMethods(found.proc);
    if (skipped.length) {
      notes.push(
        `${procedure}.${skipped.map((m) => m.name).join(', .')} use types from the procedure's own headers; declare ${skipped.map((m) => `${iface}_${m.name}`).join(', ')} in src/camkes.rs by hand${bindgenScript}`,
      );
    }
    if (found.file === adl)
      notes.push(`${procedure} is defined in ${adl} itself, so ${name}.camkes does not import it`);
    else {
      const imp = importFromComponent(name, found.file);
      if (!imports.includes(imp)) imports.push(imp);
    }
  }

  const connections: Connection[] = [];
  const connectionNames = new Set(assembly.connections);
  for (const spec of opts.connect) {
    const c = parseConnect(spec);
    const iface = assertCIdentifier(c.iface, 'interface name');
    const target = assertCIdentifier(c.instance, 'instance name');
    const to = assertCIdentifier(c.to, 'interface name');
    if (!uses.some((u) => u.iface === iface))
      throw new ComponentError(
        `--connect ${spec}: '${iface}' is not one of ${name}'s interfaces`,
        `add --uses Procedure:${iface}`,
      );
    if (!assembly.instances.has(target))
      throw new ComponentError(
        `--connect ${spec}: the composition has no instance '${target}'`,
        'name an instance the assembly declares',
      );
    const conn = `${instance}_${iface}`;
    if (connectionNames.has(conn))
      throw new ComponentError(
        `the composition already has a connection named '${conn}'`,
        'choose another --instance or interface name',
      );
    connectionNames.add(conn);
    connections.push({
      connector: opts.connector,
      name: conn,
      from: { instance, iface },
      to: { instance: target, iface: to },
    });
    const identity = clientIdentityNote(
      view,
      appDir,
      assemblyText,
      { instance: target, iface: to, type: assembly.instances.get(target)! },
      { instance, iface },
    );
    if (identity) {
      notes.push(
        `${target}.${to} tells its clients apart (${identity.evidence.join('; ')}); ostoo cannot know the value for ${instance}: ` +
          `add to the configuration block of ${adl}:\n    ${identity.lines.join('\n    ')}`,
      );
    }
  }

  return { uses, imports, notes, connections };
}
