import Foundation

/// Threads that outlive the work they run: each epoch of a ``DataLoader`` with workers hands its worker loops to
/// threads that earlier epochs left parked, instead of starting new ones — starting a thread costs tens of
/// microseconds, as much as collating a small batch, and an epoch of the digits has only 29 batches. A thread
/// parked for ``idleLifetime`` without work ends.
final class ParkedThreads: @unchecked Sendable {
    /// The threads every data loader shares.
    static let shared = ParkedThreads()

    /// Seconds a parked thread waits for work before it ends.
    static let idleLifetime = 10

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a job is queued.
    private let queued = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [@Sendable () -> Void] = []
    /// Threads waiting for a job (not yet woken).
    private var parked = 0
    /// Threads started so far.
    private var started = 0

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(queued, nil)
    }

    /// The number of threads parked now, waiting for a job (tests).
    var parkedCount: Int { locked { parked } }

    /// The number of threads started so far (tests).
    var startedCount: Int { locked { started } }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Runs `job` on a parked thread, or on a new one when every parked thread already has a job to take.
    func run(_ job: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        let needsThread = parked < jobs.count
        if needsThread { started += 1 } else { pthread_cond_signal(queued) }
        pthread_mutex_unlock(mutex)
        guard needsThread else { return }
        let thread = Thread { [self] in serve() }
        thread.name = "synapse-data-worker"
        thread.start()
    }

    /// Takes jobs until none comes for ``idleLifetime`` seconds.
    private func serve() {
        pthread_mutex_lock(mutex)
        while true {
            if jobs.isEmpty {
                parked += 1
                var deadline = timespec()
                clock_gettime(CLOCK_REALTIME, &deadline)
                deadline.tv_sec += Self.idleLifetime
                var timedOut = false
                while jobs.isEmpty && !timedOut {
                    timedOut = pthread_cond_timedwait(queued, mutex, &deadline) == ETIMEDOUT
                }
                parked -= 1
                if jobs.isEmpty { break }
            }
            let job = jobs.removeFirst()
            pthread_mutex_unlock(mutex)
            job()
            pthread_mutex_lock(mutex)
        }
        pthread_mutex_unlock(mutex)
    }
}
