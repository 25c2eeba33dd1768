// `ostoo verify` on stripped binaries recognises `_start` by what real runtimes' entries do
// first: argc from the stack into any register and argv just above it, optionally after clearing
// the frame registers. Cases: the two `_start`s of ostoo's own runtime (no_std and std tiers,
// taken from ../shared/real-trees/ostoo-4500ed9 as written), variants in other registers and
// orders, each architecture's generated prologue, and entries that are not such a prologue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { checkElfExecutable } from '../../src/elf/check.js';
import { ostooBin, repoRoot } from '../helpers/paths.js';
import { requireOrSkip } from '../helpers/cross.js';

const sharedCandidates = [process.env.OSTOO_SHARED_DIR, path.resolve(repoRoot, '../shared'), '/work/shared'].filter(
  (d): d is string => !!d,
);
const realRt = sharedCandidates
  .map((d) => path.join(d, 'real-trees', 'ostoo-4500ed9', 'user-rs', 'rt', 'src', 'lib.rs'))
  .find((f) => existsSync(f));

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-prologue-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** Links `_start:` + body (and stub callees) into a stripped static executable; returns the entry line of verify. */
async function entryOf(
  name: string,
  gcc: string,
  body: string,
  opts: { intel?: boolean; arch?: string; strip?: boolean } = {},
): Promise<string> {
  const src = path.join(dir, `${name}.s`);
  const out = path.join(dir, name);
  const callees = '.globl start_rust, main, __libc_start_main\nstart_rust:\nmain:\n__libc_start_main:\n';
  await writeFile(
    src,
    `${opts.intel ? '.intel_syntax noprefix\n' : ''}.text\n.globl _start\n_start:\n${body}\n${callees}`,
  );
  await execa(gcc, ['-static', '-nostdlib', '-no-pie', ...(opts.strip === false ? [] : ['-s']), '-o', out, src]);
  const res = checkElfExecutable(await readFile(out), { arch: opts.arch });
  assert.ok(res.ok, JSON.stringify(res.checks));
  return res.checks.at(-1)!.detail.replace(/0x[0-9a-f]+/, 'ADDR');
}

const recognised = (text: string) => `stripped; code at e_entry ADDR is _start's prologue (${text})`;
const notRecognised = "skipped: stripped, and e_entry ADDR does not begin with the runtime's _start prologue";

/** The instructions of every naked_asm!/global_asm! block defining `_start` in a Rust file. */
function startBlocks(rust: string): string[] {
  return [...rust.matchAll(/naked_asm!\(([^]*?)\);/g)].map((m) =>
    [...m[1]!.matchAll(/^\s*"([^"]*)",/gm)]
      .map((s) =>
        s[1]!
          .replace(/\{start_rust\}/, 'start_rust')
          .replace(/\{main\}/, 'main')
          .replace(/\{libc_start\}/, '__libc_start_main'),
      )
      .join('\n'),
  );
}

test(
  "ostoo's own runtime: both tiers' _start, as written in the real tree, are recognised",
  { skip: realRt ? false : 'no ../shared/real-trees (set OSTOO_SHARED_DIR)' },
  async () => {
    const blocks = startBlocks(readFileSync(realRt!, 'utf8'));
    assert.equal(blocks.length, 2, 'the no_std and the std _start');
    assert.equal(
      await entryOf('real-nostd', 'gcc', blocks[0]!, { intel: true }),
      recognised('mov rdi,[rsp]; lea rsi,[rsp+8]'),
    );
    // The std tier passes argc and argv as __libc_start_main's 2nd and 3rd arguments.
    assert.equal(
      await entryOf('real-std', 'gcc', blocks[1]!, { intel: true }),
      recognised('mov rsi,[rsp]; lea rdx,[rsp+8]'),
    );
    // Unstripped, the symbol table decides.
    assert.match(
      await entryOf('real-std-symbols', 'gcc', blocks[1]!, { intel: true, strip: false }),
      /^e_entry ADDR is _start$/,
    );
  },
);

