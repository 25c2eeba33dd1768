//! Runtime for `#![no_std]` + alloc programs. A program writes `#[no_mangle] fn main() -> i32`
//! and links this crate (`extern crate ...;`); `_start` calls it and exits with its result.
//! It also provides the global allocator and the panic and allocation-error handlers, which is
//! why std programs use the separate std runtime crate instead.
#![no_std]
#![feature(alloc_error_handler)]

extern crate alloc;

mod alloc_impl;
mod start;

pub use start::args;
pub use sys::*;

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    eprintln!("{}", info);
    exit(101)
}

#[alloc_error_handler]
fn alloc_error(layout: core::alloc::Layout) -> ! {
    eprintln!("memory allocation of {} bytes failed", layout.size());
    exit(101)
}
