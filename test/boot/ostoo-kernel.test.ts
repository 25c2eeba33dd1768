// The ostoo document's own end check, on the real ostoo kernel (cmsd2/ostoo 6a35bb5, built by
// ../shared/ostoo-kernel/setup.sh): a workspace made by `ostoo new`, with programs added by
// `ostoo program`, built once by its build script, then run on the kernel booted in QEMU with the
// deployed programs shared as /host. The kernel shell's `exec` passes no arguments and an empty
// environment; ostoo's userspace shell (built from the kit's sources) passes both. Beside the
// kernel's answers, `ostoo syscalls` says the same against ostoo's table.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { buildUserShell, ostooKernelOrSkip, session, withoutLog } from '../helpers/ostoo-kernel.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();
const { kit, skip: noKit } = ostooKernelOrSkip();
const skip = noToolchain || noKit;
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'user-rs');
const started = Date.now();

const ostoo = async (args: string[], cwd: string) => {
  const res = await execa(process.execPath, [ostooBin, ...args], { cwd, reject: false, all: true });
  assert.equal(res.exitCode, 0, res.all);
  return res;
};

/** What the programs printed: the console text without the kernel's log and the typed echo. */
function printed(text: string, echo: boolean): string[] {
  const lines = withoutLog(text)
    .replace(/\[(?:exec|trampoline|clone|clone_trampoline|execve|kernel)\][^\n]*\n/g, '')
    .split('\n');
  return (echo ? lines.slice(1) : lines).filter((l) => l !== '');
}

