// A minimal ELF64 little-endian relocatable object (ET_REL) writer: position-independent
// function bodies in one `.text`, exported as GLOBAL FUNC symbols. Enough to ship hand-assembled
// stubs without needing an assembler on the user's machine. No relocations are supported.

export const EM_X86_64 = 62;

export interface ElfFunction {
  name: string;
  code: Buffer;
}

export interface ElfObjectOptions {
  functions: ElfFunction[];
  /** e_machine; the code bytes must of course be for this machine. */
  machine?: number;
  /** e_flags (RISC-V records its float ABI and RVC use here). */
  flags?: number;
  /** Recorded as the STT_FILE symbol, as compilers do for the source file. */
  sourceName?: string;
  /** Alignment of each function inside `.text`. */
  functionAlign?: number;
}

const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;
const SHN_ABS = 0xfff1;
const STB_LOCAL = 0;
const STB_GLOBAL = 1;
const STT_FUNC = 2;
const STT_SECTION = 3;
const STT_FILE = 4;
const EHDR_SIZE = 64;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;

// Section indices, fixed by the order of `sections` below.
const TEXT = 1;
const STRTAB = 4;

/** Builds a string table: offset 0 is the empty string, as ELF requires. */
class StringTable {
  private data = '\0';
  add(s: string): number {
    const at = Buffer.byteLength(this.data);
    this.data += `${s}\0`;
    return at;
  }
  bytes(): Buffer {
    return Buffer.from(this.data);
  }
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

interface Section {
  name: string;
  type: number;
  flags: number;
  data: Buffer;
  align: number;
  link?: number;
  info?: number;
  entsize?: number;
}

interface Sym {
  name: number;
  info: number;
  shndx: number;
  value: number;
  size: number;
}

export function writeElfObject(options: ElfObjectOptions): Buffer {
  const { functions, machine = EM_X86_64, flags = 0, sourceName, functionAlign = 16 } = options;
  const names = new Set<string>();
  for (const f of functions) {
    if (f.name === '' || f.name.includes('\0') || names.has(f.name))
      throw new Error(`elf: invalid or duplicate symbol name ${JSON.stringify(f.name)}`);
    names.add(f.name);
  }

  // .text: functions back to back, each starting on a functionAlign boundary (zero padding,
  // never executed since every body ends in a return or a trap).
  const textParts: Buffer[] = [];
  const offsets: number[] = [];
  let textSize = 0;
  for (const f of functions) {
    const at = alignUp(textSize, functionAlign);
    textParts.push(Buffer.alloc(at - textSize));
    offsets.push(at);
    textParts.push(f.code);
    textSize = at + f.code.length;
  }
  const text = Buffer.concat(textParts);

  // Locals must precede globals; sh_info of .symtab is the index of the first global.
  const strtab = new StringTable();
  const symbols: Sym[] = [{ name: 0, info: 0, shndx: 0, value: 0, size: 0 }];
  if (sourceName)
    symbols.push({
      name: strtab.add(sourceName),
      info: (STB_LOCAL << 4) | STT_FILE,
      shndx: SHN_ABS,
      value: 0,
      size: 0,
    });
  symbols.push({ name: 0, info: (STB_LOCAL << 4) | STT_SECTION, shndx: TEXT, value: 0, size: 0 });
  const firstGlobal = symbols.length;
  functions.forEach((f, i) =>
    symbols.push({
      name: strtab.add(f.name),
      info: (STB_GLOBAL << 4) | STT_FUNC,
      shndx: TEXT,
      value: offsets[i]!,
      size: f.code.length,
    }),
  );
  const symtab = Buffer.alloc(symbols.length * SYM_SIZE);
  symbols.forEach((s, i) => {
    const o = i * SYM_SIZE;
    symtab.writeUInt32LE(s.name, o);
    symtab.writeUInt8(s.info, o + 4);
    symtab.writeUInt8(0, o + 5); // st_other: STV_DEFAULT
    symtab.writeUInt16LE(s.shndx, o + 6);
    symtab.writeBigUInt64LE(BigInt(s.value), o + 8);
    symtab.writeBigUInt64LE(BigInt(s.size), o + 16);
  });

  const sections: Section[] = [
    { name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, data: text, align: functionAlign },
    // Its presence (without SHF_EXECINSTR) tells GNU ld this object does not need an executable stack.
    { name: '.note.GNU-stack', type: SHT_PROGBITS, flags: 0, data: Buffer.alloc(0), align: 1 },
    {
      name: '.symtab',
      type: SHT_SYMTAB,
      flags: 0,
      data: symtab,
      align: 8,
      link: STRTAB,
      info: firstGlobal,
      entsize: SYM_SIZE,
    },
    { name: '.strtab', type: SHT_STRTAB, flags: 0, data: strtab.bytes(), align: 1 },
  ];
  const shstrtab = new StringTable();
  const sectionNames = sections.map((s) => shstrtab.add(s.name));
  const shstrndx = sections.length + 1;
  sectionNames.push(shstrtab.add('.shstrtab'));
  sections.push({ name: '.shstrtab', type: SHT_STRTAB, flags: 0, data: shstrtab.bytes(), align: 1 });

  // File layout: header, section contents in order, then the section header table.
  let offset = EHDR_SIZE;
  const sectionOffsets = sections.map((s) => {
    offset = alignUp(offset, s.align);
    const at = offset;
    offset += s.data.length;
    return at;
  });
  const shoff = alignUp(offset, 8);
  const out = Buffer.alloc(shoff + SHDR_SIZE * (sections.length + 1));

  Buffer.from([
    0x7f, 0x45, 0x4c, 0x46, 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */, 0 /* SYSV ABI */,
  ]).copy(out, 0);
  out.writeUInt16LE(1, 16); // e_type: ET_REL
  out.writeUInt16LE(machine, 18);
  out.writeUInt32LE(1, 20); // e_version
  // e_entry, e_phoff stay 0: relocatable objects have neither.
  out.writeBigUInt64LE(BigInt(shoff), 40);
  out.writeUInt32LE(flags, 48); // e_flags
  out.writeUInt16LE(EHDR_SIZE, 52); // e_ehsize
  out.writeUInt16LE(SHDR_SIZE, 58); // e_shentsize
  out.writeUInt16LE(sections.length + 1, 60); // e_shnum, counting the null section
  out.writeUInt16LE(shstrndx, 62);

  sections.forEach((s, i) => {
    s.data.copy(out, sectionOffsets[i]!);
    const h = shoff + SHDR_SIZE * (i + 1); // entry 0 is the all-zero null section
    out.writeUInt32LE(sectionNames[i]!, h);
    out.writeUInt32LE(s.type, h + 4);
    out.writeBigUInt64LE(BigInt(s.flags), h + 8);
    // sh_addr 0: not loaded at a fixed address.
    out.writeBigUInt64LE(BigInt(sectionOffsets[i]!), h + 24);
    out.writeBigUInt64LE(BigInt(s.data.length), h + 32);
    out.writeUInt32LE(s.link ?? 0, h + 40);
    out.writeUInt32LE(s.info ?? 0, h + 44);
    out.writeBigUInt64LE(BigInt(s.align), h + 48);
    out.writeBigUInt64LE(BigInt(s.entsize ?? 0), h + 56);
  });
  return out;
}
