// The architecture of a program to trace, from its ELF header (e_machine), so `ostoo syscalls`
// picks the matching qemu-user whether or not it runs inside a workspace.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fileKind } from '../util/regular-file.js';
import { userArches, userArchInfo, type UserArch } from '../target-spec/user-arch.js';

/** The user-rs architecture of an ELF64 little-endian file, or a reason it has none. */
export function programArch(file: string): UserArch | { problem: string } {
  const head = Buffer.alloc(20);
  let n: number;
  try {
    // Without blocking: a FIFO would wait for a writer forever. Only a regular file is a program.
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return { problem: `${fileKind(st)}, not a regular file` };
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    return { problem: (err as Error).message };
  }
  if (n < head.length || head.readUInt32BE(0) !== 0x7f454c46) return { problem: 'not an ELF file' };
  if (head[4] !== 2 || head[5] !== 1) return { problem: 'not an ELF64 little-endian file' };
  const machine = head.readUInt16LE(18);
  const arch = userArches.find((a) => userArchInfo(a).elfMachine === machine);
  return arch ?? { problem: `an ELF file for machine ${machine}, not ${userArches.join(', ')}` };
}
