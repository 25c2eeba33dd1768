// The real ostoo kernel, as ../shared/ostoo-kernel/setup.sh builds it into its cache, booted in
// QEMU with a host directory shared over virtio-9p (ostoo mounts it at /host). ostoo reads input
// only from the PS/2 keyboard, so commands are typed through the QEMU monitor (`sendkey`), one key
// at a time; its console output (the kit's patch copies it to COM1) is read from the serial port.
// One boot runs any number of commands, each waiting for its own end on the console.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { onPath } from './cross.js';
import { sharedDir } from './shared.js';
import { tempDir } from './paths.js';

export interface OstooKernelKit {
  /** Where setup.sh builds: the sources (src/), the boot image (out/). */
  cache: string;
  image: string;
}

/** For node:test's `skip`: the kit, or a reason to skip (an error when CI requires the kit). */
export function ostooKernelOrSkip(): { kit?: OstooKernelKit; skip: string | false } {
  const cache = process.env.OSTOO_KERNEL_CACHE ?? path.join(os.homedir(), '.cache', 'ostoo-kernel');
  const image = path.join(cache, 'out', 'bootimage-ostoo.bin');
  const missing = [
    ...(existsSync(image) ? [] : [image]),
    ...['qemu-system-x86_64', 'musl-gcc'].filter((t) => !onPath(t)),
  ];
  if (missing.length === 0) return { kit: { cache, image }, skip: false };
  const why = `the ostoo kernel kit is not set up (missing ${missing.join(', ')}): run ${path.join(sharedDir(), 'ostoo-kernel', 'setup.sh')}`;
  if (process.env.OSTOO_REQUIRE_TOOLCHAIN === '1') throw new Error(`OSTOO_REQUIRE_TOOLCHAIN=1 but ${why}`);
  return { skip: why };
}

/** ostoo's userspace shell (user/src/shell.c, which passes argv and the environment), built with musl-gcc. */
export async function buildUserShell(kit: OstooKernelKit): Promise<string> {
  const work = path.join(tempDir('ostoo-user'), 'user');
  await execa('cp', ['-a', path.join(kit.cache, 'src', 'user'), work]);
  await execa('make', ['-s', '-C', work, 'CC=musl-gcc', 'AR=ar', 'bin/shell']);
  return path.join(work, 'bin', 'shell');
}

// The PS/2 keys for the characters commands use (QEMU's qcode names).
const keys: Record<string, string> = {
  ' ': 'spc',
  '\n': 'ret',
  '/': 'slash',
  '-': 'minus',
  _: 'shift-minus',
  '.': 'dot',
  ',': 'comma',
  '=': 'equal',
  ':': 'shift-semicolon',
};

function keyFor(ch: string): string {
  if (/^[a-z0-9]$/.test(ch)) return ch;
  if (/^[A-Z]$/.test(ch)) return `shift-${ch.toLowerCase()}`;
  const key = keys[ch];
  if (!key) throw new Error(`cannot type ${JSON.stringify(ch)} on ostoo's keyboard`);
  return key;
}

/** The kernel shell (`kernel:/# `, `exec PATH`, no arguments) or ostoo's userspace shell (`ostoo:/> `). */
export type OstooShell = 'kernel' | 'user';

// A line of the kernel's log. The kernel writes one whenever it likes, so one can land in the
// middle of what a program writes: the userspace shell writes its prompt in three calls
// ("ostoo:", the directory, "> "), and a timer tick between two of them splits it.
const logLine = /(?:INFO|WARN|ERROR) - [^\n]*\n/g;

/** Console text without the kernel's log lines, which interleave with what programs print. */
export function withoutLog(text: string): string {
  return text.replace(logLine, '');
}

/**
 * Where `needle` starts in `text`, at or after index `from`, when the kernel's log lines are
 * left out of `text`; an index into `text`, or -1.
 */
