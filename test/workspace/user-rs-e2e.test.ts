// End to end with a real toolchain: generate, run the generated build script (one cargo
// build of both tiers with -Z build-std), run the programs, verify the ELF files; the build's
// syscall check against kernel-syscalls.txt runs only with that file and without CHECK_SYSCALLS=0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { sharedStdEnv, stdCompiles } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';

const { toolchain, skip } = toolchainOrSkip();
const stdFixtures = ['std-args', 'std-seed-shape', 'std-poll'];

test(
  'ostoo new + ostoo program + scripts/user-rs-build.sh: all programs build in one cargo run, run and verify',
  { skip, timeout: 15 * 60_000 },
  async () => {
    const dir = path.join(tempDir('e2e'), 'kernel');
    const gen = await execa(process.execPath, [ostooBin, 'new', dir, '--yes', '--toolchain-path', toolchain!.root]);
    assert.match(gen.stdout, /musl sysroot ready/);
    // One no_std and one std program added from inside the workspace, built with the seeds.
    await execa(process.execPath, [ostooBin, 'program', 'tool-a'], { cwd: path.join(dir, 'user-rs') });
    await execa(process.execPath, [ostooBin, 'program', 'tool-b', '--std'], {
      cwd: path.join(dir, 'user-rs', 'hello-rs'),
    });
    // A program over every typed syscall wrapper (test/fixtures/user-rs/syscalls.rs).
    await execa(process.execPath, [ostooBin, 'program', 'syscalls'], { cwd: path.join(dir, 'user-rs') });
    copyFileSync(
      path.join(repoRoot, 'test', 'fixtures', 'user-rs', 'syscalls.rs'),
      path.join(dir, 'user-rs', 'syscalls', 'src', 'main.rs'),
    );

    // std programs that print their arguments and environment (an ordinary fn main() and the
    // seed's shape), and one that checks the std runtime's poll.
    for (const p of stdFixtures) {
      await execa(process.execPath, [ostooBin, 'program', p, '--std'], { cwd: path.join(dir, 'user-rs') });
      copyFileSync(
        path.join(repoRoot, 'test', 'fixtures', 'user-rs', `${p}.rs`),
        path.join(dir, 'user-rs', p, 'src', 'main.rs'),
      );
    }

    // `ostoo` on PATH: the build script links the suite's shared prebuilt std and verifies what it deploys.
    mkdirSync(path.join(dir, 'user'), { recursive: true });
    const build = await execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')], {
      env: sharedStdEnv(),
      all: true,
    }).catch((err) => assert.fail(`build failed:\n${err.all ?? err.message}`));
    assert.match(build.stdout, /^hello-rs\s+\d+ bytes/m);
    assert.match(build.stdout, /^hello-std\s+\d+ bytes/m);
    // Every program in a single cargo invocation (after std's own build, when this key had none yet).
    const std = stdCompiles(build.all!);
    assert.ok(std <= 1, `std compiled ${std} times`);
    assert.equal((build.all!.match(/Finished `release`/g) ?? []).length, 1 + std, 'one cargo build of the workspace');
    assert.doesNotMatch(build.stdout, /FAIL/);
    // Release binaries are stripped: verify finds _start by its prologue, as the seed's disassembly check.
    assert.equal(
      (build.stdout.match(/ok {3}entry: stripped; code at e_entry 0x[0-9a-f]+ is _start's prologue/g) ?? []).length,
      8,
    );
    assert.equal(
      (build.stdout.match(/ok {3}format: ELF64 little-endian \(x86_64\)/g) ?? []).length,
      8,
      'verified with --arch x86_64',
    );

    const helloRs = await execa(path.join(dir, 'user/hello-rs'));
    assert.equal(helloRs.stdout, 'Hello from Rust on ostoo!\nHeap works: 42');
    const helloStd = await execa(path.join(dir, 'user/hello-std'));
    assert.equal(helloStd.stdout, 'Hello from Rust std on ostoo!\nHashMap works: {"key": 42}');

    assert.equal((await execa(path.join(dir, 'user/tool-a'))).stdout, 'Hello from tool-a (no_std) on ostoo!');
    assert.equal((await execa(path.join(dir, 'user/tool-b'))).stdout, 'Hello from tool-b (std) on ostoo!');

    // std::env::args() and std::env::vars() in an ordinary fn main() program; the seed's shape
    // sees no arguments through std, but its environment.
    const env = { OSTOO_GREETING: 'hello from the environment' };
    const args = await execa(path.join(dir, 'user/std-args'), ['one', 'two words'], { env });
    assert.equal(
      args.stdout,
      `args: ["${path.join(dir, 'user/std-args')}", "one", "two words"]\nOSTOO_GREETING=hello from the environment`,
    );
    const seedShape = await execa(path.join(dir, 'user/std-seed-shape'), ['one'], { env });
    assert.equal(seedShape.stdout, 'args: []\nOSTOO_GREETING=hello from the environment');
    const poll = await execa(path.join(dir, 'user/std-poll'), { reject: false });
    assert.equal(poll.stdout, 'ok poll\nok query\nok errno', poll.stderr);
    // std's start-up asks which standard descriptors are open with fcntl, never poll, and
    // reopens a closed one on /dev/null.
    const startUp = await execa(
      'bash',
      ['-c', 'exec qemu-x86_64-static -strace "$0" 0<&-', path.join(dir, 'user/std-args')],
      {
        reject: false,
      },
    );
    assert.doesNotMatch(startUp.stderr, /\bpoll\(/);
    assert.match(startUp.stderr, /fcntl\(0,F_GETFD\) = -1 errno=9 [^]*open\("\/dev\/null",O_RDWR[^)]*\) = 0/);

    const sys = await execa(path.join(dir, 'user/syscalls'), { reject: false });
    assert.equal(sys.exitCode, 7, `syscalls exited ${sys.exitCode}:\n${sys.stdout}${sys.stderr}`);
    assert.match(sys.stdout, /^ok mmap\n[^]*\nok execve\n[^]*\nall syscalls ok$/);
    // Both tiers end the process with exit_group (qemu-user's -strace logs the syscalls).
    for (const prog of ['hello-rs', 'hello-std']) {
      const traced = await execa('qemu-x86_64-static', ['-strace', path.join(dir, 'user', prog)], { reject: false });
      assert.match(traced.stderr.trim().split('\n').at(-1)!, /exit_group\(0\)/, `${prog} exits through exit_group`);
    }

    const verify = await execa(process.execPath, [
      ostooBin,
      'verify',
      path.join(dir, 'user/hello-rs'),
      path.join(dir, 'user/hello-std'),
    ]);
    assert.doesNotMatch(verify.stdout, /FAIL/);
    for (const prog of ['hello-rs', 'hello-std', 'tool-a', 'tool-b', 'syscalls', ...stdFixtures]) {
      const { stdout } = await execa('file', [path.join(dir, 'user', prog)]);
      assert.match(stdout, /ELF 64-bit LSB executable, x86-64.*statically linked/);
      assert.doesNotMatch(stdout, /interpreter/);
    }
    // Generous bounds; the size goals are checked by bench/sizes.
    assert.ok(statSync(path.join(dir, 'user/hello-rs')).size < 64 * 1024);
    assert.ok(statSync(path.join(dir, 'user/hello-std')).size < 1024 * 1024);

    // With the kernel's set (ostoo's, written by `ostoo new`) and ostoo on PATH, the build ran
    // each program once under qemu-user against it: one line per program, the build not failed.
    const programs = ['hello-rs', 'hello-std', 'tool-a', 'tool-b', 'syscalls', ...stdFixtures];
    const checkLines = (out: string) => out.split('\n').filter((l) => / syscalls: /.test(l));
    assert.equal(checkLines(build.stdout).length, programs.length, build.stdout);
    for (const prog of programs)
      assert.match(
        build.stdout,
        new RegExp(`^${path.join(dir, 'user', prog)}: (ok {3}|MISSING )syscalls: `, 'm'),
        `${prog} checked`,
      );
    for (const prog of ['hello-rs', 'hello-std', 'tool-a', 'tool-b'])
      assert.match(
        build.stdout,
        new RegExp(`^${path.join(dir, 'user', prog)}: ok {3}syscalls: all \\d+ in kernel-syscalls\\.txt`, 'm'),
      );
    // CHECK_SYSCALLS=0 skips the check; without the file there is none.
    const rebuild = async (env: Record<string, string> = {}) =>
      (await execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')], { env: sharedStdEnv(env) })).stdout;
    const skipped = await rebuild({ CHECK_SYSCALLS: '0' });
    assert.match(skipped, /^hello-std\s+\d+ bytes/m);
    assert.deepEqual(checkLines(skipped), [], 'CHECK_SYSCALLS=0');
    rmSync(path.join(dir, 'kernel-syscalls.txt'));
    const noSet = await rebuild();
    assert.match(noSet, /^hello-std\s+\d+ bytes/m);
    assert.deepEqual(checkLines(noSet), [], 'no kernel-syscalls.txt');

    // The sysroot script is idempotent.
    const again = await execa('bash', [path.join(dir, 'scripts/extract-musl-sysroot.sh')]);
    assert.match(again.stdout, /musl sysroot present/);
  },
);
