//! x86_64 Linux syscall numbers, from the kernel's arch/x86/entry/syscalls/syscall_64.tbl (the
//! "common"/"64" ABI), as installed in <asm/unistd_64.h> and musl's arch/x86_64/bits/syscall.h.
pub const READ: usize = 0;
pub const WRITE: usize = 1;
pub const OPEN: usize = 2;
pub const CLOSE: usize = 3;
pub const POLL: usize = 7;
pub const MMAP: usize = 9;
pub const MUNMAP: usize = 11;
pub const BRK: usize = 12;
pub const DUP2: usize = 33;
pub const GETPID: usize = 39;
pub const CLONE: usize = 56;
pub const EXECVE: usize = 59;
pub const EXIT: usize = 60;
pub const WAIT4: usize = 61;
pub const KILL: usize = 62;
pub const FCNTL: usize = 72;
pub const GETCWD: usize = 79;
pub const CHDIR: usize = 80;
pub const GETDENTS64: usize = 217;
pub const EXIT_GROUP: usize = 231;
pub const OPENAT: usize = 257;
pub const PPOLL: usize = 271;
pub const DUP3: usize = 292;
pub const PIPE2: usize = 293;