export function indexPastLog(text: string, needle: string, from = 0): number {
  // The text between log lines, in pieces that remember where they start in `text`.
  const pieces: { at: number; text: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(logLine)) {
    pieces.push({ at: last, text: text.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  pieces.push({ at: last, text: text.slice(last) });
  let kept = '';
  let start = -1;
  for (const p of pieces) {
    if (start < 0 && p.at + p.text.length >= from) start = kept.length + Math.max(0, from - p.at);
    kept += p.text;
  }
  const found = start < 0 ? -1 : kept.indexOf(needle, start);
  if (found < 0) return -1;
  let skipped = 0;
  for (const p of pieces) {
    if (found < skipped + p.text.length) return p.at + (found - skipped);
    skipped += p.text.length;
  }
  return -1;
}

/** The kernel stopped: its console (timer ticks included) has been silent too long. */
export class KernelHang extends Error {
  override name = 'KernelHang';
}

export class OstooMachine {
  private serial = '';
  private monitorText = '';
  private constructor(
    private readonly qemu: ChildProcess,
    private readonly monitor: net.Socket,
    readonly shell: OstooShell,
  ) {}

  /** Everything the console printed so far. */
  get log(): string {
    return this.serial;
  }

  /**
   * Boots with `hostDir` as /host. With `hostDir/bin/shell` the kernel starts the userspace
   * shell; without, its own. Resolves once the shell waits for keys.
   */
  static async boot(kit: OstooKernelKit, hostDir: string, timeoutMs = 120_000): Promise<OstooMachine> {
    const shell: OstooShell = existsSync(path.join(hostDir, 'bin', 'shell')) ? 'user' : 'kernel';
    const sock = path.join(tempDir('ostoo-qemu'), 'monitor.sock');
    // -nic none: else the BIOS tries a network boot first. snapshot=on: the image stays as built.
    const qemu = spawn(
      'qemu-system-x86_64',
      [
        ['-machine', 'q35', '-m', '512M', '-nic', 'none', '-display', 'none', '-no-reboot'],
        ['-drive', `format=raw,file=${kit.image},snapshot=on`],
        ['-serial', 'stdio', '-monitor', `unix:${sock},server,nowait`],
        ['-fsdev', `local,id=host,path=${hostDir},security_model=none`],
        ['-device', 'virtio-9p-pci,fsdev=host,mount_tag=hostfs'],
      ].flat(),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // QEMU must never outlive the test process, whether a test fails before stop() or not.
    const reap = () => qemu.exitCode === null && qemu.kill('SIGKILL');
    process.once('exit', reap);
    qemu.once('exit', () => process.removeListener('exit', reap));
    let qemuErr = '';
    qemu.stderr!.on('data', (d: Buffer) => (qemuErr += d.toString()));
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(sock)) {
      if (qemu.exitCode !== null || Date.now() > deadline) throw new Error(`QEMU did not start: ${qemuErr}`);
      await sleep(50);
    }
    const monitor = net.createConnection(sock);
    await new Promise<void>((resolve, reject) => monitor.once('connect', resolve).once('error', reject));
    const machine = new OstooMachine(qemu, monitor, shell);
    qemu.stdout!.on('data', (d: Buffer) => (machine.serial += d.toString('utf8').replace(/\r/g, '')));
    monitor.on('data', (d: Buffer) => (machine.monitorText += d.toString('utf8')));
    // The shell waits for keys once it printed its prompt and the keyboard task runs.
    // Typing while the kernel still starts its tasks can hang it, so wait for its next timer
    // tick after that: its log then says it is idle.
    // The kernel shell's prompt comes before the kernel's word that it is the shell in use, a
    // log line; the userspace shell's prompt may be split by log lines.
    const ready = (t: string) => (shell === 'user' ? indexPastLog(t, 'ostoo:/> ') : t.indexOf('using kernel shell'));
    const idle = (t: string) => {
      const at = ready(t);
      return t.includes('[keyboard] started') && at >= 0 && t.indexOf('[timer] tick', at) >= 0;
    };
    try {
      await machine.waitFor(0, idle, deadline, 'the shell');
    } catch (e) {
      await machine.stop();
      throw e;
    }
    return machine;
  }

  /**
   * Waits until `done` holds for the console text printed after `from`; returns that text. A
   * deadline passed means the kernel hung (KernelHang): these waits are for the kernel itself.
   */
  private async waitFor(
    from: number,
    done: (text: string) => boolean,
    deadline: number,
    what: string,
  ): Promise<string> {
    for (;;) {
      const text = this.serial.slice(from);
      if (done(text)) return text;
      if (this.qemu.exitCode !== null) throw new Error(`QEMU exited while waiting for ${what}:\n${this.serial}`);
      if (Date.now() > deadline)
        throw new KernelHang(`timed out waiting for ${what}; the console said:\n${this.serial}`);
      await sleep(100);
    }
  }

  /** A monitor command; resolves when the monitor's next prompt shows it was taken. */
  private async hmp(command: string): Promise<void> {
    const prompts = (this.monitorText.match(/\(qemu\) /g) ?? []).length;
    this.monitor.write(`${command}\n`);
    const deadline = Date.now() + 5000;
    while ((this.monitorText.match(/\(qemu\) /g) ?? []).length <= prompts) {
      if (Date.now() > deadline) throw new Error(`the QEMU monitor did not answer ${command}`);
      await sleep(5);
    }
  }

  /** The shell's prompt, which it prints when it waits for the next command. */
  private get prompt(): string {
    return this.shell === 'user' ? 'ostoo:/> ' : 'kernel:/# ';
  }

  /** What the kernel logs when a shell starts a program. */
  private get spawned(): string {
    return this.shell === 'user' ? '[execve] pid=' : '[exec] spawned pid';
  }

  /**
   * Types `text` one key at a time. The userspace shell echoes each character it reads to the
   * console, so the next key waits for that echo (one key in flight, as a person types); the
   * kernel shell echoes only to the screen, so there the keys are paced.
   */
  private async type(text: string): Promise<void> {
    for (const ch of text) {
      const before = this.serial.length;
      await this.hmp(`sendkey ${keyFor(ch)}`);
      if (this.shell === 'kernel' || ch === '\n') {
        await sleep(100);
        continue;
      }
      const deadline = Date.now() + 3000;
      while (this.serial.length === before && Date.now() < deadline) await sleep(10);
      if (this.serial.length === before) return; // lost, or the kernel stopped: the caller checks the echo
    }
  }

  /** Ctrl-C: the shell drops the line it has and prompts again. */
  private async dropLine(): Promise<void> {
    const from = this.serial.length;
    await this.hmp('sendkey ctrl-c');
    await this.waitFor(from, (t) => indexPastLog(t, this.prompt) >= 0, Date.now() + 30_000, 'the prompt after Ctrl-C');
    await sleep(300);
  }

  /**
   * Types `command` and Enter at the shell and waits until the console text printed after it
   * contains `until`, then until the shell prompts again; returns the text up to that prompt.
   * Keys can get lost on a busy host, so a command the shell did not get as typed is typed again:
   * when the userspace shell's echo differs from it (the line is dropped with Ctrl-C first), when
   * the console stays silent (Enter lost: it is pressed again), or when the shell prompts again
   * without having started a program (a key lost). Once a program started, its output is the
   * answer. A console silent for `hangMs` means the kernel hung: KernelHang.
   */
  async run(command: string, until: string | RegExp, timeoutMs = 60_000, hangMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const at = (t: string) => (typeof until === 'string' ? t.indexOf(until) : (until.exec(t)?.index ?? -1));
    for (let attempt = 1; ; attempt++) {
      const fail = (why: string) => new Error(`'${command}' ${why}; the console said:\n${this.serial}`);
      const from = this.serial.length;
      await this.type(command);
      if (this.shell === 'user' && !withoutLog(this.serial.slice(from)).endsWith(command)) {
        if (attempt === 3) throw fail('was not echoed as typed');
        await this.dropLine();
        continue;
      }
      await this.type('\n');
      let lastLength = this.serial.length;
      let lastChange = Date.now();
      let pressedEnter = false;
      for (;;) {
        const text = this.serial.slice(from);
        const u = at(text);
        const prompted = u >= 0 ? indexPastLog(text, this.prompt, u) : -1;
        if (prompted >= 0) {
          await sleep(300); // let the shell settle at its prompt before the next keys come
          return text.slice(0, prompted);
        }
        if (this.qemu.exitCode !== null) throw fail('ended QEMU');
        const promptedAgain = u < 0 && indexPastLog(text, this.prompt) >= 0;
        if (promptedAgain && (text.includes(this.spawned) || attempt === 3))
          throw fail(`did not print ${String(until)}`);
        if (promptedAgain) break; // the shell did not get the command as typed: type it again
        if (Date.now() > deadline) throw fail(`did not print ${String(until)} in ${timeoutMs / 1000} s`);
        if (this.serial.length !== lastLength) [lastLength, lastChange] = [this.serial.length, Date.now()];
        if (Date.now() - lastChange > hangMs) throw new KernelHang(`ostoo stopped after '${command}':\n${this.serial}`);
        if (!pressedEnter && Date.now() - lastChange > 8000 && !text.includes(this.spawned)) {
          await this.type('\n');
          pressedEnter = true;
        }
        await sleep(100);
      }
      await sleep(300);
    }
  }

  async stop(): Promise<void> {
    this.monitor.destroy();
    if (this.qemu.exitCode !== null) return;
    const exited = new Promise((resolve) => this.qemu.once('exit', resolve));
    this.qemu.kill('SIGTERM');
    await Promise.race([exited, sleep(5000).then(() => this.qemu.kill('SIGKILL'))]);
  }
}

/** A command for `session`, and the text that says it is done. */
export interface KernelCommand {
  command: string;
  until: string | RegExp;
}

/**
 * Boots with `hostDir` as /host and runs `commands` in order; returns each one's console text.
 * ostoo (6a35bb5) sometimes hangs while keys arrive (more often on a loaded host), so a session
 * that hangs, booting or later, is booted and run again, up to `boots` times.
 */
export async function session(
  kit: OstooKernelKit,
  hostDir: string,
  commands: readonly KernelCommand[],
  boots = 3,
): Promise<string[]> {
  for (let boot = 1; ; boot++) {
    let machine: OstooMachine | undefined;
    try {
      machine = await OstooMachine.boot(kit, hostDir);
      const out: string[] = [];
      for (const c of commands) out.push(await machine.run(c.command, c.until));
      return out;
    } catch (err) {
      if (!(err instanceof KernelHang) || boot === boots) throw err;
      // Where it hung (the error's first line), for the CI log: the whole console is long.
      console.log(`# ostoo hung (boot ${boot} of ${boots}: ${err.message.split('\n')[0]}); booting again`);
    } finally {
      await machine?.stop();
    }
  }
}
