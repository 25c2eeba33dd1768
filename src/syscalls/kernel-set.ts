// The kernel's syscall set: a file the workspace keeps (kernel-syscalls.txt at its root) and the
// user edits as their kernel grows. One syscall per line, by its Linux name (or by number, for a
// call qemu-user knows no name for), then an optional `# note` that `ostoo syscalls` prints beside
// it (e.g. "stub: returns 0"). Blank lines and lines starting with `#` are comments.
import { OstooError } from '../errors.js';
import { numberedSyscall, type SyscallName } from './strace.js';

export const KERNEL_SYSCALLS_FILE = 'kernel-syscalls.txt';

export class KernelSetError extends OstooError {}

/** The syscalls a kernel implements, each with its note (if any). */
export type KernelSet = Map<SyscallName, string | undefined>;

export function parseKernelSet(text: string, file: string): KernelSet {
  const set: KernelSet = new Map();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([a-z_][a-z0-9_]*|\d+)(?:\s+#\s*(.*))?$/.exec(line);
    if (!m)
      throw new KernelSetError(
        `${file}:${i + 1}: '${line}' is not a syscall`,
        'write one syscall name (or number) per line, then an optional # note',
      );
    const name = /^\d+$/.test(m[1]!) ? numberedSyscall(Number(m[1])) : m[1]!;
    set.set(name, m[2]?.trim() || undefined);
  });
  return set;
}

export interface KernelSetEntry {
  name: SyscallName;
  note?: string;
}

/** The file's text: a header saying what it is and where its entries came from, then the entries. */
export function renderKernelSet(header: readonly string[], entries: readonly KernelSetEntry[]): string {
  const width = Math.max(...entries.map((e) => e.name.length)) + 2;
  const lines = entries.map((e) => (e.note ? `${e.name.padEnd(width)}# ${e.note}` : e.name));
  return `${header.map((h) => `# ${h}`.trimEnd()).join('\n')}\n${lines.join('\n')}\n`;
}
