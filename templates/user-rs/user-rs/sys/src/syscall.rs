//! Typed syscall wrappers over the raw `syscall0`..`syscall6` of `crate::arch`. The numbers come
//! only from the architecture's table (`nr`); where an architecture lacks a legacy call (aarch64
//! and riscv64 have no open, dup2 or fork-style clone argument order), the wrapper uses the
//! modern call with the same meaning. Results are returned raw: negative values are -errno.
use core::ffi::CStr;

pub use crate::arch::{nr, syscall0, syscall1, syscall2, syscall3, syscall4, syscall5, syscall6};

/// `openat`'s "relative to the current directory".
pub const AT_FDCWD: i32 = -100;
pub const PROT_READ: i32 = 1;
pub const PROT_WRITE: i32 = 2;
pub const MAP_PRIVATE: i32 = 0x02;
pub const MAP_ANONYMOUS: i32 = 0x20;
pub const O_CLOEXEC: i32 = 0o2000000;
pub const F_GETFD: i32 = 1;
pub const EBADF: i32 = 9;
pub const POLLIN: i16 = 0x1;
pub const POLLOUT: i16 = 0x4;
pub const POLLNVAL: i16 = 0x20;
pub const SIGKILL: i32 = 9;
pub const SIGCHLD: i32 = 17;

pub fn write(fd: i32, buf: &[u8]) -> isize {
    unsafe { syscall3(nr::WRITE, fd as usize, buf.as_ptr() as usize, buf.len()) }
}

pub fn read(fd: i32, buf: &mut [u8]) -> isize {
    unsafe { syscall3(nr::READ, fd as usize, buf.as_mut_ptr() as usize, buf.len()) }
}

pub fn openat(dirfd: i32, path: &CStr, flags: i32, mode: u32) -> isize {
    unsafe {
        syscall4(
            nr::OPENAT,
            dirfd as isize as usize,
            path.as_ptr() as usize,
            flags as usize,
            mode as usize,
        )
    }
}

#[cfg(target_arch = "x86_64")]
pub fn open(path: &CStr, flags: i32, mode: u32) -> isize {
    unsafe { syscall3(nr::OPEN, path.as_ptr() as usize, flags as usize, mode as usize) }
}

#[cfg(not(target_arch = "x86_64"))]
pub fn open(path: &CStr, flags: i32, mode: u32) -> isize {
    openat(AT_FDCWD, path, flags, mode)
}

pub fn close(fd: i32) -> isize {
    unsafe { syscall1(nr::CLOSE, fd as usize) }
}

/// Ends the calling thread; see `exit_group` for the whole process.
pub fn exit(code: i32) -> ! {
    unsafe {
        syscall1(nr::EXIT, code as usize);
    }
    // exit does not return; should a kernel return anyway, spin rather than run on.
    loop {
        core::hint::spin_loop();
    }
}

/// Ends the process (every thread), as libc's `_exit` does.
pub fn exit_group(code: i32) -> ! {
    unsafe {
        syscall1(nr::EXIT_GROUP, code as usize);
    }
    // exit_group does not return; should a kernel return anyway, spin rather than run on.
    loop {
        core::hint::spin_loop();
    }
}

/// `brk(0)` returns the current break; on failure the kernel returns the old break.
pub fn brk(addr: usize) -> usize {
    unsafe { syscall1(nr::BRK, addr) as usize }
}

/// # Safety
/// A `MAP_FIXED` mapping may replace memory the program still uses.
pub unsafe fn mmap(addr: usize, len: usize, prot: i32, flags: i32, fd: i32, offset: i64) -> isize {
    syscall6(
        nr::MMAP,
        addr,
        len,
        prot as usize,
        flags as usize,
        fd as isize as usize,
        offset as usize,
    )
}

/// # Safety
/// Nothing may refer to the unmapped range afterwards.
pub unsafe fn munmap(addr: usize, len: usize) -> isize {
    syscall2(nr::MUNMAP, addr, len)
}

pub fn getpid() -> i32 {
    unsafe { syscall0(nr::GETPID) as i32 }
}

pub fn kill(pid: i32, sig: i32) -> isize {
    unsafe { syscall2(nr::KILL, pid as isize as usize, sig as usize) }
}

/// `fds[0]` is the read end, `fds[1]` the write end.
pub fn pipe2(fds: &mut [i32; 2], flags: i32) -> isize {
    unsafe { syscall2(nr::PIPE2, fds.as_mut_ptr() as usize, flags as usize) }
}

