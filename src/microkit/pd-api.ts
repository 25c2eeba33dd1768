// A Rust PD's typed API (its `src/system.rs`), computed from the .system model: one type per
// channel with only the operations its end allows (`notify` when notify="true", `ppcall` when
// pp="true"), one per IRQ (`ack`), one constant per mapped memory region (its address, size
// and access from the mapping), and the handler trait with `notified` only if something can
// notify the PD and `protected` only if something can call it.
import { renderTemplate } from '../render/tree.js';
import { channelsOf, type SystemModel } from './system-model.js';
import { constName, IdentAllocator, typeName } from './rust-names.js';

export interface ChannelItem {
  type: string;
  konst: string;
  id: number;
  peer: string;
  /** This end may notify the peer / call it. */
  notify: boolean;
  ppcall: boolean;
  /** The peer may notify this PD / call it. */
  notified: boolean;
  called: boolean;
}

export interface IrqItem {
  type: string;
  konst: string;
  id: number;
  irq: string;
  trigger: string;
}

export interface RegionItem {
  konst: string;
  mr: string;
  vaddr: string;
  size: string;
  perms: string;
  access: 'ReadWrite' | 'ReadOnly' | 'Opaque';
  cached: boolean;
}

export interface PdApi {
  pd: string;
  /** The .system file's name, for the header. */
  systemFile: string;
  channels: ChannelItem[];
  irqs: IrqItem[];
  regions: RegionItem[];
  /** Enum variants: the type names of what may notify the PD (channels, then IRQs) and call it. */
  notifiers: string[];
  callers: string[];
}

/** Names the module defines or imports itself. */
const reserved = [
  'Notification',
  'Caller',
  'ProtectionDomain',
  'ChannelId',
  'MemoryRegion',
  'MessageInfo',
  'access',
  'microkit',
  'notification',
  'caller',
  'protection_domain',
  'Self',
];

const hex = (n: bigint) => `0x${n.toString(16)}`;

export function pdApi(model: SystemModel, pd: string, systemFile: string): PdApi {
  const self = model.pds.find((p) => p.name === pd);
  if (!self) throw new Error(`no protection domain '${pd}' in ${model.file}`);
  const names = new IdentAllocator(reserved);

  // Channels by id, so the names (and their numbered variants) do not depend on document order.
  const channels = channelsOf(model, pd)
    .sort((x, y) => x.self.id - y.self.id)
    .map(({ self: end, peer }): ChannelItem => {
      const type = names.take(typeName(peer.pd), String(end.id));
      return {
        type,
        konst: names.take(constName(peer.pd), String(end.id)),
        id: end.id,
        peer: peer.pd,
        notify: end.notify,
        ppcall: end.pp,
        notified: peer.notify,
        called: peer.pp,
      };
    });
  const irqs = [...self.irqs]
    .sort((x, y) => x.id - y.id)
    .map((irq): IrqItem => ({
      type: names.take(`Irq${irq.irq}`, `Id${irq.id}`),
      konst: names.take(`IRQ${irq.irq}`, `ID${irq.id}`),
      id: irq.id,
      irq: irq.irq.toString(),
      trigger: irq.trigger,
    }));
  const sizes = new Map(model.memoryRegions.map((mr) => [mr.name, mr.size]));
  const regions = self.maps.map((map): RegionItem => ({
    konst: names.take(constName(map.mr, 'MR_'), hex(map.vaddr).toUpperCase()),
    mr: map.mr,
    vaddr: hex(map.vaddr),
    size: hex(sizes.get(map.mr)!),
    perms: map.perms,
    access: map.read && map.write ? 'ReadWrite' : map.read ? 'ReadOnly' : 'Opaque',
    cached: map.cached,
  }));
  return {
    pd,
    systemFile,
    channels,
    irqs,
    regions,
    notifiers: [...channels.filter((c) => c.notified).map((c) => c.type), ...irqs.map((i) => i.type)],
    callers: channels.filter((c) => c.called).map((c) => c.type),
  };
}

/** The text of the PD's `src/system.rs`. */
export function renderPdApi(api: PdApi): string {
  return renderTemplate('microkit/system.rs.ejs', { api });
}
