// A Rust PD's typed API (its `src/system.rs`), computed from the .system model: one type per
// channel with only the operations its end allows (`notify` when notify="true", `ppcall` when
// pp="true"), one per IRQ (`ack`), one constant per mapped memory region (its address, size
// and access from the mapping), and the handler trait with `notified` only if something can
// notify the PD and `protected` only if something can call it.
import { renderTemplate } from '../render/tree.js';
import { channelsOf, type SystemModel } from './system-model.js';
import { constName, IdentAllocator, typeName } from './rust-names.js';

export interface ChannelItem {
  /** What the channel allows, for its doc comment. */
  doc: string;
  /** `pub const KONST: Type = Type(());`, laid out as rustfmt would. */
  constItem: string;
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
  constItem: string;
  type: string;
  konst: string;
  id: number;
  irq: string;
  trigger: string;
}

export interface RegionItem {
  /** The constant, laid out as rustfmt would. */
  item: string;
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
  /** Enum variants (type and constant) of what may notify the PD (channels, then IRQs) and call it. */
  notifiers: { type: string; konst: string }[];
  callers: { type: string; konst: string }[];
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

/** `head tail` on one line when rustfmt (max_width 100) would keep it so, else broken after `=`. */
function rustfmtItem(head: string, tail: string): string {
  const one = `${head} ${tail}`;
  return one.length <= 100 ? one : `${head}\n    ${tail}`;
}

const unitConst = (konst: string, type: string) => rustfmtItem(`pub const ${konst}: ${type} =`, `${type}(());`);

/** `this PD may notify it and call it; it may notify this PD` */
function channelDoc(notify: boolean, call: boolean, notified: boolean, called: boolean): string {
  const verbs = (n: boolean, c: boolean) => [n ? 'notify' : '', c ? 'call' : ''].filter(Boolean);
  const mine = verbs(notify, call);
  const theirs = verbs(notified, called);
  return [
    mine.length ? `this PD may ${mine.map((v) => `${v} it`).join(' and ')}` : 'this PD may neither notify nor call it',
    theirs.length ? `it may ${theirs.join(' and ')} this PD` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

export function pdApi(model: SystemModel, pd: string, systemFile: string): PdApi {
  const self = model.pds.find((p) => p.name === pd);
  if (!self) throw new Error(`no protection domain '${pd}' in ${model.file}`);
  const names = new IdentAllocator(reserved);

  // Channels by id, so the names (and their numbered variants) do not depend on document order.
  const channels = channelsOf(model, pd)
    .sort((x, y) => x.self.id - y.self.id)
    .map(({ self: end, peer }): ChannelItem => {
      const type = names.take(typeName(peer.pd), String(end.id));
      const konst = names.take(constName(peer.pd), String(end.id));
      return {
        doc: channelDoc(end.notify, end.pp, peer.notify, peer.pp),
        constItem: unitConst(konst, type),
        type,
        konst,
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
    .map((irq): IrqItem => {
      const type = names.take(`Irq${irq.irq}`, `Id${irq.id}`);
      const konst = names.take(`IRQ${irq.irq}`, `ID${irq.id}`);
      const item = { type, konst, id: irq.id, irq: irq.irq.toString(), trigger: irq.trigger };
      return { ...item, constItem: unitConst(konst, type) };
    });
  const sizes = new Map(model.memoryRegions.map((mr) => [mr.name, mr.size]));
  const regions = self.maps.map((map): RegionItem => {
    const konst = names.take(constName(map.mr, 'MR_'), hex(map.vaddr).toUpperCase());
    const access = map.read && map.write ? 'ReadWrite' : map.read ? 'ReadOnly' : 'Opaque';
    const [vaddr, size] = [hex(map.vaddr), hex(sizes.get(map.mr)!)];
    const item = rustfmtItem(
      `pub const ${konst}: MemoryRegion<access::${access}> =`,
      `unsafe { MemoryRegion::new(${vaddr}, ${size}) };`,
    );
    return { item, konst, mr: map.mr, vaddr, size, perms: map.perms, access, cached: map.cached };
  });
  return {
    pd,
    systemFile,
    channels,
    irqs,
    regions,
    notifiers: [...channels.filter((c) => c.notified), ...irqs].map(({ type, konst }) => ({ type, konst })),
    callers: channels.filter((c) => c.called).map(({ type, konst }) => ({ type, konst })),
  };
}

/** The text of the PD's `src/system.rs`. */
export function renderPdApi(api: PdApi): string {
  return renderTemplate('microkit/system.rs.ejs', { api });
}
