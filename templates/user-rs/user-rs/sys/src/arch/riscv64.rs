//! riscv64 Linux: `ecall` with the number in a7 and arguments in a0..a5; the result comes back
//! in a0 and no other register is clobbered.
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
    asm!("ecall", in("a7") n, lateout("a0") ret, options(nostack));
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
    asm!("ecall", in("a7") n, inlateout("a0") a1 as isize => ret, options(nostack));
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
    asm!("ecall", in("a7") n, inlateout("a0") a1 as isize => ret, in("a1") a2, options(nostack));
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
    asm!("ecall", in("a7") n, inlateout("a0") a1 as isize => ret, in("a1") a2, in("a2") a3, options(nostack));
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
    asm!("ecall", in("a7") n, inlateout("a0") a1 as isize => ret, in("a1") a2, in("a2") a3, in("a3") a4, options(nostack));
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
    asm!("ecall", in("a7") n, inlateout("a0") a1 as isize => ret, in("a1") a2, in("a2") a3, in("a3") a4, in("a4") a5, options(nostack));
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
    asm!("ecall", in("a7") n, inlateout("a0") a1 as isize => ret, in("a1") a2, in("a2") a3, in("a3") a4, in("a4") a5, in("a5") a6, options(nostack));
    ret
}
