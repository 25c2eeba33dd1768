//! What a `#![no_std]` component needs from the C side: a heap, a console and a way to
//! stop. All three go through the component's libc (musl on seL4), which the CAmkES glue
//! code uses too, so Rust and C share one heap and one console.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::{c_char, c_int, c_void};
use core::fmt;

extern "C" {
    fn malloc(size: usize) -> *mut c_void;
    fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void;
    fn free(ptr: *mut c_void);
    fn posix_memalign(out: *mut *mut c_void, align: usize, size: usize) -> c_int;
    fn printf(format: *const c_char, ...) -> c_int;
    pub fn abort() -> !;
}

/// The alignment malloc always provides: two machine words (musl and glibc give at least
/// this). Larger alignments go through posix_memalign.
const MALLOC_ALIGN: usize = 2 * core::mem::size_of::<usize>();

/// The C heap as Rust's global allocator.
pub struct CHeap;

unsafe impl GlobalAlloc for CHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            return malloc(layout.size()).cast();
        }
        let mut ptr = core::ptr::null_mut();
        if posix_memalign(&mut ptr, layout.align(), layout.size()) == 0 {
            ptr.cast()
        } else {
            core::ptr::null_mut()
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        free(ptr.cast());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            return realloc(ptr.cast(), new_size).cast();
        }
        // realloc would lose the alignment: move by hand.
        let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

/// stdout through printf, so Rust output interleaves correctly with the C side's.
pub struct Console;

impl fmt::Write for Console {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // "%.*s" prints exactly the given bytes: no NUL terminator, no allocation.
        for chunk in s.as_bytes().chunks(1 << 20) {
            if unsafe { printf(c"%.*s".as_ptr(), chunk.len() as c_int, chunk.as_ptr()) } < 0 {
                return Err(fmt::Error);
            }
        }
        Ok(())
    }
}
