import CSynapseKernels

/// Sets how many threads Synapse's kernels split large work across (`torch.set_num_threads`): element-wise
/// operations, reductions, pooling, normalisations, attention, the built-in matrix product, and OpenBLAS's pool
/// when OpenBLAS is loaded. Small tensors always run on the calling thread. The default is one per core.
///
/// ```swift
/// setNumThreads(1)          // leave the other cores to the data loader
/// print(getNumThreads())    // 1
/// ```
public func setNumThreads(_ count: Int) {
    check(count > 0, "set_num_threads: expected a positive number of threads, got \(count)")
    synapse_atomic_store_relaxed(Parallel.threadCountCell, count)
    GEMM.setBLASThreadCount(count)
}

/// The number of threads kernels split large work across (`torch.get_num_threads`).
public func getNumThreads() -> Int { Parallel.threadCount }
