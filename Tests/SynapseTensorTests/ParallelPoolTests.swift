import CSynapseKernels
import Foundation
import Testing
@testable import SynapseTensor

/// The worker pool behind ``Parallel/perform(iterations:_:)`` (`thread_pool.c`): every iteration runs exactly
/// once, loops nested in an iteration or started by several threads at once run (without the pool when it is
/// busy), and a busy pool says so instead of waiting. Named `…ConcurrencyTests` so `.ci/run` runs it under
/// ThreadSanitizer.
@Suite struct ParallelPoolConcurrencyTests {
    /// How many times each of `count` slots was written by `run`, which gets a function that bumps slot `i`.
    static func counts(_ count: Int, _ run: (_ bump: @Sendable (Int) -> Void) -> Void) -> [Int] {
        let slots = UnsafeMutablePointer<Int>.allocate(capacity: count)
        slots.initialize(repeating: 0, count: count)
        defer { slots.deallocate() }
        nonisolated(unsafe) let shared = slots
        run { shared[$0] += 1 }
        return Array(UnsafeBufferPointer(start: slots, count: count))
    }

    @Test("Every iteration runs exactly once", arguments: [1, 2, 3, 17, 1000])
    func everyIterationOnce(iterations: Int) {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        for threads in [1, 2, 3] {
            setNumThreads(threads)
            for _ in 0..<20 {
                let result = Self.counts(iterations) { bump in Parallel.perform(iterations: iterations) { bump($0) } }
                #expect(result == Array(repeating: 1, count: iterations), "\(threads) threads")
            }
        }
    }

    @Test("Loops nested in an iteration, and loops from several threads at once, all complete")
    func nestedAndConcurrent() {
        let nested = Self.counts(4 * 50) { bump in
            Parallel.perform(iterations: 4) { outer in
                Parallel.perform(iterations: 50) { inner in bump(outer * 50 + inner) }
            }
        }
        #expect(nested == Array(repeating: 1, count: 200))
        let concurrent = Self.counts(8 * 300) { bump in
            DispatchQueue.concurrentPerform(iterations: 8) { caller in
                for round in 0..<3 {
                    Parallel.perform(iterations: 100) { i in bump(caller * 300 + round * 100 + i) }
                }
            }
        }
        #expect(concurrent == Array(repeating: 1, count: 2400))
    }

    /// What a pool iteration saw when it tried to start a loop of its own.
    struct Probe {
        var innerStatus: Int32 = 99
    }

    @Test("A loop started inside one of the pool's iterations is refused (-1), not queued behind it")
    func busyPoolRefuses() {
        var probe = Probe()
        var outer: Int32 = -1
        // Other tests running in parallel hold the pool for their products: retry (for up to ~10 s) until this loop
        // gets it.
        for attempt in 0..<10_000 where outer != 0 {
            if attempt > 0 { usleep(1_000) }
            outer = withUnsafeMutablePointer(to: &probe) { pointer in
                synapse_pool_run(1, 2, { context, _ in
                    let probe = context!.assumingMemoryBound(to: Probe.self)
                    probe.pointee.innerStatus = synapse_pool_run(2, 2, { _, _ in }, nil)
                }, pointer)
            }
        }
        #expect(outer == 0)
        #expect(probe.innerStatus == -1)
        #expect(synapse_pool_run(0, 2, { _, _ in }, nil) == 0)
    }
}
