// `ostoo verify FILE...`: checks built programs are static ELF64 executables entered at `_start`.
// Kept free of yeoman imports so it starts quickly.
import type { Command } from 'commander';
import { ARCH_MACHINES, checkElfExecutable, type ElfCheck, type ElfCheckOptions } from '../elf/check.js';
import { errnoReason } from '../util/errno.js';
import { readRegularFile, UnreadableFileError } from '../util/regular-file.js';
import { print } from '../util/terminal-text.js';

/** Larger than any program a kernel of ours loads by far; a bigger file is not read. */
const MAX_PROGRAM_BYTES = 512 << 20;

/** `ok`, `FAIL`, or `skip` for a check that could not run (it passes, but is not reported as ok). */
function line(file: string, check: ElfCheck): string {
  const state = !check.ok ? 'FAIL' : check.detail.startsWith('skipped') ? 'skip' : 'ok  ';
  return `${file}: ${state} ${check.name}: ${check.detail.replace(/^skipped: /, '')}`;
}

function verifyFile(file: string, options: ElfCheckOptions): ElfCheck[] {
  let buf: Buffer;
  try {
    // A regular file only, and bounded: a FIFO or /dev/zero is refused, not read forever.
    buf = readRegularFile(file, { maxBytes: MAX_PROGRAM_BYTES, what: 'a program to verify' });
  } catch (err) {
    const detail = err instanceof UnreadableFileError ? err.why : errnoReason(err, { ENOENT: 'no such file' });
    return [{ name: 'read', ok: false, detail }];
  }
  return checkElfExecutable(buf, options).checks;
}

export function registerVerifyElfCommand(program: Command): void {
  program
    .command('verify')
    .summary('Check that programs are static ELF64 executables entered at _start')
    .description(
      'Check each FILE as a kernel loader would run it: ELF64 little-endian, ET_EXEC, static (no PT_INTERP, no PT_DYNAMIC), ' +
        "entered at _start (by the symbol table, or in stripped files by _start's prologue). One line per check: ok, FAIL, " +
        'or skip when a check cannot run; exit status 1 on any FAIL.',
    )
    .argument('<files...>', 'the programs to check')
    .option(
      '--arch <arch>',
      `the machine every file must be for: ${Object.keys(ARCH_MACHINES).join(', ')} (default: any)`,
    )
    .action(async (files: string[], opts: { arch?: string }) => {
      if (opts.arch !== undefined && !(opts.arch in ARCH_MACHINES)) {
        throw new Error(`--arch must be one of ${Object.keys(ARCH_MACHINES).join(', ')} (got '${opts.arch}')`);
      }
      let failed = false;
      for (const file of files) {
        for (const check of verifyFile(file, { arch: opts.arch })) {
          print(process.stdout, `${line(file, check)}\n`);
          failed ||= !check.ok;
        }
      }
      if (failed) process.exitCode = 1;
    });
}
