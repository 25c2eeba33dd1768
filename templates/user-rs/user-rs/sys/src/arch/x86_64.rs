//! x86_64 Linux: `syscall` with the number in rax and arguments in rdi, rsi, rdx, r10, r8, r9;
//! the result comes back in rax and the instruction clobbers rcx and r11.
use core::arch::asm;

/// The raw system call with 0 arguments.
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

/// The raw system call with 1 argument.
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

/// The raw system call with 2 arguments.
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

/// The raw system call with 3 arguments.
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

/// The raw system call with 4 arguments.
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

/// The raw system call with 5 arguments.
///
/// # Safety
///
/// The kernel acts on the arguments as call `n` defines them: any that are pointers must be
/// valid for what that call reads or writes.
#[inline(always)]
pub unsafe fn syscall5(n: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize) -> isize {
    let ret: isize;
    asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1, in("rsi") a2, in("rdx") a3,
         in("r10") a4, in("r8") a5, lateout("rcx") _, lateout("r11") _, options(nostack));
    ret
}

/// The raw system call with 6 arguments.
///
/// # Safety
///
/// The kernel acts on the arguments as call `n` defines them: any that are pointers must be
/// valid for what that call reads or writes.
#[inline(always)]
pub unsafe fn syscall6(
    n: usize,
    a1: usize,
    a2: usize,
    a3: usize,
    a4: usize,
    a5: usize,
    a6: usize,
) -> isize {
    let ret: isize;
    asm!("syscall", inlateout("rax") n as isize => ret, in("rdi") a1, in("rsi") a2, in("rdx") a3,
         in("r10") a4, in("r8") a5, in("r9") a6, lateout("rcx") _, lateout("r11") _, options(nostack));
    ret
}
