// --connect for every kind of interface a Rust component can have: `iface=instance.iface`
// connects ours to another instance's, in the direction and with the connector that kind
// takes (RPC from the user to the provider, shared data, notifications from the emitter),
// after checking that the other end is the matching kind, of the same procedure or type.
import { ComponentError } from '../edit/component-error.js';
import type { Connection } from '../edit/assembly.js';
import type { AssemblyFacts } from '../edit/assembly.js';
import { assertCIdentifier } from '../../identifiers.js';
import type { AppIndex } from './app-index.js';
import type { Declaration } from '../model/model.js';

type Kind = 'uses' | 'provides' | 'dataports' | 'emits' | 'consumes';

/** What the other end must be, the connector, and whether the connection starts at our end. */
const rules: Record<Kind, { peer: Kind; connector: string; fromUs: boolean; what: string }> = {
  uses: { peer: 'provides', connector: 'seL4RPCCall', fromUs: true, what: 'provides' },
  provides: { peer: 'uses', connector: 'seL4RPCCall', fromUs: false, what: 'uses' },
  dataports: { peer: 'dataports', connector: 'seL4SharedData', fromUs: true, what: 'has a dataport' },
  emits: { peer: 'consumes', connector: 'seL4Notification', fromUs: true, what: 'consumes' },
  consumes: { peer: 'emits', connector: 'seL4Notification', fromUs: false, what: 'emits' },
};

function kindOf(decl: Pick<Declaration, Kind>, iface: string): { kind: Kind; type: string } | undefined {
  for (const kind of Object.keys(rules) as Kind[]) {
    const found = decl[kind].find((i) => i.name === iface);
    if (found)
      return { kind, type: 'type' in found && typeof found.type === 'string' ? found.type : dataportType(found) };
  }
  return undefined;
}

const dataportType = (d: object) => {
  const t = (d as { type: { kind: string; spelling?: string; c?: string } }).type;
  return t.kind === 'buf' ? t.spelling! : t.c!;
};

export interface PlannedConnections {
  connections: Connection[];
  /** The RPC connections to a server, for the client-identity note. */
  toServers: { instance: string; iface: string; type: string; from: string }[];
}

/**
 * The connections `specs` ask for. `connector` replaces the kind's own connector when given
 * (e.g. seL4RPCDataport for RPC); `taken` are the composition's connection names.
 */
export function planConnections(
  name: string,
  instance: string,
  decl: Declaration,
  specs: readonly string[],
  assembly: AssemblyFacts,
  app: AppIndex,
  connector?: string,
): PlannedConnections {
  const out: PlannedConnections = { connections: [], toServers: [] };
  const taken = new Set(assembly.connections);
  const ends = new Map(assembly.ends);
  for (const spec of specs) {
    const m = /^([^=]+)=([^.]+)\.(.+)$/.exec(spec);
    if (!m) throw new ComponentError(`--connect '${spec}' must be iface=instance.iface`, 'e.g. --connect calc=adder.a');
    const iface = assertCIdentifier(m[1]!, 'interface name');
    const other = assertCIdentifier(m[2]!, 'instance name');
    const otherIface = assertCIdentifier(m[3]!, 'interface name');
    const ours = kindOf(decl, iface);
    if (!ours)
      throw new ComponentError(
        `--connect ${spec}: '${iface}' is not one of ${name}'s interfaces`,
        'declare it first (--uses, --provides, --dataport, --emits or --consumes)',
      );
    const otherType = assembly.instances.get(other);
    if (!otherType)
      throw new ComponentError(
        `--connect ${spec}: the composition has no instance '${other}'`,
        'name an instance the assembly declares',
      );
    const rule = rules[ours.kind];
    const peer = app.components.get(otherType);
    if (peer) {
      const theirs = kindOf(peer, otherIface);
      if (!theirs)
        throw new ComponentError(
          `--connect ${spec}: ${other} (a ${otherType}) has no interface '${otherIface}'`,
          `name one of ${otherType}'s interfaces`,
        );
      if (theirs.kind !== rule.peer || theirs.type !== ours.type)
        throw new ComponentError(
          `--connect ${spec}: ${name}.${iface} is ${ours.kind} ${ours.type}, so ${other}.${otherIface} must be one that ${rule.what} ${ours.type}; it is ${theirs.kind} ${theirs.type}`,
          'connect it to a matching interface',
        );
    }
    // Only a `provides` end takes more than one connection (each client its own); any other
    // end is in one connection at most (camkes.h would define its functions twice).
    const end = `${other}.${otherIface}`;
    const connectedIn = ends.get(end);
    if (connectedIn && peer && kindOf(peer, otherIface)?.kind !== 'provides')
      throw new ComponentError(
        `--connect ${spec}: ${end} is connected already (connection ${connectedIn}) — connect ${name}.${iface} to another interface, or remove that connection first`,
      );
    const conn = `${instance}_${iface}`;
    if (taken.has(conn))
      throw new ComponentError(
        `the composition already has a connection named '${conn}'`,
        'choose another --instance or interface name',
      );
    taken.add(conn);
    ends.set(end, conn);
    const us = { instance, iface };
    const them = { instance: other, iface: otherIface };
    out.connections.push({
      connector: ours.kind === 'uses' || ours.kind === 'provides' ? (connector ?? rule.connector) : rule.connector,
      name: conn,
      from: rule.fromUs ? us : them,
      to: rule.fromUs ? them : us,
    });
    if (ours.kind === 'uses') out.toServers.push({ instance: other, iface: otherIface, type: otherType, from: iface });
  }
  return out;
}
