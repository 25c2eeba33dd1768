//! aarch64 Linux: `svc #0` with the number in x8 and arguments in x0..x5; the result comes
//! back in x0 and no other register is clobbered.
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
    asm!("svc #0", in("x8") n, lateout("x0") ret, options(nostack));
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
    asm!("svc #0", in("x8") n, inlateout("x0") a1 as isize => ret, options(nostack));
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
    asm!("svc #0", in("x8") n, inlateout("x0") a1 as isize => ret, in("x1") a2, options(nostack));
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
    asm!("svc #0", in("x8") n, inlateout("x0") a1 as isize => ret, in("x1") a2, in("x2") a3, options(nostack));
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
    asm!("svc #0", in("x8") n, inlateout("x0") a1 as isize => ret, in("x1") a2, in("x2") a3, in("x3") a4, options(nostack));
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
    asm!("svc #0", in("x8") n, inlateout("x0") a1 as isize => ret, in("x1") a2, in("x2") a3, in("x3") a4, in("x4") a5, options(nostack));
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
    asm!("svc #0", in("x8") n, inlateout("x0") a1 as isize => ret, in("x1") a2, in("x2") a3, in("x3") a4, in("x4") a5, in("x5") a6, options(nostack));
    ret
}
