import Foundation

/// Worker threads that turn index batches into batches: one FIFO of tasks per worker (batch `i` goes to worker
/// `i % count`, PyTorch's round robin) and a table of finished batches by sequence number, guarded by one pthread
/// mutex (which ThreadSanitizer understands), with one condition per worker and one for the caller, so that a new
/// task or a finished batch wakes only the thread waiting for it. The caller bounds the number of outstanding
/// tasks, so the queues are bounded too.
final class WorkerPool<Batch>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a batch is finished (the caller waits on it).
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Condition `k` is signalled when worker `k` has a task or the pool stops.
    private let queued: UnsafeMutablePointer<pthread_cond_t>
    private var tasks: [[(sequence: Int, indices: [Int])]]
    private var results: [Int: Batch] = [:]
    private var stopped = false
    private let work: @Sendable ([Int]) -> Batch

    /// Starts `threads` workers running `work`, worker `k` with ``WorkerInfo`` seed `baseSeed + k`.
    init(threads: Int, baseSeed: UInt64, work: @escaping @Sendable ([Int]) -> Batch) {
        self.work = work
        tasks = Array(repeating: [], count: threads)
        queued = .allocate(capacity: threads)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(finished, nil)
        for worker in 0..<threads { pthread_cond_init(queued + worker, nil) }
        for worker in 0..<threads {
            let info = WorkerInfo(id: worker, count: threads, baseSeed: baseSeed)
            ParkedThreads.shared.run { [self] in WorkerInfo.withCurrent(info) { run(worker) } }
        }
    }

    deinit {
        for worker in 0..<tasks.count { pthread_cond_destroy(queued + worker) }
        pthread_cond_destroy(finished)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        finished.deallocate()
        queued.deallocate()
    }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Queues batch number `sequence`.
    func submit(_ sequence: Int, _ indices: [Int]) {
        locked {
            tasks[sequence % tasks.count].append((sequence, indices))
            pthread_cond_signal(queued + sequence % tasks.count)
        }
    }

    /// Waits for batch number `sequence` and removes it from the table.
    func take(_ sequence: Int) -> Batch {
        locked {
            while results[sequence] == nil { pthread_cond_wait(finished, mutex) }
            return results.removeValue(forKey: sequence)!
        }
    }

    /// Lets the workers finish; queued tasks are dropped.
    func shutdown() {
        locked {
            stopped = true
            for worker in 0..<tasks.count { pthread_cond_signal(queued + worker) }
        }
    }

    private func run(_ worker: Int) {
        while true {
            let task: (sequence: Int, indices: [Int])? = locked {
                while tasks[worker].isEmpty && !stopped { pthread_cond_wait(queued + worker, mutex) }
                guard !stopped else { return nil }
                return tasks[worker].removeFirst()
            }
            guard let task else { return }
            let batch = work(task.indices)
            locked {
                results[task.sequence] = batch
                pthread_cond_signal(finished)
            }
        }
    }
}
