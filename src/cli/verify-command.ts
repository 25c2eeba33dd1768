// `ostoo verify FILE...`: checks built programs are static ELF64 executables entered at `_start`.
// Kept free of yeoman imports so it starts quickly.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { checkElfExecutable, type ElfCheck } from '../elf/check.js';

/** `ok`, `FAIL`, or `skip` for a check that could not run (it passes, but is not reported as ok). */
function line(file: string, check: ElfCheck): string {
  const state = !check.ok ? 'FAIL' : check.detail.startsWith('skipped') ? 'skip' : 'ok  ';
  return `${file}: ${state} ${check.name}: ${check.detail.replace(/^skipped: /, '')}`;
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
    .description(
      'Check each FILE as a kernel loader would run it: ELF64 little-endian, ET_EXEC, static (no PT_INTERP, no PT_DYNAMIC), ' +
        "entered at _start (by the symbol table, or in stripped files by _start's prologue). One line per check: ok, FAIL, " +
        'or skip when a check cannot run; exit status 1 on any FAIL.',
    )
    .argument('<files...>', 'the programs to check')
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
