//! Safe Rust over libmicrokit for Microkit protection domains.
//!
//! libmicrokit (the SDK's `libmicrokit.a`) supplies `_start`, the event loop and the IPC
//! buffer; `shim.c` makes microkit.h's `static inline` functions linkable. Each PD's
//! `src/system.rs`, generated from the `.system` file, turns its channels, memory regions and
//! IRQs into types over this crate, so a PD can only use what the system gives it.
#![no_std]

use core::fmt;
use core::marker::PhantomData;

/// A channel (or IRQ) identifier as the `.system` file gives it (`id`, 0..=61).
pub type ChannelId = u32;

/// The most message registers a message can carry (seL4_MsgMaxLength).
pub const MAX_MESSAGE_REGISTERS: usize = 120;

/// seL4's message tag: a label and how many message registers the message uses.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MessageInfo(u64);

impl MessageInfo {
    /// The largest label seL4 can carry (52 bits).
    pub const MAX_LABEL: u64 = (1 << 52) - 1;

    /// A tag with `label` and `count` message registers.
    ///
    /// # Panics
    /// When `label` exceeds [`Self::MAX_LABEL`] or `count` exceeds [`MAX_MESSAGE_REGISTERS`].
    pub fn new(label: u64, count: usize) -> Self {
        assert!(label <= Self::MAX_LABEL, "message label does not fit in 52 bits");
        assert!(count <= MAX_MESSAGE_REGISTERS, "more message registers than seL4 has");
        // Checked above, so the C function's own debug assertions cannot fire.
        unsafe { ostoo_microkit_msginfo_new(label, count as u16) }
    }

    pub fn label(self) -> u64 {
        unsafe { ostoo_microkit_msginfo_get_label(self) }
    }

    pub fn count(self) -> usize {
        unsafe { ostoo_microkit_msginfo_get_count(self) as usize }
    }
}

impl fmt::Debug for MessageInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageInfo")
            .field("label", &self.label())
            .field("count", &self.count())
            .finish()
    }
}

/// Message register `index` of this PD's IPC buffer.
///
/// # Panics
/// When `index` is not below [`MAX_MESSAGE_REGISTERS`].
pub fn mr_get(index: usize) -> u64 {
    assert!(index < MAX_MESSAGE_REGISTERS, "no such message register");
    unsafe { ostoo_microkit_mr_get(index as u8) }
}

/// Sets message register `index` of this PD's IPC buffer.
///
/// # Panics
/// When `index` is not below [`MAX_MESSAGE_REGISTERS`].
pub fn mr_set(index: usize, value: u64) {
    assert!(index < MAX_MESSAGE_REGISTERS, "no such message register");
    unsafe { ostoo_microkit_mr_set(index as u8, value) }
}

/// This PD's name, as the `.system` file gives it (the Microkit tool patches it in).
pub fn name() -> &'static str {
    // SAFETY: libmicrokit's `microkit_name` is a NUL-terminated array the tool fills in
    // before the PD runs and nothing writes afterwards.
    let bytes = unsafe { core::ffi::CStr::from_ptr(ostoo_microkit_name()) }.to_bytes();
    core::str::from_utf8(bytes).unwrap_or("?")
}

/// Writes to the debug console (the kernel's; only SDK configs with printing, i.e. debug,
/// have one: elsewhere nothing appears).
pub struct DebugConsole;

impl fmt::Write for DebugConsole {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for b in s.bytes() {
            unsafe { microkit_dbg_putc(b as core::ffi::c_int) }
        }
        Ok(())
    }
}

#[doc(hidden)]
pub fn _print(args: fmt::Arguments<'_>) {
    let _ = fmt::Write::write_fmt(&mut DebugConsole, args);
}

/// `print!` to the debug console.
#[macro_export]
macro_rules! dbg_print {
    ($($arg:tt)*) => { $crate::_print(format_args!($($arg)*)) };
}