#[cfg(target_arch = "x86_64")]
pub fn dup2(oldfd: i32, newfd: i32) -> isize {
    unsafe { syscall2(nr::DUP2, oldfd as usize, newfd as usize) }
}

/// dup3 refuses oldfd == newfd, where dup2 returns newfd if oldfd is open: fcntl(F_GETFD) tells.
#[cfg(not(target_arch = "x86_64"))]
pub fn dup2(oldfd: i32, newfd: i32) -> isize {
    if oldfd == newfd {
        let r = fcntl(oldfd, F_GETFD, 0);
        return if r < 0 { r } else { newfd as isize };
    }
    unsafe { syscall3(nr::DUP3, oldfd as usize, newfd as usize, 0) }
}

pub fn fcntl(fd: i32, cmd: i32, arg: usize) -> isize {
    unsafe { syscall3(nr::FCNTL, fd as usize, cmd as usize, arg) }
}

/// One entry of `poll`'s array: C's `struct pollfd`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PollFd {
    pub fd: i32,
    pub events: i16,
    pub revents: i16,
}

/// Waits up to `timeout_ms` milliseconds (negative: no limit) for `fds`' events; returns how many
/// entries have `revents` set.
#[cfg(target_arch = "x86_64")]
pub fn poll(fds: &mut [PollFd], timeout_ms: i32) -> isize {
    unsafe {
        syscall3(nr::POLL, fds.as_mut_ptr() as usize, fds.len(), timeout_ms as isize as usize)
    }
}

/// The generic table has no poll: ppoll with the timeout as a timespec, as libc does.
#[cfg(not(target_arch = "x86_64"))]
pub fn poll(fds: &mut [PollFd], timeout_ms: i32) -> isize {
    let ts = [(timeout_ms / 1000) as i64, (timeout_ms % 1000) as i64 * 1_000_000];
    let ts = if timeout_ms < 0 { 0 } else { ts.as_ptr() as usize };
    // No signal mask; the last argument is the kernel's sigset size, 8 bytes.
    unsafe { syscall5(nr::PPOLL, fds.as_mut_ptr() as usize, fds.len(), ts, 0, 8) }
}

/// Replaces the process image; returns only on failure. `argv` and `envp` are NULL-terminated
/// arrays of NUL-terminated strings.
pub fn execve(path: &CStr, argv: &[*const u8], envp: &[*const u8]) -> isize {
    assert!(argv.last().is_some_and(|p| p.is_null()) && envp.last().is_some_and(|p| p.is_null()));
    unsafe {
        syscall3(nr::EXECVE, path.as_ptr() as usize, argv.as_ptr() as usize, envp.as_ptr() as usize)
    }
}

/// Raw clone in x86_64's argument order (flags, stack, parent_tid, child_tid, tls); generic
/// architectures take tls before child_tid, which this wrapper hides. With `stack == 0` and
/// `flags == SIGCHLD` it is fork: 0 in the child, the child's pid in the parent.
///
/// # Safety
/// A new thread on a shared address space (CLONE_VM) must be given its own stack.
pub unsafe fn clone(
    flags: usize,
    stack: usize,
    parent_tid: *mut i32,
    child_tid: *mut i32,
    tls: usize,
) -> isize {
    #[cfg(target_arch = "x86_64")]
    return syscall5(nr::CLONE, flags, stack, parent_tid as usize, child_tid as usize, tls);
    #[cfg(not(target_arch = "x86_64"))]
    return syscall5(nr::CLONE, flags, stack, parent_tid as usize, tls, child_tid as usize);
}

pub fn getcwd(buf: &mut [u8]) -> isize {
    unsafe { syscall2(nr::GETCWD, buf.as_mut_ptr() as usize, buf.len()) }
}

pub fn chdir(path: &CStr) -> isize {
    unsafe { syscall1(nr::CHDIR, path.as_ptr() as usize) }
}

pub fn getdents64(fd: i32, buf: &mut [u8]) -> isize {
    unsafe { syscall3(nr::GETDENTS64, fd as usize, buf.as_mut_ptr() as usize, buf.len()) }
}

pub fn wait4(pid: i32, status: Option<&mut i32>, options: i32) -> isize {
    let status = status.map_or(0, |s| s as *mut i32 as usize);
    unsafe { syscall4(nr::WAIT4, pid as isize as usize, status, options as usize, 0) }
}
