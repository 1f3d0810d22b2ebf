#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A per-thread boolean that is `false` on every thread until set, kept in a pthread key (cheaper than a task
/// local, and visible to code that isn't async).
struct ThreadFlag: Sendable {
    private let key: pthread_key_t

    init() {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        self.key = key
    }

    /// The current thread's value.
    var isSet: Bool {
        get { pthread_getspecific(key) != nil }
        nonmutating set { pthread_setspecific(key, newValue ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }
}
