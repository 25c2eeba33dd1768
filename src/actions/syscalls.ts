// `ostoo syscalls`: trace the program, count its syscalls, compare them with the kernel's set.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OstooError } from '../errors.js';
import { readRegularFile, UnreadableFileError } from '../util/regular-file.js';
import { userArchInfo } from '../target-spec/user-arch.js';
import { which } from '../util/which.js';
import { detectWorkspace } from '../workspace/detect.js';
import { KERNEL_SYSCALLS_FILE, parseKernelSet, type KernelSet } from '../syscalls/kernel-set.js';
import { programArch } from '../syscalls/program-arch.js';
import { compareWithKernel, formatUses, missingFrom } from '../syscalls/report.js';
import { countSyscalls } from '../syscalls/strace.js';
import { traceProgram, type TraceRun } from '../syscalls/trace-run.js';

export class SyscallsError extends OstooError {}

export interface SyscallsOptions {
  kernelSyscalls?: string;
  timeoutMs: number;
  brief: boolean;
}

/** kernel-syscalls.txt of the workspace around `from`, if it has one. */
function workspaceKernelSet(from: string): string | undefined {
  try {
    const file = path.join(detectWorkspace(from).root, KERNEL_SYSCALLS_FILE);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined; // not inside a workspace
  }
}

function readKernelSet(file: string): KernelSet {
  let text: string;
  try {
    text = readRegularFile(file, {
      maxBytes: 1 << 20,
      what: "a kernel's syscall set",
      hint: 'pass the kernel syscall set text file to --kernel-syscalls',
    }).toString('utf8');
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new SyscallsError(
      `cannot read the kernel's syscall set ${file}: ${(err as Error).message}`,
      'pass an existing file to --kernel-syscalls',
    );
  }
  return parseKernelSet(text, file);
}

function howItEnded(run: TraceRun, timeoutMs: number): string {
  if (run.timedOut) return `stopped after ${timeoutMs / 1000} s`;
  if (run.signal) return `killed by ${run.signal}`;
  return `exited ${run.exitCode}`;
}

export async function syscallsReport(
  program: string,
  args: readonly string[],
  o: SyscallsOptions,
): Promise<{ lines: string[]; missing: boolean }> {
  // The arguments first: a kernel set that cannot be read is refused before anything runs.
  const setFile =
    o.kernelSyscalls ?? workspaceKernelSet(process.cwd()) ?? workspaceKernelSet(path.dirname(path.resolve(program)));
  const kernel = setFile === undefined ? undefined : readKernelSet(setFile);
  const arch = programArch(program);
  if (typeof arch !== 'string')
    throw new SyscallsError(
      `${program}: ${arch.problem}`,
      'give a built program (an ELF executable for x86_64, aarch64 or riscv64), e.g. user/hello-std',
    );
  const qemu = userArchInfo(arch).qemu;
  if (!which(qemu))
    throw new SyscallsError(
      `${qemu} is not on PATH`,
      'install qemu-user-static (apt-get install qemu-user-static); it runs the program and traces its syscalls',
    );

  const run = await traceProgram(program, args, { qemu, timeoutMs: o.timeoutMs, quiet: o.brief });
  const uses = compareWithKernel(countSyscalls(run.trace), kernel);
  const missing = missingFrom(uses);
  const setName = setFile === undefined ? '' : path.basename(setFile);
  const calls = uses.reduce((n, u) => n + u.count, 0);
  const ended = howItEnded(run, o.timeoutMs);

  if (o.brief) {
    const line = !kernel
      ? `${program}: ${uses.length} syscalls (${ended})`
      : missing.length
        ? `${program}: MISSING syscalls: ${missing.join(', ')} (not in ${setName}; ${ended})`
        : `${program}: ok   syscalls: all ${uses.length} in ${setName} (${ended})`;
    return { lines: [line], missing: missing.length > 0 };
  }
  const lines = [
    `${program} under ${qemu}, ${ended}: ${uses.length} syscalls, ${calls} calls${setFile ? `, checked against ${setFile}` : ''}`,
    ...formatUses(uses),
  ];
  if (!kernel)
    lines.push(
      `no ${KERNEL_SYSCALLS_FILE} here to check against: list your kernel's syscalls in one at the workspace root (one name per line), or pass --kernel-syscalls FILE`,
    );
  else if (missing.length) lines.push(`missing from ${setName}: ${missing.join(', ')}`);
  else lines.push(`all ${uses.length} are in ${setName}`);
  return { lines, missing: missing.length > 0 };
}
