// Adds a protection domain and its channels to a .system file by inserting whole lines: the
// PD after the last top-level PD, each channel after the last channel (or both before
// `</system>`), indented, spaced and line-ended like the file around them. Nothing the user
// wrote is re-serialised; the result is read back to prove it says what was meant.
import { xmlAttr } from '../render/quote.js';
import { indentOf, joinLines, lineOfOffset, splitLines } from '../camkes/edit/lines.js';
import { SystemFileError } from './errors.js';
import { readSystem, type SystemModel } from './system-model.js';
import type { XmlElement } from './xml-tree.js';

export interface NewPd {
  name: string;
  priority: number;
  programImage: string;
}

export interface NewChannelEnd {
  pd: string;
  id: number;
  /** Written only when true (pp="false" is the default). */
  pp?: boolean;
}

export interface SystemAdditions {
  pd: NewPd;
  channels: [NewChannelEnd, NewChannelEnd][];
}

interface Layout {
  eol: '\r\n' | '\n';
  /** Indent of <system>'s children, and one level further in. */
  outer: string;
  inner: string;
  /** ` />` or `/>`, as the file closes empty elements. */
  close: string;
  /** Whether top-level elements are separated by blank lines. */
  blank: boolean;
}

function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === '';
}

function endsLine(text: string, offset: number): boolean {
  const lineEnd = text.indexOf('\n', offset);
  return text.slice(offset, lineEnd < 0 ? text.length : lineEnd).trim() === '';
}

function layoutOf(model: SystemModel): Layout {
  const { text, root } = model;
  const lines = splitLines(text).lines;
  const lineOf = (el: XmlElement) => lines[lineOfOffset(text, el.start)]!;
  const top = root.children.filter((el) => startsLine(text, el.start));
  const outer = top.length ? indentOf(lineOf(top[0]!)) : '    ';
  const nested = model.root.children
    .flatMap((el) => el.children)
    .find((el) => startsLine(text, el.start) && indentOf(lineOf(el)).startsWith(outer));
  const inner = nested ? indentOf(lineOf(nested)) : '';
  const empty = model.pds.flatMap((pd) => pd.el.children).find((el) => el.selfClosing);
  const close = empty && !/\s\/>$/.test(text.slice(empty.start, empty.end)) ? '/>' : ' />';
  const lastPd = [...root.children].reverse().find((el) => el.name === 'protection_domain');
  const before = lastPd ? lineOfOffset(text, lastPd.start) - 1 : -1;
  return {
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    outer,
    inner: inner.length > outer.length ? inner : outer + (outer || '    '),
    close,
    blank: before >= 0 && lines[before]!.trim() === '',
  };
}

function pdLines(pd: NewPd, l: Layout): string[] {
  return [
    `${l.outer}<protection_domain name=${xmlAttr(pd.name, 'PD name')} priority="${pd.priority}">`,
    `${l.inner}<program_image path=${xmlAttr(pd.programImage, 'program image')}${l.close}`,
    `${l.outer}</protection_domain>`,
  ];
}

function channelLines(ends: [NewChannelEnd, NewChannelEnd], l: Layout): string[] {
  const end = (e: NewChannelEnd) =>
    `${l.inner}<end pd=${xmlAttr(e.pd, 'PD name')} id="${e.id}"${e.pp ? ' pp="true"' : ''}${l.close}`;
  return [`${l.outer}<channel>`, end(ends[0]), end(ends[1]), `${l.outer}</channel>`];
}

/** The line index new lines go before: after the last `name` element, or before `</system>`. */
function insertionLine(model: SystemModel, name: string): number {
  const { text, root } = model;
  const last = [...root.children].reverse().find((el) => el.name === name);
  if (last && endsLine(text, last.end)) return lineOfOffset(text, last.end) + 1;
  const closing = text.lastIndexOf('</', root.end - 1);
  if (root.selfClosing || !startsLine(text, closing))
    throw new SystemFileError(
      `${model.file}: cannot add whole lines: </system> does not start a line of its own`,
      'put </system> on its own line first',
    );
  return lineOfOffset(text, closing);
}

/** The .system text with the PD and channels added; refused when the result would not read back. */
export function addToSystem(model: SystemModel, add: SystemAdditions): string {
  const l = layoutOf(model);
  const doc = splitLines(model.text);
  const withEol = (lines: string[]) => (l.eol === '\r\n' ? lines.map((s) => `${s}\r`) : lines);
  const pdAt = insertionLine(model, 'protection_domain');
  const chAt = insertionLine(model, 'channel');
  const gap = l.blank ? [''] : [];
  const pdBlock = [...gap, ...pdLines(add.pd, l)];
  const chBlock = add.channels.flatMap((c) => [...gap, ...channelLines(c, l)]);
  // Bottom-up, so the earlier index stays valid; at the same line the PD goes first.
  if (chAt >= pdAt) {
    doc.lines.splice(chAt, 0, ...withEol(chBlock));
    doc.lines.splice(pdAt, 0, ...withEol(pdBlock));
  } else {
    doc.lines.splice(pdAt, 0, ...withEol(pdBlock));
    doc.lines.splice(chAt, 0, ...withEol(chBlock));
  }
  const text = joinLines(doc);
  const after = readSystem(text, model.file);
  if (
    after.pds.length !== model.pds.length + 1 ||
    !after.pds.some((p) => p.name === add.pd.name) ||
    after.channels.length !== model.channels.length + add.channels.length
  )
    throw new SystemFileError(`${model.file}: the added lines would not read back as intended`, 'add the PD by hand');
  return text;
}
