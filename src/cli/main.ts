// The `ostoo` command. Generator commands forward their arguments untouched to the
// Yeoman generator, whose command table owns the options (one source of truth).
import path from 'node:path';
import { Command } from 'commander';
import { generatorHelp, wantsHelp } from './generator-help.js';
import { runGenerator } from './run-generator.js';
import { registerVerifyCommand } from './verify-command.js';
import { registerToolchainCommand } from './toolchain-command.js';

function generatorCommand(program: Command, name: string, generator: string, summary: string, dirFromFirstArg: boolean): void {
  program
    .command(name)
    .summary(summary)
    .description(`${summary}\nAll options are the generator's; see \`ostoo ${name} --help\`.`)
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      if (wantsHelp(args)) {
        process.stdout.write(await generatorHelp(generator));
        return;
      }
      if (dirFromFirstArg) {
        const [dir, ...rest] = args;
        if (!dir || dir.startsWith('-')) throw new Error(`usage: ostoo ${name} DIR [options]`);
        return runGenerator(generator, rest, path.resolve(dir));
      }
      return runGenerator(generator, args, process.cwd());
    });
}

export function buildProgram(): Command {
  const program = new Command('ostoo')
    .description('Rust userspace workspaces for hobby kernels and seL4/CAmkES, with pinned toolchains')
    .showHelpAfterError();
  generatorCommand(program, 'new', 'app', 'Create a workspace in DIR (same as `yo ostoo` run in DIR)', true);
  generatorCommand(program, 'program', 'program', 'Add a program to the user-rs workspace (yo ostoo:program)', false);
  generatorCommand(program, 'camkes-component', 'camkes-component', 'Add a Rust component to a CAmkES app (yo ostoo:camkes-component)', false);
  generatorCommand(program, 'camkes-rust', 'camkes-rust', 'Add or refresh Rust support in the CMake CAmkES app DIR (yo ostoo:camkes-rust)', false);
  registerVerifyCommand(program);
  registerToolchainCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
