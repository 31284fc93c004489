//! Allocator tuning for batch runs that build millions of small values (a
//! million-tweet dump becomes a million items, each with its own strings).

/// Lets glibc's malloc grow its heaps 64 MiB at a time instead of a page or
/// two at a time. Each growth of a thread's heap is an `mprotect` call; on a
/// million-item ingest those calls and their page-table work took a tenth of
/// the run (`bench/ingest.sh`). Only address space is reserved ahead: pages
/// are still taken from the OS when first written. Elsewhere a no-op.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // one libc call, see SAFETY below
pub(crate) fn tune() {
    const TOP_PAD: libc::c_int = 64 << 20;
    // SAFETY: mallopt only sets a malloc parameter; it takes malloc's own lock
    // and is safe to call at any time from any thread.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, TOP_PAD);
    }
}

/// Lets glibc's malloc grow its heaps in large steps (a no-op here).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune() {}
