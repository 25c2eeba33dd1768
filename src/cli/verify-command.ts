// `ostoo verify FILE...`: checks built programs are static ELF64 executables entered at `_start`.
// Kept free of yeoman imports so it starts quickly.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { checkElfExecutable, type ElfCheck } from '../elf/check.js';

function line(file: string, check: ElfCheck): string {
  return `${file}: ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`;
}

async function verifyFile(file: string): Promise<ElfCheck[]> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    return [{ name: 'read', ok: false, detail: (err as Error).message }];
  }
  return checkElfExecutable(buf).checks;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .summary('Check that programs are static ELF64 executables entered at _start')
    .argument('<files...>')
    .action(async (files: string[]) => {
      let failed = false;
      for (const file of files) {
        for (const check of await verifyFile(file)) {
          process.stdout.write(`${line(file, check)}\n`);
          failed ||= !check.ok;
        }
      }
      if (failed) process.exitCode = 1;
    });
}
