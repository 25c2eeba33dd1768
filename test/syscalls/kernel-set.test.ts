// The kernel's syscall set file: names, numbers and notes in; the generated ostoo file reads back
// as ostoo's table; a line that is not a syscall is refused with its line number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKernelSet, renderKernelSet } from '../../src/syscalls/kernel-set.js';
import { ostooKernelSetText, ostooSyscalls } from '../../src/syscalls/ostoo-table.js';

test('names, numbers (for calls qemu-user knows no name for), notes, comments and CRLF', () => {
  const set = parseKernelSet('# my kernel\r\n\r\nread\r\n  write   # only to the console\r\n501 # my own\r\n', 'k.txt');
  assert.deepEqual(
    [...set],
    [
      ['read', undefined],
      ['write', 'only to the console'],
      ['syscall_501', 'my own'],
    ],
  );
});

test('a line that is not one syscall is refused with the file and line', () => {
  for (const line of ['open at', 'Read', 'write, read', 'brk # ok', 'mmap() # no']) {
    const text = `read\n${line}\n`;
    if (line === 'brk # ok') {
      assert.equal(parseKernelSet(text, 'k.txt').get('brk'), 'ok');
      continue;
    }
    assert.throws(() => parseKernelSet(text, 'k.txt'), {
      message: `k.txt:2: '${line}' is not a syscall — write one syscall name (or number) per line, then an optional # note`,
    });
  }
});

test("the generated ostoo set reads back as ostoo's table: 38 Linux calls and its own 501-515", () => {
  const set = parseKernelSet(ostooKernelSetText(), 'kernel-syscalls.txt');
  assert.equal(set.size, ostooSyscalls.length);
  assert.equal([...set.keys()].filter((n) => !n.startsWith('syscall_')).length, 38);
  assert.deepEqual(
    [...set.keys()].filter((n) => n.startsWith('syscall_')),
    Array.from({ length: 15 }, (_, i) => `syscall_${501 + i}`),
  );
  assert.equal(set.get('lseek'), 'stub: always fails with ESPIPE');
  assert.equal(set.get('syscall_515'), "ostoo's own framebuffer_open");
  assert.ok(!set.has('poll'));
  assert.match(
    ostooKernelSetText(),
    /^# Filled in from ostoo's dispatch table \(cmsd2\/ostoo 6a35bb5, osl\/src\/syscalls\/mod\.rs\)/m,
  );
});

test('render aligns the notes', () => {
  assert.equal(
    renderKernelSet(['head'], [{ name: 'read' }, { name: 'exit_group', note: 'all threads' }]),
    '# head\nread\nexit_group  # all threads\n',
  );
});
