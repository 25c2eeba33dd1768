// A deterministic GNU/SysV `ar` archive writer. We write the symbol index (`/`) ourselves so
// that linkers accept the archive without running ranlib, and we zero every timestamp and id so
// the same inputs always give the same bytes (`ar D` semantics).

export interface ArMember {
  name: string;
  data: Buffer;
}

/** A symbol the index points at: `member` is an index into the members array. */
export interface ArSymbol {
  name: string;
  member: number;
}

const GLOBAL_HEADER = '!<arch>\n';
const HEADER_SIZE = 60;
// GNU stores short names as "name/" in the 16-byte field, so 15 characters fit.
const MAX_SHORT_NAME = 15;

function field(value: string, width: number): string {
  if (value.length > width) throw new Error(`ar: header field "${value}" exceeds ${width} characters`);
  return value.padEnd(width, ' ');
}

function header(name: string, size: number, ids: { mtime: string; uid: string; gid: string; mode: string }): Buffer {
  const text =
    field(name, 16) +
    field(ids.mtime, 12) +
    field(ids.uid, 6) +
    field(ids.gid, 6) +
    field(ids.mode, 8) +
    field(String(size), 10) +
    '`\n';
  return Buffer.from(text, 'latin1');
}

const memberIds = { mtime: '0', uid: '0', gid: '0', mode: '644' };
// What GNU `ar D` writes for the special members; copied so `ar`/`cmp` comparisons stay meaningful.
const indexIds = { mtime: '0', uid: '0', gid: '0', mode: '0' };
const longNameIds = { mtime: '', uid: '', gid: '', mode: '' };

/** Header plus data plus the `\n` that keeps the next header on an even offset. */
function entry(head: Buffer, data: Buffer): Buffer {
  return Buffer.concat([head, data, data.length % 2 ? Buffer.from('\n') : Buffer.alloc(0)]);
}

function paddedSize(dataLength: number): number {
  return HEADER_SIZE + dataLength + (dataLength % 2);
}

function checkName(name: string): void {
  if (name === '' || /[/\n\0]/.test(name)) throw new Error(`ar: invalid member name ${JSON.stringify(name)}`);
}

export function writeArchive(members: ArMember[], symbols: ArSymbol[]): Buffer {
  members.forEach((m) => checkName(m.name));
  for (const s of symbols) {
    if (!Number.isInteger(s.member) || s.member < 0 || s.member >= members.length) {
      throw new Error(`ar: symbol ${s.name} refers to member ${s.member}, but there are ${members.length}`);
    }
    if (s.name === '' || s.name.includes('\0')) throw new Error(`ar: invalid symbol name ${JSON.stringify(s.name)}`);
  }

  // Long names go into the `//` table as "name/\n"; the member header then says "/<offset>".
  let longNames = '';
  const headerNames = members.map((m) => {
    if (Buffer.byteLength(m.name) <= MAX_SHORT_NAME) return `${m.name}/`;
    const ref = `/${Buffer.byteLength(longNames)}`;
    longNames += `${m.name}/\n`;
    return ref;
  });
  // As GNU ar does, the table's own `\n` padding counts in its size.
  if (Buffer.byteLength(longNames) % 2) longNames += '\n';
  const longNameData = Buffer.from(longNames);

  // The index stores absolute member offsets, so its own size must be known first.
  // GNU ar pads the index's name list with NUL (inside the member) rather than `\n` after it.
  const names = Buffer.concat(symbols.map((s) => Buffer.from(`${s.name}\0`)));
  const indexSize = symbols.length ? 4 + 4 * symbols.length + names.length + (names.length % 2) : 0;
  let offset =
    GLOBAL_HEADER.length +
    (symbols.length ? paddedSize(indexSize) : 0) +
    (longNameData.length ? paddedSize(longNameData.length) : 0);
  const memberOffsets = members.map((m) => {
    const at = offset;
    offset += paddedSize(m.data.length);
    return at;
  });

  const parts: Buffer[] = [Buffer.from(GLOBAL_HEADER, 'latin1')];
  // GNU ar omits the index when nothing is exported; so do we.
  if (symbols.length) {
    const index = Buffer.alloc(indexSize);
    index.writeUInt32BE(symbols.length, 0);
    symbols.forEach((s, i) => index.writeUInt32BE(memberOffsets[s.member]!, 4 + 4 * i));
    names.copy(index, 4 + 4 * symbols.length);
    parts.push(entry(header('/', indexSize, indexIds), index));
  }
  if (longNameData.length) parts.push(entry(header('//', longNameData.length, longNameIds), longNameData));
  members.forEach((m, i) => parts.push(entry(header(headerNames[i]!, m.data.length, memberIds), m.data)));
  const archive = Buffer.concat(parts);
  if (archive.length > 0xffffffff) throw new Error('ar: archive exceeds the 4 GiB a 32-bit symbol index can address');
  return archive;
}
