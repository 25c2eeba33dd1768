// Running the `ostoo` CLI as users do, in a child process, with a time limit (a command that
// hangs fails the test instead of hanging it), and the options that point an install at a
// test fixture.
import { execa } from 'execa';
import type { Fixture } from './fixture.js';
import { NAME } from './dist-server.js';
import { ostooBin } from './paths.js';

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export async function ostoo(
  args: string[],
  o: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const r = await execa(process.execPath, [ostooBin, ...args], {
    cwd: o.cwd ?? process.cwd(),
    env: { NO_COLOR: '1', OSTOO_BACKOFF_MS: '10', ...o.env },
    reject: false,
    timeout: o.timeoutMs ?? 120_000,
    stripFinalNewline: false,
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr), timedOut: r.timedOut };
}

/** The arguments of `ostoo toolchain install` for the fixture's toolchain, lock, server and host (the cache is the fixture's unless given). */
export function installArgs(f: Fixture, o: { cache?: string; extra?: string[] } = {}): string[] {
  return [
    'toolchain',
    'install',
    NAME,
    '--lockfile',
    f.lockfile,
    '--dist-server',
    f.server.url,
    '--cache',
    o.cache ?? f.cacheDir,
    '--host',
    f.host,
    ...(o.extra ?? []),
  ];
}

/** `toolchain install` of the fixture's toolchain, into its RUSTUP_HOME and cache. */
export function installFixture(
  f: Fixture,
  extra: string[] = [],
  o: { env?: Record<string, string> } = {},
): Promise<CliResult> {
  return ostoo(installArgs(f, { extra: ['--quiet', ...extra] }), { env: { RUSTUP_HOME: f.rustupHome, ...o.env } });
}

/** The one line `ostoo` prints for an error, asserting it is one line in the `ostoo: <what> — <what to do>` form. */
export function errorLine(r: CliResult): string {
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('ostoo:'));
  if (lines.length !== 1) throw new Error(`expected one error line, got:\n${r.stderr}`);
  return lines[0]!;
}
