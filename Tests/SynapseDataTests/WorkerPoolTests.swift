import Foundation
@testable import SynapseData
import SynapseTensor
import Testing

/// The caller reads the batches no worker has started, on the worker's behalf.
@Suite struct WorkerPoolCallerReadsTests {
    @Test func batchesNoWorkerStartedAreReadByTheCallerAsTheirWorker() {
        // Workers that never run: every batch must be read by the caller, as worker `i % 2`, in each worker's order.
        let pool = WorkerPool<[Float]>(threads: 2, baseSeed: 40, eager: true, launch: { _ in }) { indices in
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

/// Worker threads start only when batches cost more than handing them over.
@Suite struct WorkerPoolLaunchTests {
    /// Runs `batches` batches of `work` through a two-worker pool and returns how many worker loops it launched.
    static func launches(batches: Int, work: @escaping @Sendable ([Int]) -> Int) -> Int {
        let count = Locked(0)
        let pool = WorkerPool<Int>(threads: 2, baseSeed: 0, launch: { _ in count.withLock { $0 += 1 } }, work: work)
        for sequence in 0..<batches { pool.submit(sequence, [sequence]) }
        #expect((0..<batches).map { pool.take($0) } == Array(0..<batches))
        pool.shutdown()
        return count.withLock { $0 }
    }

    @Test func cheapBatchesNeverWakeTheWorkers() {
        #expect(Self.launches(batches: 8) { $0[0] } == 0)
    }

    @Test func oneSlowBatchAmongCheapOnesDoesNot() {
        let delay = UInt32(2 * WorkerPool<Int>.handoffCost / 1_000)
        #expect(Self.launches(batches: 6) { indices in
            if indices[0] == 2 { usleep(delay) }  // preempted, say
            return indices[0]
        } == 0)
    }

    @Test func batchesSlowerThanAHandoffWakeThem() {
        let delay = UInt32(2 * WorkerPool<Int>.handoffCost / 1_000)
        #expect(Self.launches(batches: 3) { indices in usleep(delay); return indices[0] } == 2)
    }
}
