// `ostoo syscalls` against a program whose syscalls are known exactly (the freestanding
// test/fixtures/syscalls/tracee.c: each argument makes one call), run for real under
// qemu-x86_64-static: counts in the order of first use, the kernel set's notes, MISSING and the
// exit status, the arguments passed through, the time limit, where the set is found, --brief,
// and every refusal as one line with what to do; and aarch64 and riscv64 programs under their own
// qemu-user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ostooBin, repoRoot, tempDir } from '../helpers/paths.js';
import { requireOrSkip } from '../helpers/cross.js';

const skip = process.arch === 'x64' ? requireOrSkip(['gcc', 'qemu-x86_64-static']) : 'the tracee is x86_64 code';
const dir = tempDir('syscalls');
const tracee = path.join(dir, 'tracee');
const kernelSet = path.join(dir, 'kernel-syscalls.txt');

const ostoo = (args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) =>
  execa(process.execPath, [ostooBin, 'syscalls', ...args], {
    cwd: opts.cwd ?? dir,
    env: opts.env,
    reject: false,
    stripFinalNewline: false,
  });

test('set-up: the tracee and a kernel set', { skip }, async () => {
  await execa('gcc', [
    '-static',
    '-nostdlib',
    '-O1',
    '-fno-stack-protector',
    '-o',
    tracee,
    path.join(repoRoot, 'test', 'fixtures', 'syscalls', 'tracee.c'),
  ]);
  writeFileSync(kernelSet, '# a small kernel\nwrite\n501   # my own call\nexit_group  # ends every thread\n');
});

test('lists the calls by name with counts, notes and MISSING, and exits 1 when one is missing', { skip }, async () => {
  const res = await ostoo(['--kernel-syscalls', kernelSet, tracee, 'ppid', 'ostoo', 'write', 'ppid']);
  assert.equal(res.exitCode, 1, res.stderr);
  assert.equal(
    res.stdout,
    [
      'tracee', // the program's own output comes first
      `${tracee} under qemu-x86_64-static, exited 5: 4 syscalls, 5 calls, checked against ${kernelSet}`,
      '  getppid      2  MISSING',
      '  syscall_501  1  my own call',
      '  write        1',
      '  exit_group   1  ends every thread',
      'missing from kernel-syscalls.txt: getppid',
      '',
    ].join('\n'),
  );
});

test('every call in the set: exit 0; --brief is one line and hides the program output', { skip }, async () => {
  const full = await ostoo(['--kernel-syscalls', kernelSet, tracee, 'write', 'ostoo']);
  assert.equal(full.exitCode, 0, full.stderr);
  assert.match(full.stdout, /\nall 3 are in kernel-syscalls\.txt\n$/);
  const brief = await ostoo(['--brief', '--kernel-syscalls', kernelSet, tracee, 'write']);
  assert.equal(brief.stdout, `${tracee}: ok   syscalls: all 2 in kernel-syscalls.txt (exited 2)\n`);
  const missing = await ostoo(['--brief', '--kernel-syscalls', kernelSet, tracee, 'ppid']);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stdout, `${tracee}: MISSING syscalls: getppid (not in kernel-syscalls.txt; exited 2)\n`);
});

test("options after PROGRAM are the program's arguments", { skip }, async () => {
  const res = await ostoo(['--brief', '--kernel-syscalls', kernelSet, tracee, '--brief', '-x', '--timeout']);
  assert.equal(res.exitCode, 0, res.stderr);
  assert.match(res.stdout, /\(exited 4\)\n$/); // argc: the program and its three arguments
});

test('the time limit stops the program and keeps what it did until then', { skip }, async () => {
  const res = await ostoo(['--timeout', '1', '--kernel-syscalls', kernelSet, tracee, 'ppid', 'spin']);
  assert.equal(res.exitCode, 1);
  assert.match(res.stdout, /, stopped after 1 s: 1 syscalls, 1 calls, /);
  assert.match(res.stdout, /^ {2}getppid +1 {2}MISSING$/m);
});

test(
  "the set is the workspace's kernel-syscalls.txt (around the current directory, else the program); none: listed only",
  { skip },
  async () => {
    // A seed-shaped workspace: a workspace Cargo.toml beside a target spec, and a runtime crate.
    const root = path.join(dir, 'kernel');
    const files: Record<string, string> = {
      'user-rs/Cargo.toml': '[workspace]\nmembers = ["rt", "hello"]\n',
      'user-rs/x86_64-ostoo-user.json': '{ "llvm-target": "x86_64-unknown-linux-musl" }\n',
      'user-rs/rt/Cargo.toml': '[package]\nname = "ostoo-rt"\nversion = "0.1.0"\n',
      'user-rs/hello/Cargo.toml':
        '[package]\nname = "hello"\nversion = "0.1.0"\n[dependencies]\nostoo-rt = { path = "../rt" }\n',
      'kernel-syscalls.txt': 'getppid\nexit_group\n',
      'scripts/user-rs-build.sh': '#!/bin/sh\n',
    };
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), text);
    }
    const deployed = path.join(root, 'user', 'tracee');
    mkdirSync(path.dirname(deployed));
    await execa('cp', [tracee, deployed]);
    const inside = await ostoo([deployed, 'ppid'], { cwd: path.join(root, 'user-rs', 'hello') });
    assert.equal(inside.exitCode, 0, inside.stdout);
    assert.match(inside.stdout, new RegExp(`checked against ${path.join(root, 'kernel-syscalls.txt')}\n`));
    const besideProgram = await ostoo([deployed, 'ppid'], { cwd: dir });
    assert.match(besideProgram.stdout, new RegExp(`checked against ${path.join(root, 'kernel-syscalls.txt')}\n`));
    const none = await ostoo([tracee, 'ppid'], { cwd: dir });
    assert.equal(none.exitCode, 0);
    assert.match(
      none.stdout,
      /exited 2: 2 syscalls, 2 calls\n {2}getppid {5}1\n {2}exit_group {2}1\nno kernel-syscalls\.txt here to check against: list your kernel's syscalls in one at the workspace root \(one name per line\), or pass --kernel-syscalls FILE\n$/,
    );
  },
);

