//! riscv64 Linux syscall numbers: RISC-V uses the generic table, the kernel's
//! include/uapi/asm-generic/unistd.h (via arch/riscv/include/uapi/asm/unistd.h), also musl's
//! arch/riscv64/bits/syscall.h. There is no open, dup2, fork or poll:
//! openat, dup3, clone and ppoll instead.
pub const GETCWD: usize = 17;
pub const DUP3: usize = 24;
pub const FCNTL: usize = 25;
pub const CHDIR: usize = 49;
pub const OPENAT: usize = 56;
pub const CLOSE: usize = 57;
pub const PIPE2: usize = 59;
pub const GETDENTS64: usize = 61;
pub const READ: usize = 63;
pub const WRITE: usize = 64;
pub const PPOLL: usize = 73;
pub const EXIT: usize = 93;
pub const EXIT_GROUP: usize = 94;
pub const KILL: usize = 129;
pub const GETPID: usize = 172;
pub const BRK: usize = 214;
pub const MUNMAP: usize = 215;
pub const CLONE: usize = 220;
pub const EXECVE: usize = 221;
pub const MMAP: usize = 222;
pub const WAIT4: usize = 260;
