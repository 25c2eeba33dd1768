//! The per-architecture half of the syscall layer: `imp` has the raw `syscall0`..`syscall6` for
//! one instruction set, and `nr` is that architecture's table of syscall numbers (`../nr/`).
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64")))]
compile_error!("sys supports x86_64, aarch64 and riscv64");

#[cfg_attr(target_arch = "x86_64", path = "x86_64.rs")]
#[cfg_attr(target_arch = "aarch64", path = "aarch64.rs")]
#[cfg_attr(target_arch = "riscv64", path = "riscv64.rs")]
mod imp;

#[cfg_attr(target_arch = "x86_64", path = "../nr/x86_64.rs")]
#[cfg_attr(target_arch = "aarch64", path = "../nr/aarch64.rs")]
#[cfg_attr(target_arch = "riscv64", path = "../nr/riscv64.rs")]
pub mod nr;

pub use imp::*;
