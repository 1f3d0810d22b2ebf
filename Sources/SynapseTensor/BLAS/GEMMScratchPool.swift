#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSynapseKernels

/// Reusable packing buffers for the native GEMM kernel, so a product costs no allocation (and no fresh page
/// faults) once the pool is warm. Each buffer holds the packed blocks of any element type and instruction set
/// (`synapse_gemm_packed_scratch_bytes`); the pool keeps a few idle buffers (one per core plus one) and frees any
/// extra.
final class GEMMScratchPool: @unchecked Sendable {
    /// The process-wide pool.
    static let shared = GEMMScratchPool(
        byteCount: synapse_gemm_packed_scratch_bytes(), idleLimit: Parallel.threadCount + 1)

    /// Size of every buffer, in bytes.
    let byteCount: Int
    private let idleLimit: Int
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var idle: [UnsafeMutableRawPointer] = []

    init(byteCount: Int, idleLimit: Int) {
        self.byteCount = byteCount
        self.idleLimit = idleLimit
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        for buffer in idle { free(buffer) }
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Lends `body` a 64-byte-aligned buffer of ``byteCount`` bytes for the duration of the call.
    func withBuffer<R>(_ body: (UnsafeMutableRawPointer) -> R) -> R {
        let buffer = take()
        defer { giveBack(buffer) }
        return body(buffer)
    }

    private func take() -> UnsafeMutableRawPointer {
        pthread_mutex_lock(lock)
        let reused = idle.popLast()
        pthread_mutex_unlock(lock)
        if let reused { return reused }
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, 64, byteCount) == 0, let pointer else {
            fatalError("GEMM: not enough memory for a \(byteCount)-byte packing buffer")
        }
        return pointer
    }

    private func giveBack(_ buffer: UnsafeMutableRawPointer) {
        pthread_mutex_lock(lock)
        let keep = idle.count < idleLimit
        if keep { idle.append(buffer) }
        pthread_mutex_unlock(lock)
        if !keep { free(buffer) }
    }
}