// The same calls as the tracee's `write ppid`, freestanding for aarch64 and riscv64 (Linux's
// generic numbers: write 64, getppid 173, exit_group 94), so only the cross gcc is needed.
const crossTracee = (sys: string) => `static long sys3(long n, long a, long b, long c) {
${sys}
}
void _start(void) {
    sys3(64, 1, (long)"cross\\n", 6);
    sys3(173, 0, 0, 0);
    sys3(94, 3, 0, 0);
    for (;;) {}
}
`;
const crossArches = [
  {
    arch: 'aarch64',
    qemu: 'qemu-aarch64-static',
    sys: `    register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;`,
  },
  {
    arch: 'riscv64',
    qemu: 'qemu-riscv64-static',
    sys: `    register long a7 __asm__("a7") = n, a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
    return a0;`,
  },
] as const;

for (const { arch, qemu, sys } of crossArches) {
  const gcc = `${arch}-linux-gnu-gcc`;
  test(
    `${arch}: a program is traced under ${qemu}, its calls by name`,
    { skip: requireOrSkip([gcc, qemu]) },
    async () => {
      const source = path.join(dir, `cross-${arch}.c`);
      const program = path.join(dir, `cross-${arch}`);
      writeFileSync(source, crossTracee(sys));
      await execa(gcc, ['-static', '-nostdlib', '-O1', '-fno-stack-protector', '-o', program, source]);
      const res = await ostoo(['--kernel-syscalls', kernelSet, program]);
      assert.equal(res.exitCode, 1, res.stderr);
      assert.equal(
        res.stdout,
        [
          'cross',
          `${program} under ${qemu}, exited 3: 3 syscalls, 3 calls, checked against ${kernelSet}`,
          '  write       1',
          '  getppid     1  MISSING',
          '  exit_group  1  ends every thread',
          'missing from kernel-syscalls.txt: getppid',
          '',
        ].join('\n'),
      );
    },
  );
}

test('refusals: one line saying what to do', { skip }, async () => {
  const text = path.join(dir, 'notes.txt');
  writeFileSync(text, 'not a program\n');
  const bad = path.join(dir, 'bad-set.txt');
  writeFileSync(bad, 'write\nopen at\n');
  const noQemu = path.join(dir, 'empty-bin');
  mkdirSync(noQemu, { recursive: true });
  const cases: [string[], RegExp, Record<string, string>?][] = [
    [
      [path.join(dir, 'nothing-here')],
      /^ostoo: .*nothing-here: ENOENT[^\n]* — give a built program \(an ELF executable for x86_64, aarch64 or riscv64\), e\.g\. user\/hello-std\n$/,
    ],
    [[text], /^ostoo: .*notes\.txt: not an ELF file — give a built program/],
    [
      ['--timeout', 'soon', tracee],
      /^ostoo: --timeout must be a positive number of seconds \(got 'soon'\) — e\.g\. --timeout 30\n$/,
    ],
    [['--timeout', '0', tracee], /^ostoo: --timeout must be a positive number of seconds \(got '0'\)/],
    [
      ['--kernel-syscalls', bad, tracee],
      /^ostoo: .*bad-set\.txt:2: 'open at' is not a syscall — write one syscall name \(or number\) per line, then an optional # note\n$/,
    ],
    [
      ['--kernel-syscalls', path.join(dir, 'missing.txt'), tracee],
      /^ostoo: cannot read the kernel's syscall set .*missing\.txt: ENOENT[^\n]* — pass an existing file to --kernel-syscalls\n$/,
    ],
    [
      [tracee],
      /^ostoo: qemu-x86_64-static is not on PATH — install qemu-user-static \(apt-get install qemu-user-static\); it runs the program and traces its syscalls\n$/,
      { PATH: noQemu },
    ],
    [[], /^ostoo: missing required argument 'program' — see `ostoo syscalls --help`\n$/],
  ];
  for (const [args, message, env] of cases) {
    const res = await ostoo(args, env ? { env } : {});
    assert.equal(res.exitCode, 1, `${args.join(' ')}: ${res.stdout}`);
    assert.match(res.stderr, message);
  }
});
