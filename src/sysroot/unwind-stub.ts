// A stand-in libunwind.a for panic=abort std builds on musl-based custom targets. Rust std's
// backtrace and unwind code reference these `_Unwind_*` symbols even when it never unwinds;
// real libunwind would need a C++ toolchain to build. Each stub reports "end of stack" or zero,
// so backtraces come out empty and nothing is ever unwound.
import { writeArchive } from '../binfmt/ar.js';
import { EM_X86_64, writeElfObject, type ElfFunction } from '../binfmt/elf-object.js';

const URC_END_OF_STACK = 5;

// Hand-assembled x86_64 (System V ABI: result in rax; 32-bit writes zero-extend into rax).
const returnEndOfStack = Buffer.from([0xb8, URC_END_OF_STACK, 0, 0, 0, 0xc3]); // mov eax,5; ret
const returnZero = Buffer.from([0x31, 0xc0, 0xc3]); // xor eax,eax; ret
const returnVoid = Buffer.from([0xc3]); // ret
const trap = Buffer.from([0x0f, 0x0b]); // ud2

export const unwindStubFunctions: readonly ElfFunction[] = [
  { name: '_Unwind_Backtrace', code: returnEndOfStack },
  { name: '_Unwind_GetIP', code: returnZero },
  { name: '_Unwind_GetIPInfo', code: returnZero },
  { name: '_Unwind_GetCFA', code: returnZero },
  { name: '_Unwind_FindEnclosingFunction', code: returnZero },
  { name: '_Unwind_GetLanguageSpecificData', code: returnZero },
  { name: '_Unwind_GetRegionStart', code: returnZero },
  { name: '_Unwind_GetTextRelBase', code: returnZero },
  { name: '_Unwind_GetDataRelBase', code: returnZero },
  { name: '_Unwind_GetGR', code: returnZero },
  { name: '_Unwind_SetGR', code: returnVoid },
  { name: '_Unwind_SetIP', code: returnVoid },
  { name: '_Unwind_DeleteException', code: returnVoid },
  // Nothing to unwind: a raise finds no handler and returns, as libgcc's does at end of stack.
  { name: '_Unwind_RaiseException', code: returnEndOfStack },
  // Only reached mid-unwind, which cannot happen here; trap rather than return into garbage.
  { name: '_Unwind_Resume', code: trap },
];

export const UNWIND_STUB_MEMBER = 'unwind-stub.o';

/** The bytes of `libunwind.a` for x86_64; identical on every call. */
export function unwindStubArchive(): Buffer {
  const object = writeElfObject({ functions: [...unwindStubFunctions], machine: EM_X86_64, sourceName: 'unwind-stub.s' });
  return writeArchive(
    [{ name: UNWIND_STUB_MEMBER, data: object }],
    unwindStubFunctions.map((f) => ({ name: f.name, member: 0 })),
  );
}
