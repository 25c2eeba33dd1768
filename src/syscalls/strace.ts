// Reads qemu-user's syscall trace (`-strace`, written with `-D FILE`): one line per call,
// `PID name(args) = result`, or `PID Unknown syscall N` for numbers qemu has no name for. Lines
// that continue a call (its result after a blocking call, signals) are not calls.

/** A syscall by name, or by number when the tracer knows no name for it. */
export type SyscallName = string;

/** The name of a syscall qemu reports only by number. */
export function numberedSyscall(nr: number): SyscallName {
  return `syscall_${nr}`;
}

/** Call counts by syscall, in the order of each one's first call. */
export function countSyscalls(trace: string): Map<SyscallName, number> {
  const counts = new Map<SyscallName, number>();
  for (const line of trace.split('\n')) {
    const named = /^\d+ ([a-z_][a-z0-9_]*)\(/.exec(line);
    const unknown = /^\d+ Unknown syscall (\d+)\b/.exec(line);
    const name = named ? named[1]! : unknown ? numberedSyscall(Number(unknown[1])) : undefined;
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}