test('x86_64: any registers, either order, with or without a leading xor ebp,ebp', async () => {
  assert.equal(
    await entryOf('x-xor', 'gcc', 'xor ebp, ebp\nmov rdi, [rsp]\nlea rsi, [rsp + 8]\nud2', { intel: true }),
    recognised('xor ebp,ebp; mov rdi,[rsp]; lea rsi,[rsp+8]'),
  );
  assert.equal(
    await entryOf('x-xor64', 'gcc', 'xor rbp, rbp\nlea r9, [rsp + 8]\nmov r12, [rsp]\nud2', { intel: true }),
    recognised('xor rbp,rbp; lea r9,[rsp+8]; mov r12,[rsp]'),
  );
  assert.equal(
    await entryOf(
      'x-generated',
      'gcc',
      'mov rdi, [rsp]\nlea rsi, [rsp + 8]\nxor ebp, ebp\nand rsp, -16\ncall start_rust',
      { intel: true, arch: 'x86_64' },
    ),
    recognised('mov rdi,[rsp]; lea rsi,[rsp+8]'),
  );
  // musl's crt1 passes the stack pointer itself, and a program entered elsewhere does neither.
  assert.equal(
    await entryOf('x-crt1', 'gcc', 'xor rbp, rbp\nmov rdi, rsp\nand rsp, -16\ncall start_rust', { intel: true }),
    notRecognised,
  );
  assert.equal(
    await entryOf('x-argc-only', 'gcc', 'mov rdi, [rsp]\nmov rsi, rsp\nud2', { intel: true }),
    notRecognised,
  );
  assert.equal(
    await entryOf('x-wrong-offset', 'gcc', 'mov rdi, [rsp]\nlea rsi, [rsp + 16]\nud2', { intel: true }),
    notRecognised,
  );
});

test(
  'aarch64: the generated prologue, other registers, and a cleared frame first',
  { skip: requireOrSkip(['aarch64-linux-gnu-gcc']) },
  async () => {
    const gcc = 'aarch64-linux-gnu-gcc';
    assert.equal(
      await entryOf(
        'a-generated',
        gcc,
        'ldr x0, [sp]\nadd x1, sp, #8\nmov x29, xzr\nmov x30, xzr\nbl start_rust\nbrk #0',
        { arch: 'aarch64' },
      ),
      recognised('ldr x0,[sp]; add x1,sp,#8'),
    );
    assert.equal(
      await entryOf('a-other', gcc, 'mov x29, #0\nmov x30, #0\nadd x2, sp, #8\nldr x1, [sp]\nbl start_rust'),
      recognised('mov x29,#0; mov x30,#0; add x2,sp,#8; ldr x1,[sp]'),
    );
    assert.equal(await entryOf('a-crt1', gcc, 'mov x29, #0\nmov x30, #0\nmov x0, sp\nbl start_rust'), notRecognised);
  },
);

test(
  'riscv64: compressed and uncompressed forms, and a gp load first',
  { skip: requireOrSkip(['riscv64-linux-gnu-gcc']) },
  async () => {
    const gcc = 'riscv64-linux-gnu-gcc';
    assert.equal(
      await entryOf('r-rvc', gcc, 'ld a0, 0(sp)\naddi a1, sp, 8\nunimp', { arch: 'riscv64' }),
      recognised('ld a0,0(sp); addi a1,sp,8'),
    );
    assert.equal(
      await entryOf(
        'r-norvc',
        gcc,
        '.option norvc\n.option push\n.option norelax\nlla gp, __global_pointer$\n.option pop\nli s0, 0\nld t0, 0(sp)\naddi a5, sp, 8\nunimp',
      ),
      recognised('auipc gp; addi gp,gp; li s0,0; ld t0,0(sp); addi a5,sp,8'),
    );
    assert.equal(await entryOf('r-crt1', gcc, 'mv a0, sp\ncall start_rust'), notRecognised);
  },
);

test('verify --arch: the wrong machine fails the format check; an unknown arch is refused', async () => {
  await entryOf('x-plain', 'gcc', 'mov rdi, [rsp]\nlea rsi, [rsp + 8]\nud2', { intel: true });
  const wrong = await execa(process.execPath, [ostooBin, 'verify', '--arch', 'aarch64', path.join(dir, 'x-plain')], {
    reject: false,
  });
  assert.equal(wrong.exitCode, 1);
  assert.match(wrong.stdout, /FAIL format: ELF64 little-endian \(x86_64\), expected aarch64$/m);
  const right = await execa(process.execPath, [ostooBin, 'verify', '--arch', 'x86_64', path.join(dir, 'x-plain')]);
  assert.doesNotMatch(right.stdout, /FAIL/);
  const unknown = await execa(process.execPath, [ostooBin, 'verify', '--arch', 'sparc', path.join(dir, 'x-plain')], {
    reject: false,
  });
  assert.notEqual(unknown.exitCode, 0);
  assert.match(unknown.stderr, /--arch must be one of x86_64, aarch64, riscv64 \(got 'sparc'\)/);
  assert.equal(unknown.stdout, '');
});
