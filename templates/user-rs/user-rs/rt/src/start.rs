//! Process entry. The kernel starts us with rsp pointing at argc, then argv[], NULL, envp[].
use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

extern "Rust" {
    // The program's `#[no_mangle] fn main() -> i32`.
    fn main() -> i32;
}

static ARGC: AtomicUsize = AtomicUsize::new(0);
static ARGV: AtomicPtr<*const u8> = AtomicPtr::new(core::ptr::null_mut());

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
    entry = sym start_rust,
);

unsafe extern "C" fn start_rust(argc: usize, argv: *mut *const u8) -> ! {
    ARGC.store(argc, Ordering::Relaxed);
    ARGV.store(argv, Ordering::Relaxed);
    sys::exit(main())
}

/// The program's arguments as raw byte strings (without the trailing NUL).
pub fn args() -> impl Iterator<Item = &'static [u8]> {
    let argc = ARGC.load(Ordering::Relaxed);
    let argv = ARGV.load(Ordering::Relaxed);
    (0..argc).map(move |i| unsafe { core::ffi::CStr::from_ptr(*argv.add(i) as *const _).to_bytes() })
}
