// Users' files as text that keeps every byte. Editors work on strings, but a Cargo.toml, a
// build script or a Makefile may hold bytes that are not UTF-8 (a Latin-1 comment), and
// decoding them as UTF-8 turns each into U+FFFD for good. Here each byte that is not part of
// a valid UTF-8 sequence becomes the lone surrogate U+DC00 + byte (Python's
// "surrogateescape"), which no valid UTF-8 text can contain, and turns back into that byte
// when the text is encoded: decode then encode gives the same bytes, and an edit keeps every
// byte it does not change. Valid UTF-8 decodes as usual, so editors compare and splice as
// before.
import { isUtf8 } from 'node:buffer';

const ESCAPE_BASE = 0xdc00;

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when there is none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** The file's bytes as text; bytes that are not UTF-8 become U+DC80..U+DCFF. */
export function decodeBytes(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let out = '';
  let run = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += bytes.toString('utf8', run, i) + String.fromCharCode(ESCAPE_BASE + bytes[i]!);
    run = ++i;
  }
  return out + bytes.toString('utf8', run);
}

// With the u flag a class of surrogates matches lone ones only, never half of a real character.
const escapes = /[\udc80-\udcff]/gu;

/** Text back to bytes: the escapes become the bytes they stand for, everything else UTF-8. */
export function encodeText(text: string): Buffer {
  const parts: Buffer[] = [];
  let run = 0;
  for (const m of text.matchAll(escapes)) {
    parts.push(Buffer.from(text.slice(run, m.index), 'utf8'), Buffer.from([m[0].charCodeAt(0) - ESCAPE_BASE]));
    run = m.index + 1;
  }
  if (run === 0) return Buffer.from(text, 'utf8');
  parts.push(Buffer.from(text.slice(run), 'utf8'));
  return Buffer.concat(parts);
}

/**
 * The text as a parser may see it (TOML, JSON): each kept byte as U+FFFD. Only for checking
 * what an edit means; never written.
 */
export function forParsing(text: string): string {
  return text.replace(escapes, '\ufffd');
}
