// checkElfExecutable and `ostoo verify` against binaries gcc really builds, good and bad.
// Expected addresses come from binutils (nm), not from our own parser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkElfExecutable, type ElfCheck } from '../../src/elf/check.js';
import { ostooBin } from '../helpers/paths.js';

const run = promisify(execFile);
const bin = ostooBin;

// A freestanding _start that exits 0; `other` gives -e something that is not _start.
const startC = `void _start(void) { __asm__ volatile("mov $60, %eax\\n xor %edi, %edi\\n syscall"); }
void other(void) { _start(); }
`;
// The runtime's _start prologue (argc, argv), as the generated ostoo-rt emits it.
const prologueS =
  '.globl _start\n_start:\n mov (%rsp), %rdi\n lea 8(%rsp), %rsi\n mov $60, %eax\n xor %edi, %edi\n syscall\n';
const helloC = '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n';

let dir: string;
const file = (name: string): string => path.join(dir, name);

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-elf-'));
  await writeFile(file('start.c'), startC);
  await writeFile(file('hello.c'), helloC);
  await writeFile(file('f32.c'), 'int f(void) { return 0; }\n');
  await writeFile(file('prologue.s'), prologueS);
  const gcc = (...args: string[]) => run('gcc', args, { cwd: dir });
  await Promise.all([
    gcc('-static', '-nostdlib', '-no-pie', '-O2', '-o', 'good', 'start.c'),
    gcc('-static', '-nostdlib', '-no-pie', '-O2', '-e', 'other', '-o', 'other-entry', 'start.c'),
    gcc('-c', '-o', 'start.o', 'start.c'),
    gcc('-static', '-nostdlib', '-no-pie', '-s', '-o', 'prologue-stripped', 'prologue.s'),
    gcc('-m32', '-c', '-o', 'f32.o', 'f32.c'),
    gcc('-pie', '-o', 'dynamic', 'hello.c'), // PIE: ET_DYN as well as PT_INTERP
    gcc('-no-pie', '-o', 'dynamic-exec', 'hello.c'), // ET_EXEC, but still needs ld.so
  ]);
  await run('strip', ['-o', 'good-stripped', 'good'], { cwd: dir });
  await writeFile(file('truncated'), (await readFile(file('good'))).subarray(0, 100));
});
after(() => rm(dir, { recursive: true, force: true }));

async function symbolAddress(exe: string, name: string): Promise<string> {
  const { stdout } = await run('nm', [exe]);
  const line = stdout.split('\n').find((l) => l.endsWith(` ${name}`));
  assert.ok(line, `${name} not in nm output`);
  return `0x${BigInt(`0x${line.split(' ')[0]}`).toString(16)}`;
}

async function check(name: string): Promise<{ checks: ElfCheck[]; ok: boolean }> {
  return checkElfExecutable(await readFile(file(name)));
}

const format: ElfCheck = { name: 'format', ok: true, detail: 'ELF64 little-endian (x86_64)' };
const exec: ElfCheck = { name: 'type', ok: true, detail: 'ET_EXEC' };
const isStatic: ElfCheck = { name: 'static', ok: true, detail: 'no PT_INTERP, no PT_DYNAMIC' };

test('static non-PIE executable: all checks pass, entry found by symbol', async () => {
  const start = await symbolAddress(file('good'), '_start');
  assert.deepEqual(await check('good'), {
    ok: true,
    checks: [format, exec, isStatic, { name: 'entry', ok: true, detail: `e_entry ${start} is _start` }],
  });
});

test("stripped: the entry is recognised by the runtime's _start prologue, else skipped", async () => {
  const entry = async (name: string) => `0x${(await readFile(file(name))).readBigUInt64LE(24).toString(16)}`;
  assert.deepEqual(await check('prologue-stripped'), {
    ok: true,
    checks: [
      format,
      exec,
      isStatic,
      {
        name: 'entry',
        ok: true,
        detail: `stripped; code at e_entry ${await entry('prologue-stripped')} is _start's prologue (mov rdi,[rsp]; lea rsi,[rsp+8])`,
      },
    ],
  });
  assert.deepEqual(await check('good-stripped'), {
    ok: true,
    checks: [
      format,
      exec,
      isStatic,
      {
        name: 'entry',
        ok: true,
        detail: `skipped: stripped, and e_entry ${await entry('good-stripped')} does not begin with the runtime's _start prologue`,
      },
    ],
  });
});

