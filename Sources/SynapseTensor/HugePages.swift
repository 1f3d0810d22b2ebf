#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Large tensor blocks backed by transparent huge pages (2 MiB) where Linux gives them on request
/// (`/sys/kernel/mm/transparent_hugepage/enabled` set to `madvise`, the usual default, or `always`).
///
/// Why: on 4 KiB pages a first touch of fresh memory faults once per page, and a scan of a large tensor misses the
/// TLB once per page. Measured on this project's 2-core VM (fresh processes in turn): summing 16 Mi floats took
/// 1.5–1.9 ms instead of 1.8–4.0 ms, and writing a fresh 64 MB block 13 ms instead of 46 ms. PyTorch does the same
/// when `THP_MEM_ALLOC_ENABLE=1` (2 MiB alignment and `MADV_HUGEPAGE` from 2 MiB up); here it is the default, and
/// `SYNAPSE_HUGE_PAGES=0` turns it off (a huge page's first touch can wait for the kernel to compact memory).
enum HugePages {
    /// The huge page size, and the smallest block given huge pages.
    static let size = 2 << 20

    /// Whether blocks of ``size`` and more get huge pages: not when the environment says `SYNAPSE_HUGE_PAGES=0`.
    static let enabled = isEnabled(environmentValue: getenv("SYNAPSE_HUGE_PAGES").map { String(cString: $0) })

    /// Whether `SYNAPSE_HUGE_PAGES` set to `value` (nil when unset) leaves huge pages on: anything but `0`.
    static func isEnabled(environmentValue value: String?) -> Bool {
        value != "0"
    }

    /// A block of `byteCount` bytes aligned to ``size`` whose whole huge pages are marked `MADV_HUGEPAGE`, or nil
    /// when it is smaller than ``size``, huge pages are off, or the system has none (not Linux).
    static func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        #if os(Linux)
        guard enabled, byteCount >= size else { return nil }
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, size, byteCount) == 0, let pointer else { return nil }
        // Fails (EINVAL) on kernels built without transparent huge pages: the block is still good.
        _ = madvise(pointer, byteCount / size * size, MADV_HUGEPAGE)
        return pointer
        #else
        return nil
        #endif
    }
}
