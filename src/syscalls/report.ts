// What a program's trace says against the kernel's set: each syscall it made, how often, and
// whether the kernel implements it (with the set's note), in the order of first use.
import type { KernelSet } from './kernel-set.js';
import type { SyscallName } from './strace.js';

export interface SyscallUse {
  name: SyscallName;
  count: number;
  /** undefined when there is no kernel set to compare with. */
  inKernel?: boolean;
  note?: string;
}

export function compareWithKernel(counts: Map<SyscallName, number>, kernel?: KernelSet): SyscallUse[] {
  return [...counts].map(([name, count]) => {
    if (!kernel) return { name, count };
    const note = kernel.get(name);
    return { name, count, inKernel: kernel.has(name), ...(note ? { note } : {}) };
  });
}

export function missingFrom(uses: readonly SyscallUse[]): SyscallName[] {
  return uses.filter((u) => u.inKernel === false).map((u) => u.name);
}

/** One line per syscall: name, count, and MISSING or the kernel set's note. */
export function formatUses(uses: readonly SyscallUse[]): string[] {
  const width = Math.max(8, ...uses.map((u) => u.name.length));
  const countWidth = Math.max(...uses.map((u) => String(u.count).length));
  return uses.map((u) => {
    const state = u.inKernel === false ? 'MISSING' : (u.note ?? '');
    return `  ${u.name.padEnd(width)}  ${String(u.count).padStart(countWidth)}  ${state}`.trimEnd();
  });
}