test('stripped, with e_entry outside every loaded segment: fails', async () => {
  const buf = Buffer.from(await readFile(file('prologue-stripped')));
  buf.writeBigUInt64LE(0x10n, 24);
  const res = checkElfExecutable(buf);
  assert.equal(res.ok, false);
  assert.deepEqual(res.checks.at(-1), {
    name: 'entry',
    ok: false,
    detail: 'e_entry 0x10 is outside every loaded segment',
  });
});

test('entry point that is not _start fails', async () => {
  const [start, other] = await Promise.all([
    symbolAddress(file('other-entry'), '_start'),
    symbolAddress(file('other-entry'), 'other'),
  ]);
  assert.notEqual(start, other);
  assert.deepEqual(await check('other-entry'), {
    ok: false,
    checks: [format, exec, isStatic, { name: 'entry', ok: false, detail: `e_entry ${other} is not _start (${start})` }],
  });
});

test('dynamic PIE executable fails type and static', async () => {
  const start = await symbolAddress(file('dynamic'), '_start');
  assert.deepEqual(await check('dynamic'), {
    ok: false,
    checks: [
      format,
      { name: 'type', ok: false, detail: 'ET_DYN (PIE or shared object; link with -no-pie), expected ET_EXEC' },
      { name: 'static', ok: false, detail: 'has PT_INTERP (/lib64/ld-linux-x86-64.so.2)' },
      { name: 'entry', ok: true, detail: `e_entry ${start} is _start` },
    ],
  });
});

test('dynamic non-PIE executable fails only static', async () => {
  const start = await symbolAddress(file('dynamic-exec'), '_start');
  assert.deepEqual(await check('dynamic-exec'), {
    ok: false,
    checks: [
      format,
      exec,
      { name: 'static', ok: false, detail: 'has PT_INTERP (/lib64/ld-linux-x86-64.so.2)' },
      { name: 'entry', ok: true, detail: `e_entry ${start} is _start` },
    ],
  });
});

test('relocatable object fails', async () => {
  assert.deepEqual(await check('start.o'), {
    ok: false,
    checks: [
      format,
      { name: 'type', ok: false, detail: 'ET_REL (object file, not linked), expected ET_EXEC' },
      { name: 'static', ok: false, detail: 'no PT_LOAD segment: nothing to load' },
      { name: 'entry', ok: true, detail: 'skipped: ET_REL has no entry point' },
    ],
  });
});

test('32-bit, non-ELF, truncated and empty input give one clear failure each', async () => {
  const only = (detail: string) => ({ ok: false, checks: [{ name: 'format', ok: false, detail }] });
  assert.deepEqual(await check('f32.o'), only('ELF32, expected ELF64'));
  assert.deepEqual(await check('start.c'), only('not an ELF file (starts with 766f6964)'));
  const { checks } = await check('truncated');
  assert.equal(checks.length, 1);
  assert.match(
    checks[0]!.detail,
    /^truncated: file ends at byte 100, inside the \d+ program headers \(bytes 64\.\.\d+\)$/,
  );
  assert.deepEqual(checkElfExecutable(Buffer.alloc(0)), only('not an ELF file (starts with nothing)'));
  assert.deepEqual(
    checkElfExecutable(Buffer.from('\x7fELF\x02', 'latin1')),
    only('truncated: file ends at byte 5, inside the ELF identification (bytes 0..6)'),
  );
});

test('ostoo verify prints one line per check and exits 1 on any failure', async () => {
  const start = await symbolAddress(file('good'), '_start');
  const good = [
    'good: ok   format: ELF64 little-endian (x86_64)',
    'good: ok   type: ET_EXEC',
    'good: ok   static: no PT_INTERP, no PT_DYNAMIC',
    `good: ok   entry: e_entry ${start} is _start`,
  ];
  const ok = await run(process.execPath, [bin, 'verify', 'good'], { cwd: dir });
  assert.equal(ok.stdout, `${good.join('\n')}\n`);

  await assert.rejects(
    run(process.execPath, [bin, 'verify', 'good', 'f32.o', 'missing'], { cwd: dir }),
    (err: { code: number; stdout: string }) => {
      assert.equal(err.code, 1);
      const expected = [...good, 'f32.o: FAIL format: ELF32, expected ELF64', /^missing: FAIL read: no such file$/];
      const lines = err.stdout.trimEnd().split('\n');
      assert.equal(lines.length, expected.length);
      expected.forEach((e, i) => (typeof e === 'string' ? assert.equal(lines[i], e) : assert.match(lines[i]!, e)));
      return true;
    },
  );
});
