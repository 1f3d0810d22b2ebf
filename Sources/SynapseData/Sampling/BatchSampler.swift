import SynapseTensor

/// Groups the indices of a sampler into batches (`torch.utils.data.BatchSampler`): `batchSize` indices each, the
/// last one shorter unless `dropLast` drops it.
public struct BatchSampler: Sendable {
    /// The sampler whose indices are grouped.
    public let sampler: any Sampler
    /// The number of indices per batch.
    public let batchSize: Int
    /// Whether a last, incomplete batch is dropped.
    public let dropLast: Bool

    /// Batches of `batchSize` indices from `sampler`.
    public init(_ sampler: any Sampler, batchSize: Int, dropLast: Bool = false) {
        check(batchSize > 0, "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        self.sampler = sampler
        self.batchSize = batchSize
        self.dropLast = dropLast
    }

    /// The number of batches in an epoch (`len(batch_sampler)`).
    public var count: Int {
        dropLast ? sampler.count / batchSize : (sampler.count + batchSize - 1) / batchSize
    }

    /// The batches of one epoch of sampler indices; like PyTorch, asks the sampler for indices until it runs out,
    /// so an epoch's draws all happen even when the last batch is dropped.
    public func batches(of epoch: SamplerEpoch) -> BatchEpoch { BatchEpoch(indices: epoch, size: batchSize, dropLast: dropLast) }

    /// The batches of a new epoch.
    public func makeEpoch() -> BatchEpoch { batches(of: sampler.makeEpoch()) }
}

/// The index batches of one epoch of a ``BatchSampler``.
public struct BatchEpoch: Sequence, IteratorProtocol {
    /// The sampler epoch the indices come from (its ``SamplerEpoch/state`` replays it).
    public private(set) var indices: SamplerEpoch
    let size: Int
    let dropLast: Bool

    /// The next batch of indices, or `nil` at the end of the epoch.
    public mutating func next() -> [Int]? {
        var batch: [Int] = []
        batch.reserveCapacity(size)
        while batch.count < size, let index = indices.next() { batch.append(index) }
        if batch.isEmpty || (dropLast && batch.count < size) { return nil }
        return batch
    }
}
