//! The process entry both runtimes share. The kernel starts a process with rsp pointing at
//! argc, then argv[], NULL, envp[]; `_start` passes argc and argv to the runtime's entry.

/// Defines `_start`, calling `$entry: unsafe extern "C" fn(usize, *const *const u8) -> !`.
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
