import Foundation

/// When a ``DataLoader``'s worker threads are worth starting.
///
/// Handing a batch to another thread costs a wake-up and two context switches (tens of microseconds on a busy
/// machine), more than collating a small batch of in-memory tensors. So a loader with workers reads its batches on
/// the loop's thread, each as its worker (with that worker's ``WorkerInfo``), and starts the threads only once two
/// timed batches in a row took longer than ``handoffCost`` each (one alone may have been preempted or
/// page-faulted). Until then an epoch with workers costs what one without costs: no pool, no locks, no threads.
struct WorkerLaunchPolicy {
    /// The wall time (nanoseconds) a batch must take before threads are worth waking for the next ones: about
    /// what a handoff costs (tests on busy machines raise it, so that their cheap batches stay cheap).
    var handoffCost: UInt64 = 50_000

    /// Timed batches in a row that took longer than ``handoffCost``.
    private var slowBatchesInARow = 0
    /// Batches read untimed since the last timed one.
    private var untimed = 0

    /// The clock when a batch starts, or `nil` when this batch goes untimed; hand it to ``finished(startedAt:)``
    /// when the batch is read. One batch in four is timed, and every one after a slow one: a clock read costs tens
    /// of nanoseconds on a virtual machine, which a batch of a few microseconds notices, and a data set whose
    /// batches turn slow is still caught within a few batches. (Not a generic `timing { read }`: in a loader's
    /// unspecialised code its `(Batch, Bool)` result costs a run-time type lookup per batch.)
    @inline(__always)
    mutating func batchStarts() -> UInt64? {
        guard slowBatchesInARow > 0 || untimed == 3 else {
            untimed += 1
            return nil
        }
        untimed = 0
        return Self.now()
    }

    /// Records a batch read since `start` (`nil`: untimed); returns whether the threads should start now.
    @inline(__always)
    mutating func finished(startedAt start: UInt64?) -> Bool {
        guard let start else { return false }
        let slow = Self.now() &- start > handoffCost
        slowBatchesInARow = slow ? slowBatchesInARow + 1 : 0
        return slowBatchesInARow == 2
    }

    /// Monotonic nanoseconds, read straight from the vDSO clock (`DispatchTime.now()` costs more per batch).
    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
