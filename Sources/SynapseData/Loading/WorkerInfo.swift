import CSynapseKernels
import Synchronization
import SynapseTensor

/// What a ``DataLoader`` worker thread knows about itself (`torch.utils.data.get_worker_info()`).
///
/// PyTorch seeds each worker process's default generator with `base_seed + id`; Synapse's workers are threads that
/// share the default generator, so each gets its own ``generator`` seeded the same way instead. A data set that
/// draws random numbers while reading (augmentation) should draw from `WorkerInfo.current?.generator`: its
/// numbers are then PyTorch's, and the same from run to run, since batch `i` always goes to worker `i % count`.
///
/// ```swift
/// subscript(index: Int) -> Tensor {
///     let noise = Tensor.rand([8], generator: WorkerInfo.current?.generator)
///     …
/// }
/// ```
public final class WorkerInfo: Sendable {
    /// The worker's number, `0..<count`.
    public let id: Int
    /// The number of workers of the loader.
    public let count: Int
    /// `base_seed + id`: the seed of ``generator`` (PyTorch's `worker_info.seed`).
    public let seed: UInt64
    /// The worker's own generator, seeded with ``seed``.
    public var generator: SynapseTensor.Generator {
        let seeded = seededGenerator.load(ordering: .acquiring)
        if seeded != 0 { return Self.generator(at: seeded) }
        // Seeding takes microseconds, which an epoch of cheap batches that never draw shouldn't pay: the first
        // thread to ask seeds it, and a thread that loses the race takes the winner's.
        let fresh = Unmanaged.passRetained(SynapseTensor.Generator(seed: seed))
        let (stored, winner) = seededGenerator.compareExchange(
            expected: 0, desired: UInt(bitPattern: fresh.toOpaque()), ordering: .acquiringAndReleasing)
        if stored { return fresh.takeUnretainedValue() }
        fresh.release()
        return Self.generator(at: winner)
    }

    /// The address of ``generator`` once seeded (retained), or 0.
    private let seededGenerator = Atomic<UInt>(0)

    private static func generator(at address: UInt) -> SynapseTensor.Generator {
        Unmanaged<SynapseTensor.Generator>.fromOpaque(UnsafeRawPointer(bitPattern: address)!).takeUnretainedValue()
    }

    init(id: Int, count: Int, baseSeed: UInt64) {
        self.id = id
        self.count = count
        seed = baseSeed &+ UInt64(id)
    }

    deinit {
        let seeded = seededGenerator.load(ordering: .acquiring)
        if seeded != 0 { Unmanaged.passUnretained(Self.generator(at: seeded)).release() }
    }

    /// The info of the worker thread running the caller, or `nil` outside a worker (as in PyTorch's main process).
    public static var current: WorkerInfo? {
        guard let pointer = synapse_get_current_worker() else { return nil }
        return Unmanaged<WorkerInfo>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Makes `info` the current one of this thread for the duration of `body` (then the one before it again).
    static func withCurrent<R>(_ info: WorkerInfo, _ body: () -> R) -> R {
        withCurrent(slot: info.slot, body)
    }

    /// ``withCurrent(_:_:)`` for the ``slot`` of an info the caller keeps alive (no reference counting: a
    /// loader's loop thread runs this around every batch it reads in place).
    @inline(__always)
    static func withCurrent<R>(slot: UnsafeRawPointer, _ body: () -> R) -> R {
        let outer = synapse_get_current_worker()
        synapse_set_current_worker(slot)
        defer { synapse_set_current_worker(outer) }
        return body()
    }

    /// This info's address, unretained (``current`` hands out strong references).
    var slot: UnsafeRawPointer { UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque()) }
}
