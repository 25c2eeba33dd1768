// Checks that a file is what a hobby kernel's loader can run: a 64-bit little-endian, static,
// non-PIE executable entered at `_start`, for the expected machine when one is given. Malformed
// input is reported as a failed check, never thrown.
import { matchStartPrologue, PROLOGUE_WINDOW } from './start-prologue.js';
import { OstooError } from '../errors.js';

export interface ElfCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ElfCheckResult {
  checks: ElfCheck[];
  ok: boolean;
}

const ET_NAMES: Record<number, string> = { 0: 'ET_NONE', 1: 'ET_REL', 2: 'ET_EXEC', 3: 'ET_DYN', 4: 'ET_CORE' };
const MACHINES: Record<number, string> = {
  3: 'i386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  40: 'arm',
  62: 'x86_64',
  183: 'aarch64',
  243: 'riscv',
  258: 'loongarch',
};
const ET_EXEC = 2;
const ET_DYN = 3;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const SHT_SYMTAB = 2;
class MalformedElf extends Error {}

/** Bounds-checked view, so a truncated file yields a message saying what is missing. */
function need(buf: Buffer, offset: number, length: number, what: string): void {
  if (offset + length > buf.length) {
    throw new MalformedElf(
      `truncated: file ends at byte ${buf.length}, inside ${what} (bytes ${offset}..${offset + length})`,
    );
  }
}

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

interface Segment {
  vaddr: bigint;
  type: number;
  offset: number;
  filesz: number;
}

interface SectionHeader {
  type: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

function readSegments(buf: Buffer): Segment[] {
  const phoff = Number(buf.readBigUInt64LE(32));
  const phentsize = buf.readUInt16LE(54);
  const phnum = buf.readUInt16LE(56);
  if (phnum === 0) return [];
  if (phentsize < 56) throw new MalformedElf(`e_phentsize ${phentsize} is smaller than an ELF64 program header`);
  need(buf, phoff, phnum * phentsize, `the ${phnum} program headers`);
  return Array.from({ length: phnum }, (_, i) => {
    const p = phoff + i * phentsize;
    return {
      type: buf.readUInt32LE(p),
      offset: Number(buf.readBigUInt64LE(p + 8)),
      vaddr: buf.readBigUInt64LE(p + 16),
      filesz: Number(buf.readBigUInt64LE(p + 32)),
    };
  });
}

function readSections(buf: Buffer): SectionHeader[] {
  const shoff = Number(buf.readBigUInt64LE(40));
  const shentsize = buf.readUInt16LE(58);
  const shnum = buf.readUInt16LE(60);
  if (shnum === 0) return [];
  if (shentsize < 64) throw new MalformedElf(`e_shentsize ${shentsize} is smaller than an ELF64 section header`);
  need(buf, shoff, shnum * shentsize, `the ${shnum} section headers`);
  return Array.from({ length: shnum }, (_, i) => {
    const s = shoff + i * shentsize;
    return {
      type: buf.readUInt32LE(s + 4),
      offset: Number(buf.readBigUInt64LE(s + 24)),
      size: Number(buf.readBigUInt64LE(s + 32)),
      link: buf.readUInt32LE(s + 40),
      entsize: Number(buf.readBigUInt64LE(s + 56)),
    };
  });
}

function cString(buf: Buffer, offset: number, end: number): string {
  const stop = buf.indexOf(0, offset);
  return buf.toString('latin1', offset, stop < 0 || stop > end ? end : stop);
}

/** The value of the first defined `_start`, `null` if the table lacks one, `undefined` if there is no `.symtab`. */
function findStart(buf: Buffer, sections: SectionHeader[]): bigint | null | undefined {
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) return undefined;
  const strtab = sections[symtab.link];
  if (!strtab) throw new MalformedElf(`.symtab links to missing section ${symtab.link}`);
  need(buf, symtab.offset, symtab.size, 'the .symtab section');
  need(buf, strtab.offset, strtab.size, 'the .strtab section');
  const entsize = symtab.entsize || 24;
  for (let o = symtab.offset; o + 24 <= symtab.offset + symtab.size; o += entsize) {
    const nameOffset = buf.readUInt32LE(o);
    const shndx = buf.readUInt16LE(o + 6);
    if (shndx === 0 || nameOffset >= strtab.size) continue;
    if (cString(buf, strtab.offset + nameOffset, strtab.offset + strtab.size) === '_start')
      return buf.readBigUInt64LE(o + 8);
  }
  return null;
}

