// `ostoo syscalls PROGRAM [ARGS...]`: which syscalls a program makes, and which of them the kernel
// lacks (src/syscalls/). Its options come from its definition (src/commands/syscalls.ts). Kept
// free of yeoman imports so it starts quickly.
import { Command } from 'commander';
import { addTableOptions } from '../command/commander.js';
import { syscallsDefinition as def, type SyscallsAnswers } from '../commands/syscalls.js';
import { OstooError } from '../errors.js';
import { print } from '../util/terminal-text.js';

export function registerSyscallsCommand(program: Command): void {
  const cmd = new Command(def.cli)
    .summary(def.summary)
    .description(def.description)
    .usage('[options] PROGRAM [ARGS...]')
    .argument('<program>', def.args[0].description)
    .argument('[args...]', def.args[1].description)
    // Options after PROGRAM are the program's.
    .passThroughOptions();
  addTableOptions(cmd, def.options, { yes: false });
  cmd.action(
    async (prog: string, args: string[], o: { kernelSyscalls?: string; timeout?: string; brief?: boolean }) => {
      const flags: SyscallsAnswers = { 'kernel-syscalls': o.kernelSyscalls, timeout: o.timeout, brief: o.brief };
      const { syscallsReport } = await import('../actions/syscalls.js');
      const timeout = flags.timeout ?? String(def.options[1].default);
      const seconds = Number(timeout);
      if (!/^\d+(\.\d+)?$/.test(timeout) || !(seconds > 0))
        throw new OstooError(`--timeout must be a positive number of seconds (got '${timeout}')`, 'e.g. --timeout 30');
      const { lines, missing } = await syscallsReport(prog, args, {
        kernelSyscalls: flags['kernel-syscalls'],
        timeoutMs: seconds * 1000,
        brief: flags.brief === true,
      });
      print(process.stdout, `${lines.join('\n')}\n`);
      if (missing) process.exitCode = 1;
    },
  );
  program.addCommand(cmd);
}
