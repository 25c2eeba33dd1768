//! Runtime for std programs (`#![feature(restricted_std)]`, `#![no_main]`). std brings its own
//! panic handler and allocator (musl's malloc), so this crate only provides `_start`, which must
//! go through musl's `__libc_start_main`: it sets up TLS (arch_prctl on x86_64, the thread pointer register elsewhere), stdio and the auxv before
//! calling `main(argc, argv, envp)`; without it musl's write() faults on uninitialised TLS.
#![no_std]

pub use sys::*;

type CMain = unsafe extern "C" fn(i32, *const *const u8, *const *const u8) -> i32;

extern "C" {
    // The program's `#[no_mangle] fn main() -> i32`; extra C arguments are ignored.
    fn main(argc: i32, argv: *const *const u8, envp: *const *const u8) -> i32;
    fn __libc_start_main(
        main: CMain,
        argc: i32,
        argv: *const *const u8,
        init: Option<extern "C" fn()>,
        fini: Option<extern "C" fn()>,
        ldso_fini: Option<extern "C" fn()>,
    ) -> i32;
}

sys::define_start!(start_rust);

unsafe extern "C" fn start_rust(argc: usize, argv: *const *const u8) -> ! {
    // musl calls exit(main(...)) itself, which ends in exit_group; returning here would be a bug.
    __libc_start_main(main, argc as i32, argv, None, None, None);
    sys::exit_group(127)
}
