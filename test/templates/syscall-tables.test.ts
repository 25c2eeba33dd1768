// Every architecture's syscall numbers live in one table (templates/.../sys/src/nr/<arch>.rs),
// each entry is the kernel's published number, and the wrappers take numbers only from it.
// "Published": the installed kernel UAPI headers (linux-libc-dev: asm/unistd_64.h and
// asm-generic/unistd.h, expanded by the C preprocessor) and musl's bits/syscall.h.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../helpers/paths.js';
import { requireOrSkip } from '../helpers/cross.js';
import { userArches } from '../../src/target-spec/user-arch.js';

const sysSrc = path.join(repoRoot, 'templates', 'user-rs', 'user-rs', 'sys', 'src');

function table(arch: string): { text: string; entries: Map<string, number> } {
  const text = readFileSync(path.join(sysSrc, 'nr', `${arch}.rs`), 'utf8');
  const entries = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('//') || line.trim() === '') continue;
    const m = /^pub const ([A-Z0-9_]+): usize = (\d+);$/.exec(line);
    assert.ok(m, `${arch}.rs: not a table entry: ${line}`);
    assert.ok(!entries.has(m[1]!), `${arch}.rs: ${m[1]} twice`);
    entries.set(m[1]!, Number(m[2]));
  }
  return { text, entries };
}

/** `__NR_<name>` for each name, as the C preprocessor expands it after `prelude`. */
async function preprocessed(prelude: string, names: string[]): Promise<Map<string, number>> {
  const probe = `${prelude}\n${names.map((n) => `ostoo_${n} __NR_${n.toLowerCase()}`).join('\n')}\n`;
  const { stdout } = await execa('gcc', ['-E', '-P', '-x', 'c', '-'], { input: probe });
  const out = new Map<string, number>();
  for (const m of stdout.matchAll(/^ostoo_([A-Z0-9_]+) (\S+)$/gm))
    if (/^\d+$/.test(m[2]!)) out.set(m[1]!, Number(m[2]));
  return out;
}

function muslHeader(file: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of readFileSync(file, 'utf8').matchAll(/^#define __NR_(\w+)\s+(\d+)$/gm))
    out.set(m[1]!.toUpperCase(), Number(m[2]));
  return out;
}

// The generic table's optional calls are behind __ARCH_WANT_*; none of ours are, but define
// what arm64 and riscv define anyway, so the expansion is the architecture's own.
const genericPrelude =
  '#define __BITS_PER_LONG 64\n#define __ARCH_WANT_SYS_CLONE\n#define __ARCH_WANT_NEW_STAT\n#include <asm-generic/unistd.h>';
const published: Record<string, { cite: RegExp; kernel: string; musl?: string }> = {
  x86_64: {
    cite: /arch\/x86\/entry\/syscalls\/syscall_64\.tbl/,
    kernel: '#include <x86_64-linux-gnu/asm/unistd_64.h>',
    musl: '/usr/include/x86_64-linux-musl/bits/syscall.h',
  },
  aarch64: {
    cite: /include\/uapi\/asm-generic\/unistd\.h/,
    kernel: genericPrelude,
    musl: '/usr/include/aarch64-linux-musl/bits/syscall.h',
  },
  // Debian packages no riscv64 musl, so only the kernel's header here.
  riscv64: { cite: /include\/uapi\/asm-generic\/unistd\.h/, kernel: genericPrelude },
};

test('there is one table per architecture, and no other', () => {
  assert.deepEqual(readdirSync(path.join(sysSrc, 'nr')).sort(), userArches.map((a) => `${a}.rs`).sort());
});

for (const arch of userArches) {
  const p = published[arch]!;
  const skip = requireOrSkip(['gcc'], p.musl ? [p.musl] : []);
  test(`${arch}: every syscall number is the kernel's published one, and its source is cited`, { skip }, async () => {
    const { text, entries } = table(arch);
    assert.match(text, p.cite, 'the table cites the kernel source of its numbers');
    assert.ok(entries.size >= 20);
    const kernel = await preprocessed(p.kernel, [...entries.keys()]);
    const musl = p.musl ? muslHeader(p.musl) : undefined;
    for (const [name, nr] of entries) {
      assert.equal(nr, kernel.get(name), `${arch} ${name}: table says ${nr}, kernel headers say ${kernel.get(name)}`);
      if (musl) assert.equal(nr, musl.get(name), `${arch} ${name}: table says ${nr}, musl says ${musl.get(name)}`);
    }
  });
}

test('the wrappers and runtimes take every syscall number from the table (nr::NAME), never a literal', () => {
  const files = ['syscall.rs', 'io.rs', 'start.rs', ...readdirSync(path.join(sysSrc, 'arch')).map((f) => `arch/${f}`)];
  const used = new Set<string>();
  for (const f of files) {
    const text = readFileSync(path.join(sysSrc, f), 'utf8');
    for (const m of text.matchAll(/\bsyscall[0-6]\(\s*([^,)]+)/g)) {
      if (/^n: usize$/.test(m[1]!)) continue; // the raw functions' own definitions
      assert.match(m[1]!, /^nr::[A-Z0-9_]+$/, `${f}: syscall number ${m[1]} does not come from the table`);
      used.add(m[1]!.slice(4));
    }
  }
  // Names only x86_64 has are used behind #[cfg(target_arch = "x86_64")]; all others everywhere.
  const x86Only = new Set(['OPEN', 'DUP2', 'POLL']);
  for (const arch of userArches) {
    const { entries } = table(arch);
    for (const name of used) {
      if (arch !== 'x86_64' && x86Only.has(name)) assert.ok(!entries.has(name), `${arch} has no ${name}`);
      else assert.ok(entries.has(name), `${arch}'s table lacks ${name}`);
    }
  }
  for (const name of ['EXIT_GROUP', 'MMAP', 'MUNMAP', 'GETPID', 'KILL', 'PIPE2', 'EXECVE', 'CLONE'])
    assert.ok(used.has(name), `a wrapper uses ${name}`);
});
