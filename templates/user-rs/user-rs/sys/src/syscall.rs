//! Raw `syscall` wrappers (x86_64 Linux ABI: number in rax, args in rdi, rsi, rdx, r10, r8, r9;
//! the instruction clobbers rcx and r11). Results are returned raw: negative values are -errno.
use core::arch::asm;
use core::ffi::CStr;

pub mod nr {
    pub const READ: usize = 0;
    pub const WRITE: usize = 1;
    pub const OPEN: usize = 2;
    pub const CLOSE: usize = 3;
    pub const BRK: usize = 12;
    pub const EXIT: usize = 60;
    pub const WAIT4: usize = 61;
    pub const GETCWD: usize = 79;
    pub const CHDIR: usize = 80;
    pub const GETDENTS64: usize = 217;
}

/// The raw `syscall` instruction with 0 arguments.
///
/// # Safety
///
/// The kernel acts on the arguments as call `n` defines them: any that are pointers must be
/// valid for what that call reads or writes.
#[inline(always)]
pub unsafe fn syscall0(n: usize) -> isize {
    let ret: isize;
    asm!("syscall", inlateout("rax") n as isize => ret, lateout("rcx") _, lateout("r11") _, options(nostack));
    ret
}

/// The raw `syscall` instruction with 1 argument.
///
/// # Safety
///
/// The kernel acts on the arguments as call `n` defines them: any that are pointers must be
/// valid for what that call reads or writes.
#[inline(always)]
pub unsafe fn syscall1(n: usize, a1: usize) -> isize {
    let ret: isize;
    asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1,
         lateout("rcx") _, lateout("r11") _, options(nostack));
    ret
}

/// The raw `syscall` instruction with 2 arguments.
///
/// # Safety
///
/// The kernel acts on the arguments as call `n` defines them: any that are pointers must be
/// valid for what that call reads or writes.
#[inline(always)]
pub unsafe fn syscall2(n: usize, a1: usize, a2: usize) -> isize {
    let ret: isize;
    asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1, in("rsi") a2,
         lateout("rcx") _, lateout("r11") _, options(nostack));
    ret
}

/// The raw `syscall` instruction with 3 arguments.
///
/// # Safety
///
/// The kernel acts on the arguments as call `n` defines them: any that are pointers must be
/// valid for what that call reads or writes.
#[inline(always)]
pub unsafe fn syscall3(n: usize, a1: usize, a2: usize, a3: usize) -> isize {
    let ret: isize;
    asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1, in("rsi") a2, in("rdx") a3,
         lateout("rcx") _, lateout("r11") _, options(nostack));
    ret
}

/// The raw `syscall` instruction with 4 arguments.
///
/// # Safety
///
/// The kernel acts on the arguments as call `n` defines them: any that are pointers must be
/// valid for what that call reads or writes.
#[inline(always)]
pub unsafe fn syscall4(n: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> isize {
    let ret: isize;
    asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1, in("rsi") a2, in("rdx") a3,
         in("r10") a4, lateout("rcx") _, lateout("r11") _, options(nostack));
    ret
}

pub fn write(fd: i32, buf: &[u8]) -> isize {
    unsafe { syscall3(nr::WRITE, fd as usize, buf.as_ptr() as usize, buf.len()) }
}

pub fn read(fd: i32, buf: &mut [u8]) -> isize {
    unsafe { syscall3(nr::READ, fd as usize, buf.as_mut_ptr() as usize, buf.len()) }
}

pub fn open(path: &CStr, flags: i32, mode: u32) -> isize {
    unsafe { syscall3(nr::OPEN, path.as_ptr() as usize, flags as usize, mode as usize) }
}

pub fn close(fd: i32) -> isize {
    unsafe { syscall1(nr::CLOSE, fd as usize) }
}

pub fn exit(code: i32) -> ! {
    unsafe {
        syscall1(nr::EXIT, code as usize);
    }
    // exit does not return; should a kernel return anyway, spin rather than run on.
    loop {
        core::hint::spin_loop();
    }
}

/// `brk(0)` returns the current break; on failure the kernel returns the old break.
pub fn brk(addr: usize) -> usize {
    unsafe { syscall1(nr::BRK, addr) as usize }
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
