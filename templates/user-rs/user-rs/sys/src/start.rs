//! The process entry both runtimes share. Linux starts a process with the stack pointer at argc,
//! then argv[], NULL, envp[] on every architecture; `_start` passes argc and argv to the
//! runtime's entry in the first two argument registers. `ostoo verify` recognises these
//! prologues in stripped binaries, so keep the argc/argv loads first.

/// Defines `_start`, calling `$entry: unsafe extern "C" fn(usize, *const *const u8) -> !`.
#[cfg(target_arch = "x86_64")]
#[macro_export]
macro_rules! define_start {
    ($entry:path) => {
        core::arch::global_asm!(
            ".globl _start",
            ".type _start,@function",
            "_start:",
            "mov rdi, [rsp]",     // argc
            "lea rsi, [rsp + 8]", // argv
            "xor ebp, ebp",       // outermost frame for debuggers
            "and rsp, -16",       // the ABI wants a 16-byte aligned stack at the call
            "call {entry}",
            "ud2",
            entry = sym $entry,
        );
    };
}

/// Defines `_start`, calling `$entry: unsafe extern "C" fn(usize, *const *const u8) -> !`.
#[cfg(target_arch = "aarch64")]
#[macro_export]
macro_rules! define_start {
    ($entry:path) => {
        core::arch::global_asm!(
            ".globl _start",
            ".type _start,%function",
            "_start:",
            "ldr x0, [sp]",   // argc
            "add x1, sp, #8", // argv
            "mov x29, xzr",   // outermost frame: no frame pointer, no return address
            "mov x30, xzr",
            "bl {entry}",     // sp is 16-byte aligned at entry already, as the ABI wants
            "brk #0",
            entry = sym $entry,
        );
    };
}

/// Defines `_start`, calling `$entry: unsafe extern "C" fn(usize, *const *const u8) -> !`.
#[cfg(target_arch = "riscv64")]
#[macro_export]
macro_rules! define_start {
    ($entry:path) => {
        core::arch::global_asm!(
            ".globl _start",
            ".type _start,@function",
            "_start:",
            "ld a0, 0(sp)",   // argc
            "addi a1, sp, 8", // argv
            // GNU ld relaxes accesses near __global_pointer$ to gp-relative ones, so gp must
            // hold it before any Rust code runs (musl's crt1 would do this; we replace crt1).
            ".option push",
            ".option norelax",
            "lla gp, __global_pointer$",
            ".option pop",
            "mv s0, zero",    // outermost frame
            "andi sp, sp, -16",
            "call {entry}",
            "unimp",
            entry = sym $entry,
        );
    };
}