function inspect(buf: Buffer, options: ElfCheckOptions): ElfCheck[] {
  if (buf.length < 4 || buf.readUInt32BE(0) !== 0x7f454c46) {
    return [
      {
        name: 'format',
        ok: false,
        detail: `not an ELF file (starts with ${buf.subarray(0, 4).toString('hex') || 'nothing'})`,
      },
    ];
  }
  need(buf, 0, 6, 'the ELF identification');
  const elfClass = buf[4];
  const data = buf[5];
  if (elfClass !== 2)
    return [
      { name: 'format', ok: false, detail: elfClass === 1 ? 'ELF32, expected ELF64' : `unknown ELF class ${elfClass}` },
    ];
  if (data !== 1)
    return [
      {
        name: 'format',
        ok: false,
        detail: data === 2 ? 'big-endian ELF64, expected little-endian' : `unknown ELF data encoding ${data}`,
      },
    ];
  need(buf, 0, 64, 'the ELF64 header');

  const type = buf.readUInt16LE(16);
  const machine = buf.readUInt16LE(18);
  const entry = buf.readBigUInt64LE(24);
  const segments = readSegments(buf);
  const sections = readSections(buf);
  const machineName = MACHINES[machine] ?? `machine ${machine}`;
  const typeName = ET_NAMES[type] ?? `type ${type}`;
  const wanted = options.arch === undefined ? undefined : ARCH_MACHINES[options.arch];
  if (options.arch !== undefined && wanted === undefined)
    throw new OstooError(
      `unknown architecture '${options.arch}' (expected ${Object.keys(ARCH_MACHINES).join(', ')})`,
      'pass one of those with --arch',
    );
  const checks: ElfCheck[] =
    wanted === undefined || wanted === machine
      ? [{ name: 'format', ok: true, detail: `ELF64 little-endian (${machineName})` }]
      : [{ name: 'format', ok: false, detail: `ELF64 little-endian (${machineName}), expected ${options.arch}` }];

  const why =
    type === ET_DYN ? ' (PIE or shared object; link with -no-pie)' : type === 1 ? ' (object file, not linked)' : '';
  checks.push({
    name: 'type',
    ok: type === ET_EXEC,
    detail: type === ET_EXEC ? typeName : `${typeName}${why}, expected ET_EXEC`,
  });

  const interp = segments.find((p) => p.type === PT_INTERP);
  const dynamic = segments.some((p) => p.type === PT_DYNAMIC);
  if (interp) {
    need(buf, interp.offset, interp.filesz, 'the PT_INTERP segment');
    const path = cString(buf, interp.offset, interp.offset + interp.filesz);
    checks.push({ name: 'static', ok: false, detail: `has PT_INTERP (${path})` });
  } else if (dynamic) {
    checks.push({ name: 'static', ok: false, detail: 'has PT_DYNAMIC' });
  } else {
    const loads = segments.filter((p) => p.type === PT_LOAD).length;
    checks.push({
      name: 'static',
      ok: loads > 0,
      detail: loads > 0 ? 'no PT_INTERP, no PT_DYNAMIC' : 'no PT_LOAD segment: nothing to load',
    });
  }

  const start = type === ET_EXEC || type === ET_DYN ? findStart(buf, sections) : undefined;
  // The entry is judged for the machine asked for; a program for another has none to judge.
  if (wanted !== undefined && wanted !== machine)
    checks.push({ name: 'entry', ok: true, detail: `skipped: built for ${machineName}, not ${options.arch}` });
  else if (type !== ET_EXEC && type !== ET_DYN)
    checks.push({ name: 'entry', ok: true, detail: `skipped: ${typeName} has no entry point` });
  else if (start === undefined) checks.push(strippedEntry(buf, segments, entry, machine));
  else if (start === null)
    checks.push({ name: 'entry', ok: false, detail: `symbol table has no _start (e_entry ${hex(entry)})` });
  else if (start !== entry)
    checks.push({ name: 'entry', ok: false, detail: `e_entry ${hex(entry)} is not _start (${hex(start)})` });
  else checks.push({ name: 'entry', ok: true, detail: `e_entry ${hex(entry)} is _start` });
  return checks;
}

function strippedEntry(buf: Buffer, segments: Segment[], entry: bigint, machine: number): ElfCheck {
  const load = segments.find((p) => p.type === PT_LOAD && entry >= p.vaddr && entry < p.vaddr + BigInt(p.filesz));
  if (!load) return { name: 'entry', ok: false, detail: `e_entry ${hex(entry)} is outside every loaded segment` };
  const at = load.offset + Number(entry - load.vaddr);
  const end = Math.min(at + PROLOGUE_WINDOW, load.offset + load.filesz, buf.length);
  const prologue = matchStartPrologue(buf.subarray(at, end), machine);
  if (prologue)
    return {
      name: 'entry',
      ok: true,
      detail: `stripped; code at e_entry ${hex(entry)} is _start's prologue (${prologue.text})`,
    };
  return {
    name: 'entry',
    ok: true,
    detail: `skipped: stripped, and e_entry ${hex(entry)} does not begin with the runtime's _start prologue`,
  };
}

export interface ElfCheckOptions {
  /** The machine the program must be for (`ostoo verify --arch`); any when absent. */
  arch?: string;
}

/** ELF e_machine for the architecture names `--arch` takes. */
export const ARCH_MACHINES: Record<string, number> = { x86_64: 62, aarch64: 183, riscv64: 243 };

export function checkElfExecutable(buf: Buffer, options: ElfCheckOptions = {}): ElfCheckResult {
  let checks: ElfCheck[];
  try {
    checks = inspect(buf, options);
  } catch (err) {
    // A RangeError would be a bounds check we missed; still a malformed file, not a crash.
    if (!(err instanceof MalformedElf || err instanceof RangeError)) throw err;
    const detail = err instanceof RangeError ? `malformed ELF: ${err.message}` : err.message;
    checks = [{ name: 'format', ok: false, detail }];
  }
  return { checks, ok: checks.every((c) => c.ok) };
}
