// The libunwind.a stub for each architecture is an ELF relocatable for that machine (with the
// e_flags its toolchain's objects carry), deterministic, and links into a static program whose
// calls land in the stubs: run under qemu-user, it exits with _Unwind_Backtrace's 5 (end of
// stack) times ten plus _Unwind_GetIP's 0.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { unwindStubArchive } from '../../src/sysroot/unwind-stub.js';
import { userArchInfo, type UserArch } from '../../src/target-spec/user-arch.js';
import { requireOrSkip } from '../helpers/cross.js';

// exit(code) inline, per architecture: no libc, so nothing but the stub is linked in.
const exitAsm: Record<string, string> = {
  aarch64:
    'register long x0 __asm__("x0") = code; register long x8 __asm__("x8") = 93; __asm__ volatile("svc #0" :: "r"(x0), "r"(x8));',
  riscv64:
    'register long a0 __asm__("a0") = code; register long a7 __asm__("a7") = 93; __asm__ volatile("ecall" :: "r"(a0), "r"(a7));',
};
const program = (arch: string) => `extern int _Unwind_Backtrace(void *trace, void *arg);
extern unsigned long _Unwind_GetIP(void *context);
extern void _Unwind_SetIP(void *context, unsigned long ip);
void _start(void) {
  _Unwind_SetIP(0, 0);
  long code = _Unwind_Backtrace(0, 0) * 10 + (long)_Unwind_GetIP(0);
  ${exitAsm[arch]}
  for (;;) {}
}
`;

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-unwind-arch-'));
});
after(() => rm(dir, { recursive: true, force: true }));

for (const arch of ['aarch64', 'riscv64'] as UserArch[]) {
  const info = userArchInfo(arch);
  const gcc = `${info.gnuTriple}-gcc`;
  test(
    `${arch}: the stub is a deterministic ${arch} relocatable that links and runs under ${info.qemu}`,
    { skip: requireOrSkip([gcc, info.qemu, 'readelf']) },
    async () => {
      const bytes = unwindStubArchive(arch);
      assert.deepEqual(unwindStubArchive(arch), bytes);
      assert.notDeepEqual(bytes, unwindStubArchive('x86_64'));
      const sub = path.join(dir, arch);
      await execa('mkdir', ['-p', sub]);
      await writeFile(path.join(sub, 'libunwind.a'), bytes);
      await writeFile(path.join(sub, 'main.c'), program(arch));
      await execa('ar', ['x', 'libunwind.a'], { cwd: sub });
      const header = (await execa('readelf', ['-h', 'unwind-stub.o'], { cwd: sub })).stdout;
      assert.match(header, /Type:\s+REL/);
      assert.match(header, arch === 'aarch64' ? /Machine:\s+AArch64/ : /Machine:\s+RISC-V/);
      if (arch === 'riscv64') assert.match(header, /Flags:\s+0x5, RVC, double-float ABI/);
      // Without the index (-static links straight from the archive, as rustc's link does).
      await execa(gcc, ['-static', '-nostdlib', '-no-pie', '-O2', '-o', 'prog', 'main.c', '-L.', '-lunwind'], {
        cwd: sub,
      });
      const res = await execa(info.qemu, [path.join(sub, 'prog')], { reject: false });
      assert.equal(res.exitCode, 50, `exit status ${res.exitCode}: ${res.stderr}`);
    },
  );
}
