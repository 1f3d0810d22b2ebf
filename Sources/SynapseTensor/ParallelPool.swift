import CSynapseKernels
import Dispatch

extension Parallel {
    /// Runs `body(i)` for every `i` in `0..<iterations` on up to ``threadCount`` threads (the calling one
    /// included) and returns when all are done: through the worker pool of `thread_pool.c`, whose threads wait
    /// for the next loop spinning for a moment as OpenMP's do (a GCD wake-up costs tens of µs, a third of a
    /// 150 µs softmax on two cores), or through GCD's `concurrentPerform` when the pool is busy with another
    /// thread's loop or this is a loop nested in one of its iterations.
    ///
    /// Iterations must be independent: any thread may run any of them, in any order.
    static func perform(iterations: Int, _ body: (Int) -> Void) {
        if iterations <= 1 {
            if iterations == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var job = PoolJob(body: body)
            let status = withUnsafeMutablePointer(to: &job) { job in
                synapse_pool_run(iterations, threadCount, { context, chunk in
                    context!.assumingMemoryBound(to: PoolJob.self).pointee.body(chunk)
                }, job)
            }
            if status != 0 {
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: iterations) { body($0) }
            }
        }
    }
}

/// The closure a pool loop runs, passed to C as its context.
private struct PoolJob {
    let body: (Int) -> Void
}
