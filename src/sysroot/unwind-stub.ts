// A stand-in libunwind.a for panic=abort std builds on musl-based custom targets. Rust std's
// backtrace and unwind code reference these `_Unwind_*` symbols even when it never unwinds;
// real libunwind would need a C++ toolchain to build. Each stub reports "end of stack" or zero,
// so backtraces come out empty and nothing is ever unwound.
import { writeArchive } from '../binfmt/ar.js';
import { writeElfObject, type ElfFunction } from '../binfmt/elf-object.js';
import { userArchInfo, type UserArch } from '../target-spec/user-arch.js';

const URC_END_OF_STACK = 5;

type Stub = 'endOfStack' | 'zero' | 'void' | 'trap';

const u32 = (...words: number[]): Buffer => {
  const b = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => b.writeUInt32LE(w >>> 0, i * 4));
  return b;
};

// Hand-assembled bodies per architecture. Each returns its result in the ABI's first result
// register (rax, x0/w0, a0); the trap is for code that can only run mid-unwind.
const bodies: Record<UserArch, Record<Stub, Buffer>> = {
  // System V: 32-bit writes zero-extend into rax.
  x86_64: {
    endOfStack: Buffer.from([0xb8, URC_END_OF_STACK, 0, 0, 0, 0xc3]), // mov eax,5; ret
    zero: Buffer.from([0x31, 0xc0, 0xc3]), // xor eax,eax; ret
    void: Buffer.from([0xc3]), // ret
    trap: Buffer.from([0x0f, 0x0b]), // ud2
  },
  // A64: movz w0,#imm (0x52800000 | imm << 5) zero-extends into x0; ret is 0xd65f03c0.
  aarch64: {
    endOfStack: u32(0x52800000 | (URC_END_OF_STACK << 5), 0xd65f03c0), // mov w0,#5; ret
    zero: u32(0x52800000, 0xd65f03c0), // mov w0,#0; ret
    void: u32(0xd65f03c0), // ret
    trap: u32(0xd4200000), // brk #0
  },
  // RV64, uncompressed: addi a0,zero,imm (imm << 20 | 0x513); ret is jalr zero,0(ra).
  riscv64: {
    endOfStack: u32((URC_END_OF_STACK << 20) | 0x00000513, 0x00008067), // li a0,5; ret
    zero: u32(0x00000513, 0x00008067), // li a0,0; ret
    void: u32(0x00008067), // ret
    trap: u32(0x00100073), // ebreak
  },
};

const stubs: readonly { name: string; body: Stub }[] = [
  { name: '_Unwind_Backtrace', body: 'endOfStack' },
  { name: '_Unwind_GetIP', body: 'zero' },
  { name: '_Unwind_GetIPInfo', body: 'zero' },
  { name: '_Unwind_GetCFA', body: 'zero' },
  { name: '_Unwind_FindEnclosingFunction', body: 'zero' },
  { name: '_Unwind_GetLanguageSpecificData', body: 'zero' },
  { name: '_Unwind_GetRegionStart', body: 'zero' },
  { name: '_Unwind_GetTextRelBase', body: 'zero' },
  { name: '_Unwind_GetDataRelBase', body: 'zero' },
  { name: '_Unwind_GetGR', body: 'zero' },
  { name: '_Unwind_SetGR', body: 'void' },
  { name: '_Unwind_SetIP', body: 'void' },
  { name: '_Unwind_DeleteException', body: 'void' },
  // Nothing to unwind: a raise finds no handler and returns, as libgcc's does at end of stack.
  { name: '_Unwind_RaiseException', body: 'endOfStack' },
  // Only reached mid-unwind, which cannot happen here; trap rather than return into garbage.
  { name: '_Unwind_Resume', body: 'trap' },
];

export function unwindStubFunctionsFor(arch: UserArch): ElfFunction[] {
  return stubs.map((s) => ({ name: s.name, code: bodies[arch][s.body] }));
}

/** The x86_64 stubs (the original single-architecture export). */
export const unwindStubFunctions: readonly ElfFunction[] = unwindStubFunctionsFor('x86_64');

export const UNWIND_STUB_MEMBER = 'unwind-stub.o';

/** The bytes of `libunwind.a` for `arch`; identical on every call. */
export function unwindStubArchive(arch: UserArch = 'x86_64'): Buffer {
  const info = userArchInfo(arch);
  const functions = unwindStubFunctionsFor(arch);
  const object = writeElfObject({
    functions,
    machine: info.elfMachine,
    flags: info.elfFlags,
    sourceName: 'unwind-stub.s',
  });
  return writeArchive(
    [{ name: UNWIND_STUB_MEMBER, data: object }],
    functions.map((f) => ({ name: f.name, member: 0 })),
  );
}
