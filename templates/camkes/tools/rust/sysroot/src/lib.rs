//! Empty on purpose: see ../Cargo.toml. A staticlib needs a panic handler, and this one is
//! never linked in (nothing refers to it: Rust archives bring their own).
#![no_std]

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    loop {}
}
