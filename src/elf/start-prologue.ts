// Recognises `_start` in stripped binaries by what every runtime's entry does first: load argc
// from the initial stack pointer and point a register at argv just above it (into whichever
// registers the runtime calls next with), optionally after clearing the frame registers. A
// small decoder per machine, for exactly these instruction forms.

export interface Prologue {
  /** The decoded instructions, e.g. `mov rdi,[rsp]; lea rsi,[rsp+8]`. */
  text: string;
}

type Insn = { kind: 'argc' | 'argv' | 'skip'; text: string; size: number } | undefined;

const X86_REGS = [
  'rax',
  'rcx',
  'rdx',
  'rbx',
  'rsp',
  'rbp',
  'rsi',
  'rdi',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
];

function x86_64(code: Buffer, at: number): Insn {
  const b = (i: number): number | undefined => code[at + i];
  if (b(0) === 0x31 && b(1) === 0xed) return { kind: 'skip', text: 'xor ebp,ebp', size: 2 };
  if (b(0) === 0x48 && b(1) === 0x31 && b(2) === 0xed) return { kind: 'skip', text: 'xor rbp,rbp', size: 3 };
  const rex = b(0);
  if (rex === undefined || (rex & 0xfb) !== 0x48) return undefined; // REX.W, optionally REX.R
  const modrm = b(2);
  if (modrm === undefined || (modrm & 0x07) !== 0x04 || b(3) !== 0x24) return undefined; // [rsp] via SIB 0x24
  const reg = X86_REGS[((modrm >> 3) & 7) | (rex & 0x04 ? 8 : 0)]!;
  // mov r64,[rsp]: 8b /r, mod 00.  lea r64,[rsp+8]: 8d /r, mod 01, disp8 8.
  if (b(1) === 0x8b && modrm >> 6 === 0) return { kind: 'argc', text: `mov ${reg},[rsp]`, size: 4 };
  if (b(1) === 0x8d && modrm >> 6 === 1 && b(4) === 0x08) return { kind: 'argv', text: `lea ${reg},[rsp+8]`, size: 5 };
  return undefined;
}

function aarch64(code: Buffer, at: number): Insn {
  if (at + 4 > code.length) return undefined;
  const w = code.readUInt32LE(at);
  const rd = w & 0x1f;
  // Clearing the frame pointer or link register: mov x29|x30,xzr (orr) or mov x29|x30,#0 (movz).
  if (w === 0xaa1f03fd || w === 0xd280001d || w === 0xaa1f03fe || w === 0xd280001e)
    return { kind: 'skip', text: `mov x${rd},#0`, size: 4 };
  if ((w & ~0x1f) >>> 0 === 0xf94003e0) return { kind: 'argc', text: `ldr x${rd},[sp]`, size: 4 }; // ldr xN,[sp,#0]
  if ((w & ~0x1f) >>> 0 === 0x910023e0) return { kind: 'argv', text: `add x${rd},sp,#8`, size: 4 }; // add xN,sp,#8
  return undefined;
}

const RV_REGS = [
  'zero',
  'ra',
  'sp',
  'gp',
  'tp',
  't0',
  't1',
  't2',
  's0',
  's1',
  'a0',
  'a1',
  'a2',
  'a3',
  'a4',
  'a5',
  'a6',
  'a7',
  's2',
  's3',
  's4',
  's5',
  's6',
  's7',
  's8',
  's9',
  's10',
  's11',
  't3',
  't4',
  't5',
  't6',
];

function riscv64(code: Buffer, at: number): Insn {
  if (at + 2 > code.length) return undefined;
  const h = code.readUInt16LE(at);
  if ((h & 3) !== 3) {
    // Compressed (RVC): c.ldsp rd,0(sp) and c.addi4spn rd',sp,8.
    const rd = (h >> 7) & 0x1f;
    if ((h & ~0x0f80) === 0x6002 && rd !== 0) return { kind: 'argc', text: `ld ${RV_REGS[rd]},0(sp)`, size: 2 };
    if ((h & ~0x001c) === 0x0020) return { kind: 'argv', text: `addi ${RV_REGS[8 + ((h >> 2) & 7)]},sp,8`, size: 2 };
    if (h === 0x4401) return { kind: 'skip', text: 'li s0,0', size: 2 }; // c.li s0,0
    return undefined;
  }
  if (at + 4 > code.length) return undefined;
  const w = code.readUInt32LE(at);
  const rd = (w >> 7) & 0x1f;
  if ((w & ~0xf80) === 0x00013003 && rd !== 0) return { kind: 'argc', text: `ld ${RV_REGS[rd]},0(sp)`, size: 4 };
  if ((w & ~0xf80) === 0x00810013 && rd !== 0) return { kind: 'argv', text: `addi ${RV_REGS[rd]},sp,8`, size: 4 };
  if (w === 0x00000413) return { kind: 'skip', text: 'li s0,0', size: 4 }; // addi s0,zero,0
  // Loading gp (`lla gp, __global_pointer$`: auipc gp + addi gp,gp) before any gp-relative access.
  if ((w & 0xfff) === 0x197) return { kind: 'skip', text: 'auipc gp', size: 4 };
  if ((w & 0xfffff) === 0x18193) return { kind: 'skip', text: 'addi gp,gp', size: 4 };
  return undefined;
}

const decoders: Record<number, (code: Buffer, at: number) => Insn> = { 62: x86_64, 183: aarch64, 243: riscv64 };

/** The prologue at the start of `code` for ELF machine `machine`, if it is one. */
export function matchStartPrologue(code: Buffer, machine: number): Prologue | undefined {
  const decode = decoders[machine];
  if (!decode) return undefined;
  const seen: string[] = [];
  let argc = false;
  let argv = false;
  // A handful of instructions: the loads come first in every runtime we know.
  for (let at = 0, n = 0; n < 8 && !(argc && argv); n++) {
    const insn = decode(code, at);
    if (!insn) return undefined;
    if (insn.kind === 'argc') argc = true;
    if (insn.kind === 'argv') argv = true;
    seen.push(insn.text);
    at += insn.size;
  }
  return argc && argv ? { text: seen.join('; ') } : undefined;
}

/** Bytes to read at e_entry: enough for the longest prologue. */
export const PROLOGUE_WINDOW = 48;
