//! The allocator, tuned for reading large inputs and asked to give freed
//! memory back between steps (the 1000× peak, docs/performance.md). Below
//! every other module: the reader, the KPIs and the report all call it.

/// Hands the memory of a dataset's cells, read and dropped, back to the
/// system. glibc keeps freed small blocks in its arenas (one per reading
/// thread), so without this the peak of a run is the sum of its datasets'
/// peaks rather than the largest one. Trimming walks every arena and the
/// pages it returns are faulted in again by the next dataset, so it runs
/// only when much is free: on `data/` it would cost a third of the run's
/// CPU.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallinfo2 only reads allocator statistics; malloc_trim only
    // returns unused memory; no pointer changes.
    unsafe {
        if libc::mallinfo2().fordblks > TRIM_WHEN_FREE {
            libc::malloc_trim(0);
        }
    }
}

/// Free bytes in the allocator's arenas above which they are trimmed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_WHEN_FREE: usize = 32 << 20;

/// Sets the allocator up for reading workbooks, once, at the start of a
/// run: blocks of 1 MB or more (a workbook's bytes, its inflated XML) get
/// mappings of their own, given back to the system when dropped. glibc
/// would otherwise raise this threshold as large blocks are freed and keep
/// them in its arenas (measured on `data/`: a tenth of the run's CPU).
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
