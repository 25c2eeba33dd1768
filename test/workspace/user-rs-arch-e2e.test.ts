// aarch64 and riscv64 end to end: generate with --arch, add programs with `ostoo program`, build
// with the generated script (the cross gcc links), verify every binary for its machine, and run
// them under Debian's qemu-user-static. aarch64 builds both tiers (musl-dev:arm64); riscv64,
// which Debian packages no musl for, builds the no_std tier with no libc at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { sharedStdEnv } from '../helpers/shared-std.js';
import { toolchainOrSkip } from '../helpers/toolchain.js';
import { requireOrSkip } from '../helpers/cross.js';
import { userArchInfo, type UserArch } from '../../src/target-spec/user-arch.js';

const { toolchain, skip: noToolchain } = toolchainOrSkip();
const syscallsProgram = path.join(repoRoot, 'test', 'fixtures', 'user-rs', 'syscalls.rs');
const stdFixtures = ['std-args', 'std-poll'];

const cases: { arch: UserArch; std: boolean; file: RegExp }[] = [
  { arch: 'aarch64', std: true, file: /ELF 64-bit LSB executable, ARM aarch64.*statically linked/ },
  { arch: 'riscv64', std: false, file: /ELF 64-bit LSB executable, UCB RISC-V.*statically linked/ },
];

for (const c of cases) {
  const info = userArchInfo(c.arch);
  const skip =
    noToolchain ||
    requireOrSkip([`${info.gnuTriple}-gcc`, info.qemu, 'file'], c.std ? [`/usr/lib/${c.arch}-linux-musl/libc.a`] : []);
  test(
    `--arch ${c.arch}: generate, add programs, build${c.std ? ' both tiers' : ' the no_std tier'}, verify and run under ${info.qemu}`,
    { skip, timeout: 20 * 60_000 },
    async () => {
      const dir = path.join(tempDir(`e2e-${c.arch}`), 'kernel');
      const gen = await execa(
        process.execPath,
        [ostooBin, 'new', dir, '--yes', '--arch', c.arch, '--toolchain-path', toolchain!.root],
        { all: true },
      );
      assert.match(gen.all!, new RegExp(`target ${c.arch}-ostoo-user`));
      assert.ok(existsSync(path.join(dir, 'user-rs', `${c.arch}-ostoo-user.json`)));
      if (c.std) assert.match(gen.all!, new RegExp(`musl sysroot ready: .*/sysroot/${c.arch}-ostoo-user \\(system\\)`));
      else
        assert.match(
          gen.all!,
          /Note: no musl for riscv64: only the no_std tier \(hello-rs\) is generated; for std programs pass --musl-path DIR/,
        );

      const ws = path.join(dir, 'user-rs');
      await execa(process.execPath, [ostooBin, 'program', 'syscalls'], { cwd: ws });
      copyFileSync(syscallsProgram, path.join(ws, 'syscalls', 'src', 'main.rs'));
      if (c.std) await execa(process.execPath, [ostooBin, 'program', 'tool-b', '--std'], { cwd: ws });
      // std programs that print their arguments and environment, and check the std runtime's poll.
      for (const p of c.std ? stdFixtures : []) {
        await execa(process.execPath, [ostooBin, 'program', p, '--std'], { cwd: ws });
        copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'user-rs', `${p}.rs`), path.join(ws, p, 'src', 'main.rs'));
      }

      // `ostoo` on PATH: the suite's shared prebuilt std for this architecture, and ostoo verify.
      mkdirSync(path.join(dir, 'user'), { recursive: true });
      const build = await execa('bash', [path.join(dir, 'scripts/user-rs-build.sh')], {
        env: sharedStdEnv(),
        all: true,
      }).catch((err) => assert.fail(`build failed:\n${err.all ?? err.message}`));
      const programs = c.std
        ? ['hello-rs', 'hello-std', 'syscalls', 'tool-b', ...stdFixtures]
        : ['hello-rs', 'syscalls'];
      assert.doesNotMatch(build.stdout, /FAIL/);
      assert.equal(
        (
          build.stdout.match(
            new RegExp(`ok {3}format: ELF64 little-endian \\(${c.arch === 'riscv64' ? 'riscv' : c.arch}\\)`, 'g'),
          ) ?? []
        ).length,
        programs.length,
      );
      assert.equal(
        (build.stdout.match(/ok {3}entry: stripped; code at e_entry 0x[0-9a-f]+ is _start's prologue/g) ?? []).length,
        programs.length,
      );
      const user = (p: string) => path.join(dir, 'user', p);
      if (!c.std) assert.ok(!existsSync(user('hello-std')));

      const run = (p: string, ...pre: string[]) => execa(info.qemu, [...pre, user(p)], { reject: false });
      const runWith = (p: string, args: string[], env: Record<string, string>) =>
        execa(info.qemu, [user(p), ...args], { env, reject: false });
      const helloRs = await run('hello-rs');
      assert.equal(helloRs.stdout, 'Hello from Rust on ostoo!\nHeap works: 42');
      assert.equal(helloRs.exitCode, 0);
      if (c.std) {
        const helloStd = await run('hello-std');
        assert.equal(helloStd.stdout, 'Hello from Rust std on ostoo!\nHashMap works: {"key": 42}');
        assert.equal((await run('tool-b')).stdout, 'Hello from tool-b (std) on ostoo!');
        const args = await runWith('std-args', ['one', 'two words'], { OSTOO_GREETING: 'hello from the environment' });
        assert.equal(
          args.stdout,
          `args: ["${user('std-args')}", "one", "two words"]\nOSTOO_GREETING=hello from the environment`,
        );
        const poll = await run('std-poll');
        assert.equal(poll.stdout, 'ok poll\nok query\nok errno', poll.stderr);
        // std's start-up asks which standard descriptors are open with fcntl, never ppoll.
        assert.doesNotMatch((await run('std-args', '-strace')).stderr, /\b(p?poll)\(/);
      }
      const sys = await run('syscalls');
      assert.equal(sys.exitCode, 7, `syscalls exited ${sys.exitCode}:\n${sys.stdout}${sys.stderr}`);
      assert.match(sys.stdout, /^ok mmap\n[^]*\nok execve\n[^]*\nall syscalls ok$/);

      // Both tiers end the process with exit_group (qemu's -strace logs the guest's syscalls).
      for (const p of c.std ? ['hello-rs', 'hello-std'] : ['hello-rs']) {
        const traced = await run(p, '-strace');
        assert.match(traced.stderr.trim().split('\n').at(-1)!, /exit_group\(0\)/, `${p} exits through exit_group`);
      }

      // A wrong --arch is a failed check.
      const wrong = await execa(process.execPath, [ostooBin, 'verify', '--arch', 'x86_64', user('hello-rs')], {
        reject: false,
      });
      assert.equal(wrong.exitCode, 1);
      assert.match(wrong.stdout, /FAIL format: .*expected x86_64/);
      for (const p of programs) assert.match((await execa('file', [user(p)])).stdout, c.file);
      rmSync(path.dirname(dir), { recursive: true, force: true }); // ~150 MB of build output
    },
  );
}
