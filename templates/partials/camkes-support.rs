/// What the interface modules share: conversions between Rust values and the memory
/// CAmkES's glue code hands over, allocated and freed with the C heap as the glue does.
mod support {
    use alloc::ffi::CString;
    use alloc::vec::Vec;
    use core::ffi::{c_char, c_void, CStr};

    /// What every interface module imports.
    #[allow(unused_imports)]
    pub mod prelude {
        pub use super::super::types::*;
        pub use alloc::borrow::ToOwned;
        pub use alloc::ffi::CString;
        pub use alloc::vec::Vec;
        pub use core::ffi::*;
    }

    extern "C" {
        fn malloc(size: usize) -> *mut c_void;
        fn free(ptr: *mut c_void);
    }

    /// malloc that never returns null (CAmkES's glue stops on a failed allocation too).
    unsafe fn alloc_bytes(size: usize) -> *mut c_void {
        let ptr = malloc(size.max(1));
        if ptr.is_null() {
            panic!("out of memory: malloc({size})");
        }
        ptr
    }

    /// A C array the glue handed over (null or empty reads as empty).
    pub unsafe fn borrow_slice<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
        if len == 0 {
            return &[];
        }
        assert!(!ptr.is_null(), "a CAmkES array of {len} elements at null");
        core::slice::from_raw_parts(ptr, len)
    }

    /// A C string the glue handed over.
    pub unsafe fn borrow_string<'a>(ptr: *const c_char) -> &'a CStr {
        assert!(!ptr.is_null(), "a CAmkES string at null");
        CStr::from_ptr(ptr)
    }

    /// A C array of C strings the glue handed over.
    pub unsafe fn borrow_strings<'a>(ptr: *const *mut c_char, len: usize) -> Vec<&'a CStr> {
        borrow_slice(ptr, len).iter().map(|s| borrow_string(*s)).collect()
    }

    /// Owned copies of a C array of C strings.
    pub unsafe fn copy_strings(ptr: *const *mut c_char, len: usize) -> Vec<CString> {
        borrow_strings(ptr, len).into_iter().map(CString::from).collect()
    }

    /// A malloc'd copy of a string, for the glue (which frees it).
    pub unsafe fn malloc_string(s: &CStr) -> *mut c_char {
        let bytes = s.to_bytes_with_nul();
        let ptr = alloc_bytes(bytes.len()).cast::<u8>();
        core::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len());
        ptr.cast()
    }

    /// A malloc'd copy of a slice, and its length.
    pub unsafe fn malloc_slice<T: Copy>(items: &[T]) -> (*mut T, usize) {
        let ptr = alloc_bytes(core::mem::size_of_val(items)).cast::<T>();
        core::ptr::copy_nonoverlapping(items.as_ptr(), ptr, items.len());
        (ptr, items.len())
    }

    /// A malloc'd array of malloc'd strings, and its length.
    pub unsafe fn malloc_strings(items: &[CString]) -> (*mut *mut c_char, usize) {
        let pointers: Vec<*mut c_char> = items.iter().map(|s| malloc_string(s)).collect();
        malloc_slice(&pointers)
    }

    /// A C string the glue allocated for us: copied, then freed.
    pub unsafe fn take_string(ptr: *mut c_char) -> CString {
        assert!(!ptr.is_null(), "the CAmkES call returned no string (its error handler went on)");
        let s = CString::from(CStr::from_ptr(ptr));
        free(ptr.cast());
        s
    }

    /// A C array the glue allocated for us: copied, then freed.
    pub unsafe fn take_vec<T: Copy>(ptr: *mut T, len: usize) -> Vec<T> {
        let items = borrow_slice(ptr, len).to_vec();
        if !ptr.is_null() {
            free(ptr.cast());
        }
        items
    }

    /// A C array of C strings the glue allocated for us: copied, then every part freed.
    pub unsafe fn take_strings(ptr: *mut *mut c_char, len: usize) -> Vec<CString> {
        let pointers = take_vec(ptr, len);
        pointers.into_iter().map(|s| take_string(s)).collect()
    }

    /// Frees the glue's string at *slot and puts a malloc'd copy of `value` there.
    pub unsafe fn replace_string(slot: *mut *mut c_char, value: &CStr) {
        free((*slot).cast());
        slot.write(malloc_string(value));
    }

    /// Frees the glue's array at *slot and puts a malloc'd copy of `items` there.
    pub unsafe fn replace_slice<T: Copy>(slot: *mut *mut T, len: *mut usize, items: &[T]) {
        free((*slot).cast());
        give_slice(slot, len, items);
    }

    /// Frees the glue's strings at *slot and puts malloc'd copies of `items` there.
    pub unsafe fn replace_strings(slot: *mut *mut *mut c_char, len: *mut usize, items: &[CString]) {
        for s in borrow_slice(*slot, *len) {
            free(s.cast());
        }
        free((*slot).cast());
        give_strings(slot, len, items);
    }

    /// Hands the glue a malloc'd copy of `items` (it frees it).
    pub unsafe fn give_slice<T: Copy>(slot: *mut *mut T, len: *mut usize, items: &[T]) {
        let (ptr, n) = malloc_slice(items);
        slot.write(ptr);
        len.write(n);
    }

    /// Hands the glue malloc'd copies of `items` (it frees them).
    pub unsafe fn give_strings(slot: *mut *mut *mut c_char, len: *mut usize, items: &[CString]) {
        let (ptr, n) = malloc_strings(items);
        slot.write(ptr);
        len.write(n);
    }

    /// Pointers to the strings, for a C `char **` the callee only reads.
    pub fn string_pointers(items: &[&CStr]) -> Vec<*mut c_char> {
        items.iter().map(|s| s.as_ptr().cast_mut()).collect()
    }

    /// `bool` crosses the C boundary as a byte.
    pub fn bytes_of_bools(items: &[bool]) -> Vec<u8> {
        items.iter().map(|b| u8::from(*b)).collect()
    }

    /// Any non-zero byte is `true`: a peer cannot hand Rust an invalid `bool`.
    pub fn bools_of_bytes(items: &[u8]) -> Vec<bool> {
        items.iter().map(|b| *b != 0).collect()
    }

    /// The trampoline `<iface>_reg_callback` calls: `arg` is the Rust function to run.
    pub unsafe extern "C" fn call_fn(arg: *mut c_void) {
        let callback = core::mem::transmute::<*mut c_void, fn()>(arg);
        callback()
    }
}
