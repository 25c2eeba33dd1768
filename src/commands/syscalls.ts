// `ostoo syscalls PROGRAM [ARGS...]`: its option table (the command model's), help and arguments.
// It runs no generator, so it is not in index.ts's list; src/cli/syscalls-command.ts registers it.
import type { AnswersOf, OptionSpec } from '../command/model.js';

export const syscallsCommand = [
  {
    name: 'kernel-syscalls',
    type: 'string',
    description:
      "the kernel's syscall set (default: kernel-syscalls.txt of the workspace around the current directory, else around PROGRAM)",
  },
  {
    name: 'timeout',
    type: 'string',
    description: 'stop the program after this many seconds; the trace is then what it did until then',
    default: '10',
  },
  {
    name: 'brief',
    type: 'boolean',
    description: "one line per program, and the program's output discarded (as the build script runs it)",
  },
] as const satisfies readonly OptionSpec[];

export type SyscallsAnswers = AnswersOf<typeof syscallsCommand>;

export const syscallsDefinition = {
  cli: 'syscalls',
  summary: 'Run a program under qemu-user and list its syscalls, and those the kernel lacks',
  description:
    "Run PROGRAM with ARGS under qemu-user's syscall trace (-strace) for the program's architecture, and list the " +
    'syscalls it made by name, with their counts, in the order of first use. With a kernel set ' +
    "(kernel-syscalls.txt at the workspace root: one syscall name per line, filled from ostoo's table by " +
    '`ostoo new --os ostoo`), mark those the kernel lacks MISSING and exit 1 if there is one. Options go before ' +
    'PROGRAM: everything after it is passed to the program.',
  args: [
    { name: 'PROGRAM', description: 'the program to run (an ELF executable for x86_64, aarch64 or riscv64)' },
    { name: 'ARGS...', description: "the program's arguments" },
  ],
  options: syscallsCommand,
} as const;
