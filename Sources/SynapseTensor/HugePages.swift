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
/// when `THP_MEM_ALLOC_ENABLE=1` (2 MiB alignment and `MADV_HUGEPAGE` from 2 MiB up); NumPy does it by default
/// (from 4 MiB, `NUMPY_MADVISE_HUGEPAGE=0` to opt out), and so does Synapse: `SYNAPSE_HUGE_PAGES=0` turns it off.
/// The price: memory the process has never touched can be slower to touch the first time in huge pages (on the
/// same VM, 1 GB in 64 MB blocks took 0.2–1.25 s against a steady 0.48 s, and building and loading a 1 GB model
/// 1.0–2.5 s against 0.7–1.7 s: the host backs the guest's huge pages on demand), once per model build, while every
/// later pass over a large tensor gains. A checkpoint read into memory for one copy (`MappedFile`) is not advised:
/// it is only touched once.
package enum HugePages {
    /// The huge page size, and the smallest block given huge pages.
    package static let size = 2 << 20

    /// Whether blocks of ``size`` and more get huge pages: not when the environment says `SYNAPSE_HUGE_PAGES=0`.
    package static let enabled = isEnabled(environmentValue: getenv("SYNAPSE_HUGE_PAGES").map { String(cString: $0) })

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
        advise(pointer, byteCount: byteCount)
        return pointer
        #else
        return nil
        #endif
    }

    /// Marks the whole huge pages inside `[region, region + byteCount)` of anonymous memory `MADV_HUGEPAGE`, when
    /// huge pages are on (Linux).
    package static func advise(_ region: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        guard enabled else { return }
        let start = (Int(bitPattern: region) + size - 1) / size * size
        let end = (Int(bitPattern: region) + byteCount) / size * size
        guard start < end, let first = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Fails (EINVAL) on kernels built without transparent huge pages: the memory is still good.
        _ = madvise(first, end - start, MADV_HUGEPAGE)
        #endif
    }
}
