import Foundation

/// Worker threads that turn index batches into batches: a FIFO of tasks and a table of finished batches by sequence
/// number, guarded by one pthread mutex and condition (which ThreadSanitizer understands). The caller bounds the
/// number of outstanding tasks, so the queue is bounded too.
final class WorkerPool<Batch>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var tasks: [(sequence: Int, indices: [Int])] = []
    private var taskHead = 0
    private var results: [Int: Batch] = [:]
    private var stopped = false
    private let work: @Sendable ([Int]) -> Batch

    /// Starts `threads` workers running `work`.
    init(threads: Int, work: @escaping @Sendable ([Int]) -> Batch) {
        self.work = work
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for _ in 0..<threads {
            let thread = Thread { [self] in run() }
            thread.name = "synapse-data-worker"
            thread.start()
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Queues batch number `sequence`.
    func submit(_ sequence: Int, _ indices: [Int]) {
        locked {
            tasks.append((sequence, indices))
            pthread_cond_broadcast(condition)
        }
    }

    /// Waits for batch number `sequence` and removes it from the table.
    func take(_ sequence: Int) -> Batch {
        locked {
            while results[sequence] == nil { pthread_cond_wait(condition, mutex) }
            return results.removeValue(forKey: sequence)!
        }
    }

    /// Lets the workers finish; queued tasks are dropped.
    func shutdown() {
        locked {
            stopped = true
            pthread_cond_broadcast(condition)
        }
    }

    private func run() {
        while true {
            let task: (sequence: Int, indices: [Int])? = locked {
                while taskHead == tasks.count && !stopped { pthread_cond_wait(condition, mutex) }
                guard !stopped else { return nil }
                defer { taskHead += 1 }
                return tasks[taskHead]
            }
            guard let task else { return }
            let batch = work(task.indices)
            locked {
                results[task.sequence] = batch
                pthread_cond_broadcast(condition)
            }
        }
    }
}
