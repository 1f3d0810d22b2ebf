import Foundation
import SynapseTensor

/// A pending collective or point-to-point operation (`torch.distributed.Work`), returned by the `…Async`
/// variants: ``wait(timeout:)`` blocks until it is done and its output tensors hold the result.
///
/// Keep the work until it is waited for: it holds the buffers MPI is reading and writing. A wait that exceeds the
/// group's ``ProcessGroup/timeout`` throws ``DistributedError/timeout(operation:seconds:rank:)``; after that the run
/// can't go on safely (the operation is still pending in MPI) and the process should exit.
public final class Work: @unchecked Sendable {
    /// The operation, as MPI names it (`MPI_Iallreduce`).
    public let operation: String
    private let group: ProcessGroup
    /// MPI's request handle, written by the call that starts the operation and by `MPI_Test`.
    let request: MPILibrary.Request
    private var keepAlive: [Tensor]
    private var finish: (() -> Void)?
    private let state = Locked(false)
    /// Set when a wait timed out: MPI may still write into the buffers, so they are never freed.
    private let abandoned = Locked(false)

    init(group: ProcessGroup, operation: String, keepAlive: [Tensor], finish: (() -> Void)?) {
        self.group = group
        self.operation = operation
        self.keepAlive = keepAlive
        self.finish = finish
        request = .allocate(capacity: 1)
        request.initialize(to: nil)
    }

    deinit {
        // An operation dropped before completing would write into freed buffers: finish it first.
        if !state.withLock({ $0 }) && !abandoned.withLock({ $0 }) { try? wait() }
        request.deallocate()
    }

    /// Whether the operation has completed (`work.is_completed()`); completes it when MPI says it is done.
    public func isCompleted() throws -> Bool {
        try state.withLock { (done: inout Bool) throws(DistributedError) -> Bool in
            if done { return true }
            var flag: Int32 = 0
            try group.lock.withLock { _ throws(DistributedError) in
                try group.library.check(group.library.test(request, &flag, nil), "MPI_Test (\(operation))")
            }
            guard flag != 0 else { return false }
            done = true
            finish?()
            finish = nil
            keepAlive = []
            return true
        }
    }

    /// Blocks until the operation has completed (`work.wait()`), polling MPI (which also drives its progress).
    ///
    /// - Parameter timeout: the longest wait; the group's ``ProcessGroup/timeout`` when `nil`.
    public func wait(timeout: Duration? = nil) throws {
        let limit = timeout ?? group.timeout
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        var polls = 0
        while try !isCompleted() {
            polls += 1
            if polls > 200 {
                guard clock.now < deadline else {
                    abandon()
                    let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) * 1e-18
                    throw DistributedError.timeout(operation: operation, seconds: seconds, rank: group.rank)
                }
                usleep(polls > 2000 ? 200 : 20)
            }
        }
    }

    /// Gives up on the operation: its buffers stay allocated for good, since MPI may still write into them.
    private func abandon() {
        abandoned.withLock { $0 = true }
        state.withLock { _ in for tensor in keepAlive { _ = Unmanaged.passRetained(tensor) } }
    }
}
