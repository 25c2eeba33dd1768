// A .system file as an element tree with source positions, from saxes (a conforming XML
// parser). Editors need the exact offsets of each element's tags, so they can insert whole
// lines around them and never re-serialise the user's text.
import { SaxesParser } from 'saxes';
import { SystemFileError } from './errors.js';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** Offset of the `<` that opens the start tag. */
  start: number;
  /** Offset just after the start tag's `>`. */
  openEnd: number;
  /** Offset just after the end tag's `>` (for `<x/>`, the same as openEnd). */
  end: number;
  selfClosing: boolean;
  children: XmlElement[];
  /** Non-whitespace text directly inside the element. */
  text: string;
}

/** 1-based line and column of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** `file:line:column` for messages. */
export function where(file: string, text: string, offset: number): string {
  const { line, column } = positionOf(text, offset);
  return `${file}:${line}:${column}`;
}

/** The document element of `text`; malformed XML is refused with its position. */
export function parseXml(text: string, file: string): XmlElement {
  // Bytes that are not UTF-8 reach us kept as U+DC80..U+DCFF (util/byte-text.ts). Microkit
  // reads a .system file as UTF-8 and refuses them too: name the byte, not an XML character.
  const kept = /[\udc80-\udcff]/u.exec(text);
  if (kept) {
    const byte = (kept[0].charCodeAt(0) - 0xdc00).toString(16).toUpperCase();
    throw new SystemFileError(
      `${where(file, text, kept.index)}: byte 0x${byte} is not UTF-8, and Microkit reads .system files as UTF-8`,
      'save the .system file as UTF-8 first',
    );
  }
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: SystemFileError | undefined;

  parser.on('error', (err) => {
    // saxes reports `line:column: message.`; keep the message, with our own position.
    const message = err.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '').replace(/\.$/, '');
    failure ??= new SystemFileError(
      `${where(file, text, Math.min(parser.position, text.length))}: not well-formed XML (${message})`,
    );
  });
  parser.on('opentagstart', () => {
    // saxes is just past the element's name: its `<` is the last one before.
    const start = text.lastIndexOf('<', parser.position - 1);
    stack.push({ name: '', attributes: {}, start, openEnd: -1, end: -1, selfClosing: false, children: [], text: '' });
  });
  parser.on('opentag', (tag) => {
    const el = stack[stack.length - 1]!;
    el.name = tag.name;
    el.selfClosing = tag.isSelfClosing;
    el.openEnd = parser.position;
    for (const [k, v] of Object.entries(tag.attributes)) el.attributes[k] = typeof v === 'string' ? v : v.value;
  });
  parser.on('text', (t) => {
    const el = stack[stack.length - 1];
    if (el && t.trim()) el.text += t.trim();
  });
  parser.on('closetag', () => {
    const el = stack.pop()!;
    el.end = parser.position;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
  });
  try {
    parser.write(text).close();
  } catch (err) {
    failure ??= new SystemFileError(`${file}: not well-formed XML (${(err as Error).message})`);
  }
  if (failure) throw failure;
  if (!root) throw new SystemFileError(`${file}: no XML element in the file`);
  return root;
}
