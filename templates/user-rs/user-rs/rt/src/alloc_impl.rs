//! A brk-based bump allocator: memory is never reused, which suits short-lived programs and
//! keeps the binary small. The heap grows in 64 KiB steps to limit brk calls.
use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicUsize, Ordering};

const STEP: usize = 64 * 1024;

struct BumpAlloc {
    next: AtomicUsize,
    end: AtomicUsize,
}

#[global_allocator]
static HEAP: BumpAlloc = BumpAlloc { next: AtomicUsize::new(0), end: AtomicUsize::new(0) };

unsafe impl GlobalAlloc for BumpAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // The runtime is single-threaded, so plain loads and stores suffice.
        let mut next = self.next.load(Ordering::Relaxed);
        if next == 0 {
            next = sys::brk(0);
            self.end.store(next, Ordering::Relaxed);
        }
        let start = (next + layout.align() - 1) & !(layout.align() - 1);
        let Some(new_next) = start.checked_add(layout.size()) else { return core::ptr::null_mut() };
        if new_next > self.end.load(Ordering::Relaxed) {
            let want = (new_next + STEP - 1) & !(STEP - 1);
            if sys::brk(want) < want {
                return core::ptr::null_mut();
            }
            self.end.store(want, Ordering::Relaxed);
        }
        self.next.store(new_next, Ordering::Relaxed);
        start as *mut u8
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}
