/// Every type a dataport can hold or a [`Dataport`] can read and write: plain data, for which
/// every bit pattern is a valid value (the other side may write anything).
///
/// # Safety
/// Implement it only for `Copy` types without padding-dependent invariants: integers,
/// floats, arrays of them and `#[repr(C)]` structs of them (not `bool`, enums or references).
pub unsafe trait Plain: Copy + 'static {}

macro_rules! plain {
    ($($t:ty),*) => { $(unsafe impl Plain for $t {})* };
}
plain!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);
unsafe impl<T: Plain, const N: usize> Plain for [T; N] {}
unsafe impl Plain for types::dataport_ptr_t {}

/// A dataport: memory this component shares with another one, which may write it at any
/// time. Every access is a volatile copy in or out, and no Rust reference into the memory is
/// ever made, so nothing the other side does can break Rust's aliasing rules. Ordering with
/// the other side is up to the protocol (events, RPC, flags), as in C; [`Dataport::acquire`]
/// and [`Dataport::release`] are camkes.h's `<d>_acquire()`/`<d>_release()`.
pub struct Dataport<T> {
    base: *mut T,
}

impl<T> Clone for Dataport<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Dataport<T> {}

// SAFETY: the memory is meant to be shared; every access is a volatile copy through `&self`.
unsafe impl<T> Send for Dataport<T> {}
unsafe impl<T> Sync for Dataport<T> {}

impl<T> Dataport<T> {
    /// # Safety
    /// `base` points to a dataport of at least `size_of::<T>()` bytes, mapped for as long as
    /// the component runs (the glue's `<d>` pointer).
    pub const unsafe fn new(base: *mut T) -> Self {
        Dataport { base }
    }

    /// Its size in bytes.
    pub const fn len(&self) -> usize {
        core::mem::size_of::<T>()
    }

    /// Never true: a dataport has at least one page.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The raw pointer, for code that needs one (e.g. to hand to C).
    pub const fn as_ptr(&self) -> *mut T {
        self.base
    }

    fn at(&self, offset: usize, size: usize) -> *mut u8 {
        match offset.checked_add(size) {
            Some(end) if end <= self.len() => self.base.cast::<u8>().wrapping_add(offset),
            _ => panic!("dataport access at {offset}+{size} is outside its {} bytes", self.len()),
        }
    }

    /// Reads a `U` at byte `offset`.
    pub fn read_at<U: Plain>(&self, offset: usize) -> U {
        let ptr = self.at(offset, core::mem::size_of::<U>());
        let mut value = core::mem::MaybeUninit::<U>::uninit();
        // SAFETY: in bounds (checked); U is Plain, so any bytes are a valid U.
        unsafe {
            if ptr.cast::<U>().is_aligned() {
                value.write(ptr.cast::<U>().read_volatile());
            } else {
                let out = value.as_mut_ptr().cast::<u8>();
                for i in 0..core::mem::size_of::<U>() {
                    out.add(i).write(ptr.add(i).read_volatile());
                }
            }
            value.assume_init()
        }
    }

    /// Writes `value` at byte `offset`.
    pub fn write_at<U: Plain>(&self, offset: usize, value: U) {
        let ptr = self.at(offset, core::mem::size_of::<U>());
        // SAFETY: in bounds (checked); the memory is ours to write.
        unsafe {
            if ptr.cast::<U>().is_aligned() {
                ptr.cast::<U>().write_volatile(value);
            } else {
                let from = (&value as *const U).cast::<u8>();
                for i in 0..core::mem::size_of::<U>() {
                    ptr.add(i).write_volatile(from.add(i).read());
                }
            }
        }
    }

    /// The whole dataport as one value.
    pub fn read(&self) -> T
    where
        T: Plain,
    {
        self.read_at(0)
    }

    /// Writes the whole dataport.
    pub fn write(&self, value: T)
    where
        T: Plain,
    {
        self.write_at(0, value)
    }

    /// Copies `out.len()` bytes from byte `offset` into `out`.
    pub fn read_bytes(&self, offset: usize, out: &mut [u8]) {
        let ptr = self.at(offset, out.len());
        for (i, b) in out.iter_mut().enumerate() {
            // SAFETY: in bounds (checked).
            *b = unsafe { ptr.add(i).read_volatile() };
        }
    }

    /// Copies `bytes` to byte `offset`.
    pub fn write_bytes(&self, offset: usize, bytes: &[u8]) {
        let ptr = self.at(offset, bytes.len());
        for (i, b) in bytes.iter().enumerate() {
            // SAFETY: in bounds (checked).
            unsafe { ptr.add(i).write_volatile(*b) };
        }
    }

    /// The NUL-terminated string at byte `offset`, or None when no NUL comes before the end.
    pub fn read_c_string(&self, offset: usize) -> Option<alloc::ffi::CString> {
        let mut bytes = alloc::vec::Vec::new();
        for at in offset..self.len() {
            match self.read_at::<u8>(at) {
                0 => return alloc::ffi::CString::new(bytes).ok(),
                b => bytes.push(b),
            }
        }
        None
    }

    /// Orders earlier reads of the dataport before later accesses (`<d>_acquire()`).
    pub fn acquire(&self) {
        core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::Acquire);
    }

    /// Orders earlier accesses before later writes to the dataport (`<d>_release()`).
    pub fn release(&self) {
        core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::Release);
    }

    /// A `dataport_ptr_t` for byte `offset`, to pass over RPC (`dataport_wrap_ptr`).
    pub fn wrap(&self, offset: usize) -> types::dataport_ptr_t {
        let ptr = self.at(offset, 0);
        // SAFETY: dataport_wrap_ptr only compares the pointer with the component's dataports.
        let wrapped = unsafe { ffi::dataport_wrap_ptr(ptr.cast()) };
        assert!(wrapped.id != -1, "dataport_wrap_ptr refused a pointer into its own dataport");
        wrapped
    }

    /// The byte offset a `dataport_ptr_t` from the other side points to in this dataport, or
    /// None when it points elsewhere (`dataport_unwrap_ptr`).
    pub fn unwrap(&self, ptr: types::dataport_ptr_t) -> Option<usize> {
        // SAFETY: dataport_unwrap_ptr only looks the id up.
        let at = unsafe { ffi::dataport_unwrap_ptr(ptr) } as usize;
        let base = self.base as usize;
        (at >= base && at < base + self.len()).then(|| at - base)
    }
}
