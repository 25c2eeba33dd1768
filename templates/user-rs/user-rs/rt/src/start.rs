//! Process entry for no_std programs: `_start` (from the sys crate) lands here.
use core::ffi::CStr;
use core::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

extern "Rust" {
    // The program's `#[no_mangle] fn main() -> i32`.
    fn main() -> i32;
}

static ARGC: AtomicUsize = AtomicUsize::new(0);
static ARGV: AtomicPtr<*const u8> = AtomicPtr::new(core::ptr::null_mut());

sys::define_start!(start_rust);

unsafe extern "C" fn start_rust(argc: usize, argv: *const *const u8) -> ! {
    ARGC.store(argc, Ordering::Relaxed);
    ARGV.store(argv as *mut *const u8, Ordering::Relaxed);
    sys::exit_group(main())
}

/// The program's arguments as raw byte strings (without the trailing NUL).
pub fn args() -> impl Iterator<Item = &'static [u8]> {
    let argc = ARGC.load(Ordering::Relaxed);
    let argv = ARGV.load(Ordering::Relaxed);
    (0..argc).map(move |i| unsafe { CStr::from_ptr(*argv.add(i) as *const _).to_bytes() })
}