/** `[kernel] pid N exited with code C`, the kernel's word on how the program ended. */
function exitCode(text: string): number | undefined {
  const m = /\[kernel\] pid \d+ exited with code (-?\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('generated programs on the real ostoo kernel', { skip, timeout: 40 * 60_000 }, () => {
  let root = '';
  let deployed = '';
  let build = '';
  const kernelShell: Record<string, string> = {};
  const userShell: Record<string, string> = {};

  before(async () => {
    // One workspace, built once, for every case: the seeds, a no_std and a std program from
    // `ostoo program`, std programs that print their arguments and environment (an ordinary
    // fn main() and the seed's shape) or read a file, and an ordinary std program started by
    // musl's own crt1.o instead of the runtime.
    root = path.join(tempDir('ostoo-boot'), 'kernel');
    await ostoo(['new', root, '--yes', '--toolchain-path', toolchain!.root], repoRoot);
    const ws = path.join(root, 'user-rs');
    await ostoo(['program', 'tool-a'], ws);
    await ostoo(['program', 'tool-b', '--std'], ws);
    for (const p of ['std-args', 'std-file', 'std-seed-shape', 'plain-main']) {
      await ostoo(['program', p, '--std'], ws);
      copyFileSync(path.join(fixtures, `${p}.rs`), path.join(ws, p, 'src', 'main.rs'));
    }
    writeFileSync(
      path.join(ws, 'plain-main', 'Cargo.toml'),
      '[package]\nname = "plain-main"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n',
    );
    copyFileSync(path.join(fixtures, 'plain-main.build.rs'), path.join(ws, 'plain-main', 'build.rs'));
    const binDir = tempDir('bin');
    symlinkSync(ostooBin, path.join(binDir, 'ostoo'));
    const built = await execa('bash', [path.join(root, 'scripts', 'user-rs-build.sh')], {
      env: { PATH: `${binDir}:${process.env.PATH}` },
      all: true,
      reject: false,
    });
    assert.equal(built.exitCode, 0, built.all);
    build = built.stdout;
    deployed = path.join(root, 'user');
    writeFileSync(path.join(deployed, 'greeting.txt'), 'greetings via 9p\n');
    const shell = await buildUserShell(kit!);
    console.log(`# workspace and userspace shell built in ${Math.round((Date.now() - started) / 1000)} s`);

    // The kernel shell (no bin/shell in /host): one boot for every `exec`.
    const kernelHost = path.join(tempDir('ostoo-host'), 'host');
    cpSync(deployed, kernelHost, { recursive: true });
    const execs = [
      ['hello-rs', 'Heap works: 42'],
      ['hello-std', 'HashMap works: '],
      ['tool-a', 'Hello from tool-a'],
      ['tool-b', 'Hello from tool-b'],
      ['std-file', 'greeting.txt: '],
      ['std-seed-shape', 'OSTOO_GREETING='],
      // It never prints: the kernel kills it.
      ['plain-main', 'killing process'],
    ] as const;
    let t = Date.now();
    const outs = await session(
      kit!,
      kernelHost,
      execs.map(([p, until]) => ({ command: `exec /host/${p}`, until })),
    );
    execs.forEach(([p], i) => (kernelShell[p] = outs[i]!));
    console.log(`# kernel shell: booted and ran ${execs.length} programs in ${Math.round((Date.now() - t) / 1000)} s`);

    // ostoo's userspace shell, which passes arguments and the environment.
    const userHost = path.join(tempDir('ostoo-host'), 'host');
    cpSync(deployed, userHost, { recursive: true });
    mkdirSync(path.join(userHost, 'bin'));
    copyFileSync(shell, path.join(userHost, 'bin', 'shell'));
    t = Date.now();
    const [, args, file] = await session(kit!, userHost, [
      { command: 'export OSTOO_GREETING=hi', until: '' },
      { command: '/host/std-args one two', until: 'OSTOO_GREETING' },
      { command: '/host/std-file /host/greeting.txt', until: 'greeting.txt: ' },
    ]);
    Object.assign(userShell, { 'std-args': args!, 'std-file': file! });
    console.log(`# userspace shell: booted and ran 3 commands in ${Math.round((Date.now() - t) / 1000)} s`);
  });

  test("the document's end check: exec /host/hello-rs prints the seed's lines", () => {
    assert.deepEqual(printed(kernelShell['hello-rs']!, false), ['Hello from Rust on ostoo!', 'Heap works: 42']);
    assert.equal(exitCode(kernelShell['hello-rs']!), 0);
  });

  test('hello-std: an ordinary fn main() std program starts on a kernel without poll', () => {
    assert.deepEqual(printed(kernelShell['hello-std']!, false), [
      'Hello from Rust std on ostoo!',
      'HashMap works: {"key": 42}',
    ]);
    assert.equal(exitCode(kernelShell['hello-std']!), 0);
    assert.doesNotMatch(kernelShell['hello-std']!, /unhandled syscall/);
  });

  test('programs added with `ostoo program` (no_std and --std)', () => {
    assert.deepEqual(printed(kernelShell['tool-a']!, false), ['Hello from tool-a (no_std) on ostoo!']);
    assert.deepEqual(printed(kernelShell['tool-b']!, false), ['Hello from tool-b (std) on ostoo!']);
    assert.equal(exitCode(kernelShell['tool-a']!), 0);
    assert.equal(exitCode(kernelShell['tool-b']!), 0);
  });

  test('a std program reads a file over /host (9p)', () => {
    assert.deepEqual(printed(kernelShell['std-file']!, false), ['/host/greeting.txt: greetings via 9p']);
    assert.deepEqual(printed(userShell['std-file']!, true), ['/host/greeting.txt: greetings via 9p']);
    assert.equal(exitCode(userShell['std-file']!), 0);
  });

  test('a std program sees its arguments and environment through the userspace shell', () => {
    assert.deepEqual(printed(userShell['std-args']!, true), [
      'args: ["/host/std-args", "one", "two"]',
      'OSTOO_GREETING=hi',
    ]);
    assert.equal(exitCode(userShell['std-args']!), 0);
  });

  test("the seed's shape still runs: no arguments through std (and the kernel shell passes no environment)", () => {
    assert.deepEqual(printed(kernelShell['std-seed-shape']!, false), ['args: []', 'OSTOO_GREETING=']);
    assert.equal(exitCode(kernelShell['std-seed-shape']!), 0);
  });

  test('std without the runtime: the kernel fails its poll and kills it, and `ostoo syscalls` says poll is missing', async () => {
    const out = kernelShell['plain-main']!;
    assert.match(out, /WARN - unhandled syscall nr=7 /); // poll, on x86_64
    assert.doesNotMatch(out, /Hello from an ordinary std program/);
    assert.match(out, /ring-3 GPF \(pid \d+, error=0x0\) — killing process/);

    const report = await execa(process.execPath, [ostooBin, 'syscalls', path.join(deployed, 'plain-main')], {
      cwd: root,
      reject: false,
    });
    assert.equal(report.exitCode, 1, report.stderr);
    assert.match(report.stdout, /^ {2}poll +1 {2}MISSING$/m);
    assert.match(report.stdout, /\nmissing from kernel-syscalls\.txt: poll$/);
    // The build script said so too, for this program only.
    assert.equal(
      build.match(/MISSING syscalls: .*/g)?.join('\n'),
      'MISSING syscalls: poll (not in kernel-syscalls.txt; exited 0)',
    );
    assert.match(build, new RegExp(`${path.join(deployed, 'plain-main')}: MISSING syscalls: poll `));
  });

  test("`ostoo syscalls` on ostoo's set: the programs that run on the kernel need nothing it lacks", async () => {
    for (const p of ['hello-rs', 'hello-std', 'tool-a', 'tool-b', 'std-args', 'std-file', 'std-seed-shape']) {
      const report = await execa(process.execPath, [ostooBin, 'syscalls', path.join(deployed, p)], {
        cwd: root,
        reject: false,
      });
      assert.equal(report.exitCode, 0, `${p}:\n${report.stdout}${report.stderr}`);
      assert.match(report.stdout, /\nall \d+ are in kernel-syscalls\.txt$/);
      assert.match(build, new RegExp(`${path.join(deployed, p)}: ok {3}syscalls: all \\d+ in kernel-syscalls\\.txt`));
    }
  });
});
