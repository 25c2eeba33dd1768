// What a Microkit .system file declares (Microkit 2.0's schema, as its tool reads it in
// tool/microkit/src/sdf.rs): protection domains (nested ones too), memory regions, their
// mappings, IRQs and channels. Values are read the tool's way (numbers may be hex and carry
// `_`; channel and IRQ ids are plain decimals), and what the tool would refuse is refused here
// with the same position, so a model ostoo builds on is one the tool accepts. Elements the
// flavor does not use (virtual machines, setvar) are kept in the tree but not modelled.
import { SystemFileError } from './errors.js';
import { parseXml, where, type XmlElement } from './xml-tree.js';

/** Channel and IRQ ids are 0..=61 (PD_MAX_ID; libmicrokit's MICROKIT_MAX_CHANNELS is 62). */
export const maxChannelId = 61;
export const maxPriority = 254;

export interface Mapping {
  mr: string;
  vaddr: bigint;
  /** As written (default `rw`). */
  perms: string;
  read: boolean;
  write: boolean;
  cached: boolean;
  el: XmlElement;
}

export interface Irq {
  irq: bigint;
  id: number;
  trigger: 'level' | 'edge';
  el: XmlElement;
}

export interface ProtectionDomain {
  name: string;
  priority: number;
  programImage: string;
  maps: Mapping[];
  irqs: Irq[];
  /** The enclosing PD's name, for nested PDs. */
  parent?: string;
  el: XmlElement;
}

export interface MemoryRegion {
  name: string;
  size: bigint;
  el: XmlElement;
}

export interface ChannelEnd {
  pd: string;
  id: number;
  /** This end may make protected procedure calls to the other (default false). */
  pp: boolean;
  /** This end may notify the other (default true). */
  notify: boolean;
  el: XmlElement;
}

export interface Channel {
  ends: [ChannelEnd, ChannelEnd];
  el: XmlElement;
}

export interface SystemModel {
  file: string;
  text: string;
  root: XmlElement;
  /** Every PD, nested ones after their parent (the tool's order). */
  pds: ProtectionDomain[];
  memoryRegions: MemoryRegion[];
  channels: Channel[];
}

/** One end of a channel, seen from `pd`: its own end and the other. */
export interface PdChannel {
  channel: Channel;
  self: ChannelEnd;
  peer: ChannelEnd;
}

export function channelsOf(model: SystemModel, pd: string): PdChannel[] {
  const out: PdChannel[] = [];
  for (const channel of model.channels) {
    const [a, b] = channel.ends;
    if (a.pd === pd) out.push({ channel, self: a, peer: b });
    if (b.pd === pd) out.push({ channel, self: b, peer: a });
  }
  return out;
}

class Reader {
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  fail(el: XmlElement, what: string): never {
    throw new SystemFileError(`${where(this.file, this.text, el.start)}: ${what} on <${el.name}>`);
  }

  required(el: XmlElement, attr: string): string {
    const v = el.attributes[attr];
    if (v === undefined) this.fail(el, `missing attribute '${attr}'`);
    return v;
  }

  /** sdf_parse_number: `_` ignored, `0x` for hex, else decimal; a u64. */
  number(el: XmlElement, attr: string, value: string): bigint {
    const s = value.replace(/_/g, '');
    const hex = s.startsWith('0x');
    const digits = hex ? s.slice(2) : s;
    if (!(hex ? /^\+?[0-9a-fA-F]+$/ : /^\+?[0-9]+$/).test(digits))
      this.fail(el, `'${attr}' is not a number ('${value}')`);
    const n = BigInt(hex ? `0x${digits.replace('+', '')}` : digits.replace('+', ''));
    if (n >= 1n << 64n) this.fail(el, `'${attr}' does not fit in 64 bits`);
    return n;
  }

  /** Rust's plain `parse::<i64>()`, which the tool uses for ids: decimal only. */
  decimal(el: XmlElement, attr: string): number {
    const v = this.required(el, attr);
    if (!/^[+-]?[0-9]+$/.test(v)) this.fail(el, `'${attr}' must be a decimal number ('${v}')`);
    return Number(v);
  }

  id(el: XmlElement): number {
    const id = this.decimal(el, 'id');
    if (id < 0 || id > maxChannelId) this.fail(el, `id must be between 0 and ${maxChannelId}`);
    return id;
  }

  bool(el: XmlElement, attr: string, dflt: boolean): boolean {
    const v = el.attributes[attr];
    if (v === undefined) return dflt;
    if (v !== 'true' && v !== 'false') this.fail(el, `${attr} must be 'true' or 'false'`);
    return v === 'true';
  }
}

function readMap(r: Reader, el: XmlElement): Mapping {
  const perms = el.attributes.perms ?? 'rw';
  if (!/^[rwx]*$/.test(perms)) r.fail(el, "perms must only be a combination of 'r', 'w', and 'x'");
  if (perms === 'w') r.fail(el, "perms must not be 'w', write-only mappings are not allowed");
  return {
    mr: r.required(el, 'mr'),
    vaddr: r.number(el, 'vaddr', r.required(el, 'vaddr')),
    perms,
    read: perms.includes('r'),
    write: perms.includes('w'),
    cached: r.bool(el, 'cached', true),
    el,
  };
}

