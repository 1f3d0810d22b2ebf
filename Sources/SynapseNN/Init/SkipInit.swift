/// Builds modules without initialising their parameters, as `torch.nn.utils.skip_init` does: inside `body`, every
/// ``Init`` function leaves its tensor as it is, so layers keep the uninitialised memory their parameters were
/// allocated with and draw no random numbers (the generator's state is unchanged).
///
/// For models whose weights come from a checkpoint right after: initialising 1 GB of weights only to throw them
/// away costs seconds, and with ``/SynapseNN/Module/loadStateDict(_:strict:assign:)``'s `assign` (or
/// `load(from:assign:mmap:)`) the large parameters of a skipped model are never written, so they never take
/// memory, and the load that replaces them with views of a mapped file takes a millisecond instead of the time
/// it takes to free the weights drawn for nothing.
///
/// ```swift
/// let model = skipInit { GPT2LMHeadModel(config) }
/// try model.load(from: url, assign: true, mmap: true)
/// ```
///
/// Fills that layers make without ``Init`` (a normalisation's running statistics, an embedding's padding row)
/// still run; they are small. Everything else about the modules is as usual.
public func skipInit<Result>(_ body: () throws -> Result) rethrows -> Result {
    try Init.$isSkipped.withValue(true, operation: body)
}

extension Init {
    /// Whether ``skipInit(_:)`` is building modules on this thread or task.
    @TaskLocal static var isSkipped = false
}
