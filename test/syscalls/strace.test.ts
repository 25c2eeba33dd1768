// qemu-user's -strace log as qemu 7.2 writes it with -D: calls by name or by number, counted in
// the order of first use; result lines of blocking calls and signal lines are not calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countSyscalls } from '../../src/syscalls/strace.js';

test('counts calls by name in the order of first use', () => {
  const trace = [
    '7014 arch_prctl(4098,4261448,0,131072,131072,4194480) = 0',
    '7014 fcntl(0,F_GETFD) = 0',
    '7014 fcntl(1,F_GETFD) = -1 errno=9 (Bad file descriptor)',
    '7014 Unknown syscall 501',
    '7014 read(0,0x4000800400,16)',
    ' = 16',
    '--- SIGCHLD {si_signo=SIGCHLD, si_code=1, si_pid=7015, si_uid=0} ---',
    '7015 wait4(-1,0x0000004000800620,0,(nil)) = 7015',
    '7014 fcntl(2,F_GETFD) = 0',
    '7014 exit_group(0)',
    '',
  ].join('\n');
  assert.deepEqual(
    [...countSyscalls(trace)],
    [
      ['arch_prctl', 1],
      ['fcntl', 3],
      ['syscall_501', 1],
      ['read', 1],
      ['wait4', 1],
      ['exit_group', 1],
    ],
  );
});