function readIrq(r: Reader, el: XmlElement): Irq {
  const irq = r.required(el, 'irq');
  if (!/^\+?[0-9]+$/.test(irq)) r.fail(el, `'irq' must be a decimal number ('${irq}')`);
  const trigger = el.attributes.trigger ?? 'level';
  if (trigger !== 'level' && trigger !== 'edge') r.fail(el, "trigger must be either 'level' or 'edge'");
  return { irq: BigInt(irq.replace('+', '')), id: r.id(el), trigger, el };
}

function readPd(r: Reader, el: XmlElement, out: ProtectionDomain[], parent?: string): void {
  const name = r.required(el, 'name');
  const priority = el.attributes.priority === undefined ? 0n : r.number(el, 'priority', el.attributes.priority);
  if (priority > BigInt(maxPriority)) r.fail(el, `priority must be between 0 and ${maxPriority}`);
  const pd: ProtectionDomain = { name, priority: Number(priority), programImage: '', maps: [], irqs: [], el };
  if (parent !== undefined) pd.parent = parent;
  out.push(pd);
  let image: string | undefined;
  for (const child of el.children) {
    if (child.name === 'program_image') {
      if (image !== undefined) r.fail(el, 'program_image must only be specified once');
      image = r.required(child, 'path');
    } else if (child.name === 'map') pd.maps.push(readMap(r, child));
    else if (child.name === 'irq') pd.irqs.push(readIrq(r, child));
    else if (child.name === 'protection_domain') readPd(r, child, out, name);
  }
  if (image === undefined) r.fail(el, `missing 'program_image' element in protection domain '${name}'`);
  pd.programImage = image;
}

function readEnd(r: Reader, el: XmlElement): ChannelEnd {
  if (el.name !== 'end') r.fail(el, 'a channel holds only <end> elements');
  return {
    pd: r.required(el, 'pd'),
    id: r.id(el),
    pp: r.bool(el, 'pp', false),
    notify: r.bool(el, 'notify', true),
    el,
  };
}

/** Parses and checks a .system file's text (`file` names it in messages). */
export function readSystem(text: string, file: string): SystemModel {
  const root = parseXml(text, file);
  const r = new Reader(file, text);
  if (root.name !== 'system') r.fail(root, 'the document element must be <system>');
  const model: SystemModel = { file, text, root, pds: [], memoryRegions: [], channels: [] };
  for (const el of root.children) {
    if (el.name === 'protection_domain') readPd(r, el, model.pds);
    else if (el.name === 'memory_region')
      model.memoryRegions.push({
        name: r.required(el, 'name'),
        size: r.number(el, 'size', r.required(el, 'size')),
        el,
      });
    else if (el.name === 'channel') {
      const ends = el.children.map((e) => readEnd(r, e));
      if (ends.length !== 2) r.fail(el, 'exactly two end elements must be specified');
      const [a, b] = ends as [ChannelEnd, ChannelEnd];
      if (a.pp && b.pp) r.fail(el, 'cannot ppc bidirectionally');
      model.channels.push({ ends: [a, b], el });
    }
  }
  check(r, model);
  return model;
}

/** What the tool checks across elements. */
function check(r: Reader, model: SystemModel): void {
  const pds = new Map<string, ProtectionDomain>();
  for (const pd of model.pds) {
    if (pds.has(pd.name)) r.fail(pd.el, `duplicate protection domain name '${pd.name}'`);
    pds.set(pd.name, pd);
  }
  const mrs = new Set<string>();
  for (const mr of model.memoryRegions) {
    if (mrs.has(mr.name)) r.fail(mr.el, `duplicate memory region name '${mr.name}'`);
    mrs.add(mr.name);
  }
  const ids = new Map<string, Set<number>>();
  const claim = (pd: string, id: number, el: XmlElement) => {
    const used = ids.get(pd) ?? new Set<number>();
    if (used.has(id)) r.fail(el, `duplicate channel id ${id} in protection domain '${pd}'`);
    used.add(id);
    ids.set(pd, used);
  };
  for (const pd of model.pds) {
    for (const map of pd.maps) if (!mrs.has(map.mr)) r.fail(map.el, `invalid memory region name '${map.mr}'`);
    for (const irq of pd.irqs) claim(pd.name, irq.id, irq.el);
  }
  for (const ch of model.channels) {
    for (const end of ch.ends) {
      if (!pds.has(end.pd)) r.fail(end.el, `invalid PD name '${end.pd}'`);
      claim(end.pd, end.id, end.el);
    }
    const [a, b] = ch.ends;
    const caller = a.pp ? a : b.pp ? b : undefined;
    const callee = caller === a ? b : a;
    if (caller && pds.get(caller.pd)!.priority >= pds.get(callee.pd)!.priority)
      r.fail(
        ch.el,
        `PD '${caller.pd}' calls PD '${callee.pd}' (pp="true"), so '${callee.pd}' needs the higher priority`,
      );
  }
}

/** The lowest channel id `pd` does not use yet (for its channels and IRQs alike). */
export function freeChannelId(model: SystemModel, pd: string): number | undefined {
  const used = new Set<number>();
  for (const { self } of channelsOf(model, pd)) used.add(self.id);
  for (const irq of model.pds.find((p) => p.name === pd)?.irqs ?? []) used.add(irq.id);
  for (let id = 0; id <= maxChannelId; id++) if (!used.has(id)) return id;
  return undefined;
}
