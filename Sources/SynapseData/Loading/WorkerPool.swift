import Foundation

/// Worker threads that turn index batches into batches: one FIFO of tasks per worker (batch `i` goes to worker
/// `i % count`, PyTorch's round robin) and a table of finished batches by sequence number, guarded by one pthread
/// mutex (which ThreadSanitizer understands), with one condition per worker and one for the caller, so that a new
/// task or a finished batch wakes only the thread waiting for it. The caller bounds the number of outstanding
/// tasks, so the queues are bounded too.
///
/// The caller never sleeps while a batch no worker has started is queued: it reads it itself, on that worker's
/// behalf (with its ``WorkerInfo``, while the worker waits). Each worker's batches still run one at a time and in
/// order, so its generator draws what PyTorch's worker draws, whichever thread runs them. A ``DataLoader`` creates
/// the pool only when its batches are worth handing over (``WorkerLaunchPolicy``).
final class WorkerPool<Batch>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a batch is finished (the caller waits on it).
    private let finished = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Condition `k` is signalled when worker `k` has a task it may start, or the pool stops.
    private let queued: UnsafeMutablePointer<pthread_cond_t>
    private var tasks: [[(sequence: Int, indices: [Int])]]
    /// `busy[k]`: a task of worker `k` is running (on the worker or on the caller), so no other may start.
    private var busy: [Bool]
    private var results: [Int: Batch] = [:]
    private var stopped = false
    private let infos: [WorkerInfo]
    private let work: @Sendable ([Int]) -> Batch

    /// What ``claim(_:)`` finds: the batch, or a batch no worker has started, which the caller reads.
    private enum Claim { case finished(Batch), unstarted(worker: Int, sequence: Int, indices: [Int]) }

    /// A pool of workers running `work`, worker `k` as `infos[k]`; `launch` runs each worker's loop on a thread
    /// (tests pass one that never runs them: the caller then reads every batch).
    init(infos: [WorkerInfo],
         launch: (@escaping @Sendable () -> Void) -> Void = ParkedThreads.shared.run,
         work: @escaping @Sendable ([Int]) -> Batch) {
        self.work = work
        self.infos = infos
        tasks = Array(repeating: [], count: infos.count)
        busy = Array(repeating: false, count: infos.count)
        queued = .allocate(capacity: infos.count)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(finished, nil)
        for worker in 0..<infos.count { pthread_cond_init(queued + worker, nil) }
        for worker in 0..<infos.count {
            launch { [self] in WorkerInfo.withCurrent(infos[worker]) { run(worker) } }
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

    /// Batch number `sequence`, removed from the table. While it isn't finished the caller reads, on their workers'
    /// behalf, the batches no worker has started (that one first), and sleeps only when every queued batch is
    /// being read.
    func take(_ sequence: Int) -> Batch {
        while true {
            switch claim(sequence) {
            case .finished(let batch):
                return batch
            case .unstarted(let worker, let started, let indices):
                let batch = WorkerInfo.withCurrent(infos[worker]) { work(indices) }
                release(worker, finishing: started == sequence ? nil : (started, batch))
                if started == sequence { return batch }
            }
        }
    }

    private func claim(_ sequence: Int) -> Claim {
        locked {
            let owner = sequence % tasks.count
            while true {
                if let batch = results.removeValue(forKey: sequence) { return .finished(batch) }
                // `sequence`'s worker first, then the others: each worker's batches stay in order.
                for offset in 0..<tasks.count {
                    let worker = (owner + offset) % tasks.count
                    if !busy[worker], let task = tasks[worker].first {
                        tasks[worker].removeFirst()
                        busy[worker] = true
                        return .unstarted(worker: worker, sequence: task.sequence, indices: task.indices)
                    }
                }
                pthread_cond_wait(finished, mutex)
            }
        }
    }

    /// Ends a batch the caller read for `worker`, storing it when the caller doesn't need it yet.
    private func release(_ worker: Int, finishing: (sequence: Int, batch: Batch)?) {
        locked {
            if let finishing { results[finishing.sequence] = finishing.batch }
            busy[worker] = false
            pthread_cond_signal(queued + worker)
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
                while (tasks[worker].isEmpty || busy[worker]) && !stopped { pthread_cond_wait(queued + worker, mutex) }
                guard !stopped else { return nil }
                busy[worker] = true
                return tasks[worker].removeFirst()
            }
            guard let task else { return }
            let batch = work(task.indices)
            locked {
                results[task.sequence] = batch
                busy[worker] = false
                pthread_cond_signal(finished)
            }
        }
    }
}
