// The `ostoo` command. Generator commands are built from the command definitions
// (src/commands/) by one converter (src/command/commander.ts), so commander rejects unknown options with the
// same "did you mean" as the generators do under yo, and prints the same help.
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import type { CommandDef } from '../command/model.js';
import { commandFor, fromCommanderError } from '../command/commander.js';
import { commandDefinitions } from '../commands/index.js';
import { toolchainDefinition } from '../commands/toolchain.js';
import { OstooError } from '../errors.js';
import { runGenerator } from './run-generator.js';
import { registerVerifyElfCommand } from './verify-elf-command.js';
import { registerToolchainCommand } from './toolchain-command.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerSyscallsCommand } from './syscalls-command.js';
import { registerSysrootCommand } from './sysroot-command.js';

/** Parsed options back to arguments, for the generator to parse as it does under yo. */
function toArgs(def: CommandDef, opts: Record<string, unknown>): string[] {
  const args = opts.yes ? ['--yes'] : [];
  for (const spec of def.options) {
    const value = opts[spec.name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())];
    if (value === undefined) continue;
    if (spec.type === 'boolean') args.push(value ? `--${spec.name}` : `--no-${spec.name}`);
    else if (Array.isArray(value)) args.push(...value.map((v) => `--${spec.name}=${String(v)}`));
    else args.push(`--${spec.name}=${String(value)}`);
  }
  return args;
}

function generatorCommand(program: Command, def: CommandDef): void {
  const dirFromFirstArg = def.args[0]?.name === 'DIR';
  const cmd = commandFor(def, 'ostoo').action(async (first: string | undefined, opts: Record<string, unknown>) => {
    const usage = `usage: ostoo ${def.cli} ${cmd.usage()}`;
    if (dirFromFirstArg) {
      if (!first) throw new OstooError(`${def.cli} needs a directory`, usage);
      return runGenerator(def.generator, toArgs(def, opts), path.resolve(first));
    }
    if (first === undefined && def.args[0]?.required)
      throw new OstooError(`${def.cli} needs a ${def.args[0].name}`, usage);
    return runGenerator(def.generator, [...(first === undefined ? [] : [first]), ...toArgs(def, opts)], process.cwd());
  });
  program.addCommand(cmd);
}

export function buildProgram(): Command {
  const program = new Command('ostoo')
    .description('Rust userspace workspaces for hobby kernels and seL4/CAmkES, with pinned toolchains')
    .usage('<command> [options]   (e.g. ostoo new DIR --yes)')
    // So `ostoo syscalls PROGRAM --flag` passes --flag to PROGRAM, and
    // `ostoo sysroot run cargo build --release …` passes the cargo options through.
    .enablePositionalOptions();
  // `ostoo toolchain` has subcommands of its own (toolchain-command.ts); its definition is `yo ostoo:toolchain`'s.
  for (const def of commandDefinitions) if (def !== toolchainDefinition) generatorCommand(program, def);
  registerVerifyElfCommand(program);
  registerToolchainCommand(program);
  registerDoctorCommand(program);
  registerSyscallsCommand(program);
  registerSysrootCommand(program);
  // Errors are printed once, as one line, by the caller (bin/ostoo.js).
  const quiet = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeErr: () => {} });
    cmd.commands.forEach(quiet);
  };
  quiet(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    // --help and --version end here too, successfully.
    if (err.exitCode === 0) return;
    const words = argv.slice(2).filter((a) => !a.startsWith('-'));
    const sub = program.commands.find((c) => c.name() === words[0]);
    const leaf = sub?.commands.find((c) => c.name() === words[1]) ?? sub;
    throw fromCommanderError(
      err,
      ['ostoo', ...(sub ? [sub.name()] : []), ...(leaf && leaf !== sub ? [leaf.name()] : [])].join(' '),
    );
  }
}
