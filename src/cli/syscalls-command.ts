// `ostoo syscalls PROGRAM [ARGS...]`: which syscalls a program makes, and which of them the kernel
// lacks. It runs the program under qemu-user's syscall trace for the program's architecture,
// counts the calls by name and compares them with the kernel's set (kernel-syscalls.txt of the
// workspace). Kept free of yeoman imports so it starts quickly.
import type { Command } from 'commander';
import { OstooError } from './errors.js';

interface SyscallsFlags {
  kernelSyscalls?: string;
  timeout: string;
  brief?: boolean;
}

export function registerSyscallsCommand(program: Command): void {
  program
    .command('syscalls')
    .summary('Run a program under qemu-user and list its syscalls, and those the kernel lacks')
    .description(
      "Run PROGRAM with ARGS under qemu-user's syscall trace (-strace) for the program's architecture, and list the " +
        'syscalls it made by name, with their counts, in the order of first use. With a kernel set ' +
        "(kernel-syscalls.txt at the workspace root: one syscall name per line, filled from ostoo's table by " +
        '`ostoo new --os ostoo`), mark those the kernel lacks MISSING and exit 1 if there is one.',
    )
    .usage('PROGRAM [ARGS...] [options]')
    .argument('<program>', 'the program to run (a static ELF executable for x86_64, aarch64 or riscv64)')
    .argument('[args...]', "the program's arguments (everything after PROGRAM is passed to it)")
    .option(
      '--kernel-syscalls <file>',
      "the kernel's syscall set (default: kernel-syscalls.txt of the workspace around the current directory, else around PROGRAM)",
    )
    .option('--timeout <seconds>', 'stop the program after this long; the trace is then what it did until then', '10')
    .option('--brief', "one line per program, and the program's output discarded (as the build script runs it)")
    .passThroughOptions()
    .action(async (prog: string, args: string[], o: SyscallsFlags) => {
      const { syscallsReport } = await import('../syscalls/command.js');
      const seconds = Number(o.timeout);
      if (!/^\d+(\.\d+)?$/.test(o.timeout) || !(seconds > 0))
        throw new OstooError(
          `--timeout must be a positive number of seconds (got '${o.timeout}')`,
          'e.g. --timeout 30',
        );
      const { lines, missing } = await syscallsReport(prog, args, {
        kernelSyscalls: o.kernelSyscalls,
        timeoutMs: seconds * 1000,
        brief: o.brief === true,
      });
      process.stdout.write(`${lines.join('\n')}\n`);
      if (missing) process.exitCode = 1;
    });
}
