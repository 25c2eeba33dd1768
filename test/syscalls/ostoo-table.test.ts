// ostoo's table in this project is the kernel's own: every arm of its syscall dispatch
// (osl/src/syscalls/mod.rs) by the Linux name of its number (osl/src/syscall_nr.rs, named by the
// installed x86_64 kernel headers), and every stub's note says what the arm returns. Needs the
// kernel kit's sources (../shared/ostoo-kernel/setup.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ostooSyscalls } from '../../src/syscalls/ostoo-table.js';

const kit = process.env.OSTOO_KERNEL_CACHE ?? path.join(os.homedir(), '.cache', 'ostoo-kernel');
const osl = path.join(kit, 'src', 'osl', 'src');
const present = existsSync(path.join(osl, 'syscalls', 'mod.rs'));
if (!present && process.env.OSTOO_REQUIRE_TOOLCHAIN === '1')
  throw new Error(`OSTOO_REQUIRE_TOOLCHAIN=1 but ${osl} is missing: run ../shared/ostoo-kernel/setup.sh`);
const skip = present ? false : `${osl} is missing (run ../shared/ostoo-kernel/setup.sh)`;

test("the table is ostoo's dispatch, by Linux names, with the stubs' results", { skip }, async () => {
  const numbers = new Map<string, number>();
  for (const m of readFileSync(path.join(osl, 'syscall_nr.rs'), 'utf8').matchAll(/pub const (SYS_\w+): u64 = (\d+);/g))
    numbers.set(m[1]!, Number(m[2]));
  const dispatch = readFileSync(path.join(osl, 'syscalls', 'mod.rs'), 'utf8');
  const body = dispatch.slice(dispatch.indexOf('match nr {'), dispatch.indexOf('other =>'));
  // Each arm: `SYS_A | SYS_B => result,`
  const arms = [...body.matchAll(/((?:SYS_\w+\s*\|?\s*)+)=>\s*([^\n]+)/g)].map((m) => ({
    consts: m[1]!
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean),
    result: m[2]!.trim().replace(/,$/, ''),
  }));
  assert.ok(arms.length > 40);

  // The installed kernel headers name each number (the table's names are Linux's).
  const { stdout } = await execa('gcc', ['-E', '-P', '-dM', '-x', 'c', '-'], {
    input: '#include <x86_64-linux-gnu/asm/unistd_64.h>\n',
  });
  const linuxName = new Map<number, string>();
  for (const m of stdout.matchAll(/^#define __NR_(\w+) (\d+)$/gm)) linuxName.set(Number(m[2]), m[1]!);

  const expected = new Map<string, string>();
  for (const arm of arms)
    for (const c of arm.consts) {
      const nr = numbers.get(c);
      assert.ok(nr !== undefined, `${c} has a number`);
      expected.set(nr < 500 ? linuxName.get(nr)! : String(nr), arm.result);
    }
  const ours = new Map(ostooSyscalls.map((e) => [e.name, e.note]));
  assert.deepEqual([...ours.keys()].sort(), [...expected.keys()].sort());
  for (const [name, result] of expected) {
    const note = ours.get(name);
    if (result === '0') assert.match(note ?? '', /^stub: returns 0/, `${name} always returns 0`);
    else if (/^-errno::E\w+$/.test(result)) assert.equal(note, `stub: always fails with ${result.slice(8)}`, name);
    else assert.doesNotMatch(note ?? '', /^stub/, `${name} is implemented (${result})`);
  }
});
