// A command in a real pseudo-terminal, driven like `expect`: wait for text, then type. The
// terminal is util-linux's `script` (in every Debian, bsdutils is essential), so the program
// under test sees a TTY on stdin and stdout, exactly as when a user runs it.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Pty {
  /** Waits until the output (escape sequences removed) matches, and returns that output. */
  expect(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Types `text` (a key press each: `\r` is Enter, `\x03` is Ctrl-C). */
  type(text: string): void;
  /** Everything printed so far, escape sequences removed. */
  output(): string;
  /** The exit status once the program ends. */
  exit(timeoutMs?: number): Promise<number>;
}

// eslint-disable-next-line no-control-regex -- terminal escape sequences are control characters
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r/g;

/** Runs `argv` (each word quoted for the shell `script -c` starts) in `cwd` under a 250-column pty. */
export function spawnPty(argv: string[], cwd: string, env: Record<string, string> = {}): Pty {
  // A wide terminal, so that long lines are not wrapped where the tests look for them.
  const command = `stty cols 250 rows 50; exec ${argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`;
  const child: ChildProcess = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd,
    env: { ...process.env, TERM: 'xterm', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  let exitCode: number | undefined;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
    wake();
  });
  child.stderr!.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
    wake();
  });
  child.on('exit', (code) => {
    exitCode = code ?? 1;
    wake();
  });
  const output = () => raw.replace(ESCAPES, '');
  const until = (done: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        if (exitCode === undefined) child.kill('SIGKILL');
        reject(new Error(`timed out waiting for ${what}; output so far:\n${output()}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    async expect(pattern, timeoutMs = 30_000) {
      await until(() => pattern.test(output()) || exitCode !== undefined, String(pattern), timeoutMs);
      if (!pattern.test(output()))
        throw new Error(`exited (${exitCode}) without printing ${String(pattern)}; output:\n${output()}`);
      return output();
    },
    type(text) {
      child.stdin!.write(text);
    },
    output,
    async exit(timeoutMs = 60_000) {
      await until(() => exitCode !== undefined, 'the exit', timeoutMs);
      return exitCode!;
    },
  };
}
