import Foundation
import Testing
@testable import SynapseData

/// The threads a data loader's epochs share: a job goes to a parked thread rather than a new one.
@Suite struct ParkedThreadsTests {
    /// Waits (up to 5 s) until `condition` holds.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<5_000 {
            if condition() { return true }
            usleep(1_000)
        }
        return condition()
    }

    @Test func aJobRunsOnAThreadAnEarlierJobLeftParked() throws {
        let threads = ParkedThreads()   // its own, so that other tests' loaders don't change the counts
        let done = JobCount()
        threads.run { done.increment() }
        #expect(Self.eventually { done.value == 1 && threads.parkedCount == 1 })
        threads.run { done.increment() }
        #expect(Self.eventually { done.value == 2 })
        // No new thread was started for the second job: one parked thread took it and parked again.
        #expect(Self.eventually { threads.parkedCount == 1 && threads.startedCount == 1 })
    }
}

/// A counter that jobs on other threads bump.
final class JobCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