/// `println!` to the debug console.
#[macro_export]
macro_rules! dbg_println {
    () => { $crate::_print(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::_print(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Access markers for [`MemoryRegion`], from the mapping's `perms`.
pub mod access {
    /// Mapped without read access (e.g. `perms="x"`): only its address and size are known.
    pub enum Opaque {}
    /// `perms="r"` (or `rx`).
    pub enum ReadOnly {}
    /// `perms="rw"` (or `rwx`).
    pub enum ReadWrite {}
    pub trait Readable {}
    pub trait Writable {}
    impl Readable for ReadOnly {}
    impl Readable for ReadWrite {}
    impl Writable for ReadWrite {}
}

/// A memory region mapped into this PD: `vaddr` and `size` from its `<map>` and
/// `<memory_region>`. Every access is bounds-checked and volatile, since another PD or a
/// device may change the memory at any time; no Rust reference into it is ever made.
pub struct MemoryRegion<A> {
    vaddr: usize,
    size: usize,
    access: PhantomData<A>,
}

impl<A> Clone for MemoryRegion<A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<A> Copy for MemoryRegion<A> {}

impl<A> MemoryRegion<A> {
    /// # Safety
    /// `size` bytes at `vaddr` must be mapped into this PD for its whole life, with the
    /// access `A` names (generated code passes what the `.system` file maps).
    #[doc(hidden)]
    pub const unsafe fn new(vaddr: usize, size: usize) -> Self {
        MemoryRegion { vaddr, size, access: PhantomData }
    }

    pub const fn vaddr(&self) -> usize {
        self.vaddr
    }

    pub const fn size(&self) -> usize {
        self.size
    }

    fn check<T>(&self, offset: usize, len: usize) -> *mut T {
        let end = offset.checked_add(len);
        assert!(end.is_some_and(|end| end <= self.size), "access outside the memory region");
        let p = self.vaddr + offset;
        assert!(
            p.is_multiple_of(core::mem::align_of::<T>()),
            "unaligned access to a memory region"
        );
        p as *mut T
    }
}

impl<A: access::Readable> MemoryRegion<A> {
    /// Copies `buf.len()` bytes from `offset` into `buf`.
    ///
    /// # Panics
    /// When the bytes are not all inside the region.
    pub fn read(&self, offset: usize, buf: &mut [u8]) {
        let p = self.check::<u8>(offset, buf.len());
        for (i, b) in buf.iter_mut().enumerate() {
            // SAFETY: in bounds (checked) of a mapping `new`'s caller vouched for.
            *b = unsafe { p.add(i).read_volatile() };
        }
    }
}

impl<A: access::Writable> MemoryRegion<A> {
    /// Copies `bytes` to `offset`.
    ///
    /// # Panics
    /// When the bytes are not all inside the region.
    pub fn write(&self, offset: usize, bytes: &[u8]) {
        let p = self.check::<u8>(offset, bytes.len());
        for (i, b) in bytes.iter().enumerate() {
            // SAFETY: as in `read`, and the mapping is writable (`A: Writable`).
            unsafe { p.add(i).write_volatile(*b) };
        }
    }
}

macro_rules! word_access {
    ($($read:ident $write:ident $t:ty),*) => {
        impl<A: access::Readable> MemoryRegion<A> {
            $(
                #[doc = concat!("A volatile `", stringify!($t), "` read at `offset` (a device register, a flag).")]
                ///
                /// # Panics
                /// Outside the region, or at an offset not aligned to the type.
                pub fn $read(&self, offset: usize) -> $t {
                    let p = self.check::<$t>(offset, core::mem::size_of::<$t>());
                    unsafe { p.read_volatile() }
                }
            )*
        }
        impl<A: access::Writable> MemoryRegion<A> {
            $(
                #[doc = concat!("A volatile `", stringify!($t), "` write at `offset`.")]
                ///
                /// # Panics
                /// Outside the region, or at an offset not aligned to the type.
                pub fn $write(&self, offset: usize, value: $t) {
                    let p = self.check::<$t>(offset, core::mem::size_of::<$t>());
                    unsafe { p.write_volatile(value) }
                }
            )*
        }
    };
}
word_access!(read_u8 write_u8 u8, read_u16 write_u16 u16, read_u32 write_u32 u32, read_u64 write_u64 u64);

/// What generated code calls; the channel and IRQ types of each PD's `system.rs` are the API.
/// A wrong id is not unsafe (libmicrokit checks it against what the tool patched in and prints
/// an error), only wrong, which the generated types rule out.
#[doc(hidden)]
pub mod raw {
    use super::*;

    pub fn notify(ch: ChannelId) {
        unsafe { ostoo_microkit_notify(ch) }
    }
    pub fn deferred_notify(ch: ChannelId) {
        unsafe { ostoo_microkit_deferred_notify(ch) }
    }
    pub fn ppcall(ch: ChannelId, msg: MessageInfo) -> MessageInfo {
        unsafe { ostoo_microkit_ppcall(ch, msg) }
    }
    pub fn irq_ack(ch: ChannelId) {
        unsafe { ostoo_microkit_irq_ack(ch) }
    }
    pub fn deferred_irq_ack(ch: ChannelId) {
        unsafe { ostoo_microkit_deferred_irq_ack(ch) }
    }

    /// A notification or call on a channel the PD's `system.rs` does not know (the .system
    /// file changed since it was generated, which the build refuses).
    pub fn unexpected(what: &str, ch: ChannelId) {
        crate::dbg_println!("{}: unexpected {} on channel {}", name(), what, ch);
    }

    /// The PD's state between entry points.
    ///
    /// libmicrokit runs a PD on one thread and calls `init`, `notified` and `protected` one
    /// at a time, each returning before the next; the generated entry points are the only
    /// users and cannot be named by other code, so no two `&mut` to the state ever coexist.
    pub struct PdCell<T>(core::cell::UnsafeCell<Option<T>>);
    unsafe impl<T> Sync for PdCell<T> {}
    impl<T> Default for PdCell<T> {
        fn default() -> Self {
            Self::new()
        }
    }
    impl<T> PdCell<T> {
        pub const fn new() -> Self {
            PdCell(core::cell::UnsafeCell::new(None))
        }
        /// # Safety
        /// Only from an entry point (see the type's comment).
        pub unsafe fn set(&self, value: T) {
            unsafe { *self.0.get() = Some(value) }
        }
        /// # Safety
        /// Only from an entry point (see the type's comment).
        #[allow(clippy::mut_from_ref)]
        pub unsafe fn get(&self) -> &mut T {
            match unsafe { &mut *self.0.get() } {
                Some(v) => v,
                None => panic!("entry point before init"),
            }
        }
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    dbg_println!("{}: {}", name(), info);
    // An undefined instruction: the fault goes to the monitor, which reports the PD.
    loop {
        #[cfg(target_arch = "aarch64")]
        unsafe {
            core::arch::asm!("udf #0")
        };
        #[cfg(target_arch = "riscv64")]
        unsafe {
            core::arch::asm!("unimp")
        };
    }
}

unsafe extern "C" {
    fn microkit_dbg_putc(c: core::ffi::c_int);
    fn ostoo_microkit_name() -> *const core::ffi::c_char;
    fn ostoo_microkit_notify(ch: ChannelId);
    fn ostoo_microkit_deferred_notify(ch: ChannelId);
    fn ostoo_microkit_irq_ack(ch: ChannelId);
    fn ostoo_microkit_deferred_irq_ack(ch: ChannelId);
    fn ostoo_microkit_ppcall(ch: ChannelId, msg: MessageInfo) -> MessageInfo;
    fn ostoo_microkit_msginfo_new(label: u64, count: u16) -> MessageInfo;
    fn ostoo_microkit_msginfo_get_label(msg: MessageInfo) -> u64;
    fn ostoo_microkit_msginfo_get_count(msg: MessageInfo) -> u64;
    fn ostoo_microkit_mr_set(mr: u8, value: u64);
    fn ostoo_microkit_mr_get(mr: u8) -> u64;
}
