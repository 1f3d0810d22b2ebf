import Foundation

/// When a ``DataLoader``'s worker threads are worth starting.
///
/// Handing a batch to another thread costs a wake-up and two context switches (tens of microseconds on a busy
/// machine), more than collating a small batch of in-memory tensors. So a loader with workers reads its batches on
/// the loop's thread, each as its worker (with that worker's ``WorkerInfo``), and starts the threads only once two
/// batches in a row took longer than ``handoffCost`` each (one alone may have been preempted or page-faulted).
/// Until then an epoch with workers costs what one without costs: no pool, no locks, no threads.
struct WorkerLaunchPolicy {
    /// The wall time (nanoseconds) a batch must take before threads are worth waking for the next ones: about
    /// what a handoff costs (tests on busy machines raise it, so that their cheap batches stay cheap).
    var handoffCost: UInt64 = 50_000

    /// Batches in a row that took longer than ``handoffCost``.
    private var slowBatchesInARow = 0

    /// Runs `read` (one batch) and reports whether the threads should start now.
    mutating func timing<R>(_ read: () -> R) -> (batch: R, startWorkers: Bool) {
        let begin = DispatchTime.now().uptimeNanoseconds
        let batch = read()
        let slow = DispatchTime.now().uptimeNanoseconds - begin > handoffCost
        slowBatchesInARow = slow ? slowBatchesInARow + 1 : 0
        return (batch, slowBatchesInARow == 2)
    }
}
