// The syscalls the ostoo kernel implements: its dispatch table (cmsd2/ostoo 6a35bb5,
// osl/src/syscalls/mod.rs, with the numbers in osl/src/syscall_nr.rs, which are Linux's x86_64
// ones), by their Linux names, with what each of the stubs does. ostoo's own calls (501-515)
// have no Linux name; qemu-user reports them by number. `test/syscalls/ostoo-table.test.ts`
// checks this list against the kernel's source when the ostoo kernel kit is set up.
import { renderKernelSet, type KernelSetEntry } from './kernel-set.js';

export const ostooSyscalls: readonly KernelSetEntry[] = [
  { name: 'read' },
  { name: 'write' },
  { name: 'open', note: 'existing files and directories, read-only (flags other than O_DIRECTORY are ignored)' },
  { name: 'close' },
  { name: 'fstat' },
  { name: 'lseek', note: 'stub: always fails with ESPIPE' },
  { name: 'mmap' },
  { name: 'mprotect' },
  { name: 'munmap' },
  { name: 'brk' },
  { name: 'rt_sigaction' },
  { name: 'rt_sigprocmask' },
  { name: 'rt_sigreturn' },
  { name: 'ioctl', note: 'stub: always fails with ENOTTY' },
  { name: 'pipe' },
  { name: 'writev' },
  { name: 'madvise', note: 'stub: returns 0, does nothing' },
  { name: 'dup2' },
  { name: 'getpid' },
  { name: 'clone', note: "only posix_spawn's flags (CLONE_VM|CLONE_VFORK|SIGCHLD), else ENOSYS" },
  { name: 'execve' },
  { name: 'exit' },
  { name: 'wait4' },
  { name: 'kill' },
  { name: 'fcntl', note: 'F_GETFD, F_SETFD and F_GETFL (which returns 0) only; other commands fail with EINVAL' },
  { name: 'getcwd' },
  { name: 'chdir' },
  { name: 'sigaltstack', note: 'stub: returns 0, does nothing' },
  { name: 'arch_prctl' },
  { name: 'futex', note: 'stub: returns 0, so a real wait spins' },
  { name: 'sched_getaffinity' },
  { name: 'getdents64' },
  { name: 'set_tid_address' },
  { name: 'clock_gettime' },
  { name: 'exit_group' },
  { name: 'set_robust_list', note: 'stub: returns 0, does nothing' },
  { name: 'pipe2' },
  { name: 'getrandom' },
  ...[
    'io_create',
    'io_submit',
    'io_wait',
    'irq_create',
    'ipc_create',
    'ipc_send',
    'ipc_recv',
    'shmem_create',
    'notify_create',
    'notify',
    'io_setup_rings',
    'io_ring_enter',
    'svc_register',
    'svc_lookup',
    'framebuffer_open',
  ].map((name, i) => ({ name: String(501 + i), note: `ostoo's own ${name}` })),
];

/** kernel-syscalls.txt for a workspace made with `--os ostoo`. */
export function ostooKernelSetText(): string {
  return renderKernelSet(
    [
      'The syscalls the ostoo kernel implements, by their Linux names. `ostoo syscalls PROGRAM`',
      'runs a program under qemu-user and reports the calls it makes that are not listed here;',
      'the build script does so for each program it deploys. Edit this file as your kernel grows.',
      "Filled in from ostoo's dispatch table (cmsd2/ostoo 6a35bb5, osl/src/syscalls/mod.rs). Its",
      "numbers are Linux's x86_64 ones, and any other number fails with ENOSYS.",
      'One syscall per line: its name (or its number, for a call qemu-user has no name for), then',
      'an optional # note that `ostoo syscalls` shows beside it.',
      '',
    ],
    ostooSyscalls,
  );
}
