import Foundation

/// Threads that load batches ahead of the consumer: tasks numbered in order go in, results come out by number,
/// so the consumer sees sampler order whatever thread finished first.
final class PrefetchingWorkers<Batch>: @unchecked Sendable {
    private let condition = NSCondition()
    private var tasks: [(sequence: Int, indices: [Int])] = []
    private var results: [Int: Batch] = [:]
    private var stopped = false
    private let load: @Sendable ([Int]) -> Batch

    /// Starts `threads` threads running `load` on submitted index lists.
    init(threads: Int, load: @escaping @Sendable ([Int]) -> Batch) {
        self.load = load
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "synapse.DataLoader.worker.\(index)"
            thread.start()
        }
    }

    private func work() {
        while true {
            condition.lock()
            while tasks.isEmpty && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            let task = tasks.removeFirst()
            condition.unlock()
            let batch = load(task.indices)
            condition.lock()
            results[task.sequence] = batch
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Queues batch `sequence`.
    func submit(sequence: Int, indices: [Int]) {
        condition.lock()
        tasks.append((sequence, indices))
        condition.signal()
        condition.unlock()
    }

    /// Waits for batch `sequence` and hands it over.
    func take(sequence: Int) -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while results[sequence] == nil { condition.wait() }
        return results.removeValue(forKey: sequence)!
    }

    /// Lets the threads finish (the one loading now completes its batch, which is dropped).
    func stop() {
        condition.lock()
        stopped = true
        tasks.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
