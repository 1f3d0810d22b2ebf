#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a `pthread_mutex_t` (the standard library's `Mutex`, with the same `withLock`).
///
/// Why not `Synchronization.Mutex`: on Linux it locks with atomics inside the prebuilt standard library, which
/// ThreadSanitizer doesn't instrument, so every access to the guarded value from two threads is reported as a race
/// (a proven false positive: the accesses are ordered by the lock TSan can't see). ThreadSanitizer intercepts
/// `pthread_mutex_lock`, so with this lock the scenarios `.ci/run` runs under TSan report only real races. Uncontended,
/// both cost the same two atomic operations.
package final class Locked<Value>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    /// A lock guarding `value`.
    package init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    package func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
