//! Runtime for std programs. A program is an ordinary `fn main()` that links this crate
//! (`extern crate ...;`): rustc turns it into a C `main` that runs std's start-up (`lang_start`,
//! which records argc and argv for `std::env::args()`), then calls the program's `main`.
//!
//! This crate provides `_start`, which must go through musl's `__libc_start_main`: that sets up
//! TLS (arch_prctl on x86_64, the thread pointer register elsewhere), stdio, the auxv and
//! `environ` (which `std::env::vars()` reads) before it calls `main(argc, argv, envp)`; without
//! it musl's write() faults on uninitialised TLS. std brings its own panic handler and allocator
//! (musl's malloc).
//!
//! It also provides `poll`, in place of musl's, for a kernel that has no poll syscall. std's
//! start-up asks whether descriptors 0, 1 and 2 are open with `poll(fds, 3, 0)`, every
//! `events == 0`, and aborts when poll fails with ENOSYS. That query (every `events` zero and a
//! zero timeout) is answered here without poll: an entry whose descriptor is not open
//! (`fcntl(fd, F_GETFD)` fails with EBADF) gets `revents = POLLNVAL`, every other entry 0
//! (POLLHUP and POLLERR, which poll could also report for an open descriptor, are not; std looks
//! only at POLLNVAL). Any other call is the real syscall (poll on x86_64, ppoll elsewhere), as in
//! musl.
//!
//! A program with `#![no_main]` and `#[no_mangle] fn main() -> i32` (the seed's shape) also
//! links: musl calls it directly, so std's start-up never runs, and `std::env::args()` is empty
//! (`std::env::vars()` still works).
#![no_std]

use core::ffi::{c_int, c_ulong};

pub use sys::*;

type CMain = unsafe extern "C" fn(c_int, *const *const u8, *const *const u8) -> c_int;

extern "C" {
    // rustc's C `main` for an ordinary `fn main()`, or the seed shape's `#[no_mangle] fn main`.
    fn main(argc: c_int, argv: *const *const u8, envp: *const *const u8) -> c_int;
    fn __libc_start_main(
        main: CMain,
        argc: c_int,
        argv: *const *const u8,
        init: Option<extern "C" fn()>,
        fini: Option<extern "C" fn()>,
        ldso_fini: Option<extern "C" fn()>,
    ) -> c_int;
    fn __errno_location() -> *mut c_int;
}

sys::define_start!(start_rust);

unsafe extern "C" fn start_rust(argc: usize, argv: *const *const u8) -> ! {
    // Keeps this crate's `poll` in the link ahead of libc.a's, whatever the linker's archive order.
    core::hint::black_box(poll as unsafe extern "C" fn(*mut PollFd, c_ulong, c_int) -> c_int);
    // musl calls exit(main(...)) itself, which ends in exit_group; returning here would be a bug.
    __libc_start_main(main, argc as c_int, argv, None, None, None);
    sys::exit_group(127)
}

/// libc's `poll`; see the crate documentation for the one query answered without the syscall.
///
/// # Safety
///
/// `fds` must point to `nfds` valid entries (it may be null when `nfds` is 0).
#[no_mangle]
pub unsafe extern "C" fn poll(fds: *mut PollFd, nfds: c_ulong, timeout: c_int) -> c_int {
    let fds: &mut [PollFd] =
        if nfds == 0 { &mut [] } else { core::slice::from_raw_parts_mut(fds, nfds as usize) };
    let r = if timeout == 0 && fds.iter().all(|p| p.events == 0) {
        which_are_open(fds)
    } else {
        sys::poll(fds, timeout)
    };
    if r < 0 {
        *__errno_location() = -r as c_int;
        return -1;
    }
    r as c_int
}

/// poll's answer for entries that ask for no events: POLLNVAL for a descriptor that is not open.
fn which_are_open(fds: &mut [PollFd]) -> isize {
    let mut ready = 0;
    for p in fds.iter_mut() {
        // poll ignores negative descriptors (revents 0).
        let closed = p.fd >= 0 && sys::fcntl(p.fd, F_GETFD, 0) == -(EBADF as isize);
        p.revents = if closed { POLLNVAL } else { 0 };
        ready += closed as isize;
    }
    ready
}
