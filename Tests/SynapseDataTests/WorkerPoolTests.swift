import Foundation
@testable import SynapseData
import SynapseTensor
import Testing

/// The caller reads the batches no worker has started, on the worker's behalf.
@Suite struct WorkerPoolCallerReadsTests {
    @Test func batchesNoWorkerStartedAreReadByTheCallerAsTheirWorker() {
        // Workers that never run: every batch must be read by the caller, as worker `i % 2`, in each worker's order.
        let infos = (0..<2).map { WorkerInfo(id: $0, count: 2, baseSeed: 40) }
        let pool = WorkerPool<[Float]>(infos: infos, launch: { _ in }) { indices in
            guard let worker = WorkerInfo.current else { return [] }
            return [Float(worker.id)] + indices.map(Float.init) + Tensor.rand([1], generator: worker.generator).toArray(of: Float.self)
        }
        for sequence in 0..<5 { pool.submit(sequence, [10 * sequence, 10 * sequence + 1]) }
        let found = (0..<5).map { pool.take($0) }
        let generators = [Generator(seed: 40), Generator(seed: 41)]
        let expected = (0..<5).map { sequence in
            [Float(sequence % 2), Float(10 * sequence), Float(10 * sequence + 1)]
                + Tensor.rand([1], generator: generators[sequence % 2]).toArray(of: Float.self)
        }
        #expect(found == expected)
        #expect(WorkerInfo.current == nil)
        pool.shutdown()
    }
}

/// A loader's worker threads start only when batches cost more than handing them over; until then the loop's
/// thread reads each batch as its worker.
@Suite struct WorkerLaunchTests {
    /// Samples that take `delay(index)` microseconds to read and draw one number from their worker's generator.
    struct Timed: Dataset {
        let delay: @Sendable (Int) -> UInt32
        var count: Int { 12 }
        subscript(index: Int) -> Tensor {
            usleep(delay(index))
            guard let worker = WorkerInfo.current else { return Tensor([-1 as Float]) }
            return Tensor.cat([Tensor([Float(worker.id)]), Tensor.rand([1], generator: worker.generator)])
        }
    }

    /// Reads an epoch of `Timed(delay)` in batches of two through two workers whose loops run where `launch` says
    /// (with ``handoffCost``); returns the batches, how many worker loops were launched and whether threads were
    /// started.
    static func epoch(delay: @escaping @Sendable (Int) -> UInt32,
                      launch: @escaping (@escaping @Sendable () -> Void) -> Void = { _ in })
        -> (batches: [[Float]], launches: Int, started: Bool, baseSeed: UInt64) {
        let count = Locked(0)
        let loader = DataLoader(Timed(delay: delay), batchSize: 2, generator: Generator(seed: 3), workers: 2)
        let iterator = loader.makeIterator()
        iterator.launchPolicy.handoffCost = handoffCost
        iterator.launchWorker = { job in
            count.withLock { $0 += 1 }
            launch(job)
        }
        var batches: [[Float]] = []
        while let batch = iterator.next() { batches.append(batch.toArray(of: Float.self)) }
        return (batches, count.withLock { $0 }, iterator.workersStarted, iterator.workerBaseSeed)
    }

    /// What worker `i % 2` draws for batch `i` (each sample: its worker's id, then one number from its generator).
    static func expectedBatches(baseSeed: UInt64) -> [[Float]] {
        let generators = [Generator(seed: baseSeed), Generator(seed: baseSeed + 1)]
        return (0..<6).map { batch in
            (0..<2).flatMap { _ in
                [Float(batch % 2)] + Tensor.rand([1], generator: generators[batch % 2]).toArray(of: Float.self)
            }
        }
    }

    /// A handoff cost no cheap batch reaches even on a busy machine, and a sample delay (µs) that exceeds it.
    static let handoffCost: UInt64 = 10_000_000
    static var slow: UInt32 { UInt32(handoffCost / 1_000) }

    @Test func cheapBatchesAreReadInPlaceAsTheirWorkers() {
        let epoch = Self.epoch(delay: { _ in 0 })
        #expect(epoch.launches == 0)
        #expect(!epoch.started)
        #expect(epoch.batches == Self.expectedBatches(baseSeed: epoch.baseSeed))
        #expect(WorkerInfo.current == nil)
    }

    @Test func oneSlowBatchAmongCheapOnesStartsNoThreads() {
        // Batch 3, the first one timed (one in four is), preempted, say; batch 4, timed after it, is cheap again.
        let epoch = Self.epoch(delay: { $0 == 6 ? Self.slow : 0 })
        #expect(epoch.launches == 0)
        #expect(epoch.batches == Self.expectedBatches(baseSeed: epoch.baseSeed))
    }

    @Test func twoSlowBatchesInARowStartThem() {
        // Batches 2… slow: batch 3 is timed, then batch 4, and the threads start. Workers that never run: after the
        // switch the loop's thread still reads every batch, as its worker.
        let epoch = Self.epoch(delay: { $0 >= 4 ? Self.slow : 0 })
        #expect(epoch.launches == 2)
        #expect(epoch.started)
        #expect(epoch.batches == Self.expectedBatches(baseSeed: epoch.baseSeed))
    }
}

/// The same switch with real threads (run under ThreadSanitizer by `.ci/run`).
@Suite struct WorkerLaunchConcurrencyTests {
    @Test func batchesStayTheirWorkersWhenThreadsTakeOverMidEpoch() {
        let epoch = WorkerLaunchTests.epoch(delay: { $0 >= 2 ? WorkerLaunchTests.slow : 0 },
                                            launch: ParkedThreads.shared.run)
        #expect(epoch.launches == 2)
        #expect(epoch.batches == WorkerLaunchTests.expectedBatches(baseSeed: epoch.baseSeed))
    }
}
