// Runs a program under qemu-user with its syscall trace written to a file (`-strace -D FILE`), so
// the trace never mixes with the program's own output.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { OstooError } from '../errors.js';

export interface TraceRun {
  trace: string;
  exitCode?: number;
  signal?: string;
  /** Stopped after the time limit: the trace is what it did until then. */
  timedOut: boolean;
}

export class TraceError extends OstooError {}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export interface TraceOptions {
  qemu: string;
  timeoutMs: number;
  /** Show the program's output (the CLI), or discard it and give it no input (the build script). */
  quiet: boolean;
}

export async function traceProgram(program: string, args: readonly string[], o: TraceOptions): Promise<TraceRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ostoo-strace-'));
  const log = path.join(dir, 'strace.log');
  try {
    const run = await execa(o.qemu, ['-strace', '-D', log, program, ...args], {
      stdio: o.quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit',
      reject: false,
      timeout: o.timeoutMs,
      forceKillAfterDelay: 2000,
    });
    const trace = readIfThere(log);
    // Any program makes a syscall; no trace at all means qemu never started it.
    if (trace.trim() === '' && !run.timedOut) {
      const said = o.quiet ? String(run.stderr ?? '').trim() : '';
      const why = said ? said.split('\n').at(-1)! : o.quiet ? run.message : 'see its message above';
      throw new TraceError(
        `${o.qemu} could not run ${program}: ${why}`,
        'check that it is a program built for this kernel',
      );
    }
    return {
      trace,
      ...(run.exitCode !== undefined ? { exitCode: run.exitCode } : {}),
      ...(run.signal ? { signal: run.signal } : {}),
      timedOut: run.timedOut,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
