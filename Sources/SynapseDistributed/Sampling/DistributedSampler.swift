import SynapseData
import SynapseTensor

/// The share of a data set's indices one rank reads (`torch.utils.data.distributed.DistributedSampler`), with
/// PyTorch's exact partition: the same indices on the same rank for the same seed and epoch.
///
/// An epoch takes `randperm(n)` from a generator seeded with `seed + epoch` (or `0..<n` without shuffling), pads it
/// to a multiple of `numReplicas` by repeating its start (or, with `dropLast`, cuts it to one), and gives rank `r`
/// every `numReplicas`-th index from `r` (`indices[rank::num_replicas]`). Call ``setEpoch(_:)`` before each epoch so
/// that the ranks reshuffle together:
///
/// ```swift
/// let sampler = DistributedSampler(n: dataset.count, numReplicas: group.worldSize, rank: group.rank, seed: 0)
/// for epoch in 0..<10 {
///     sampler.setEpoch(epoch)
///     for index in sampler.indices() { … }
/// }
/// ```
///
/// The sampler is a class, so that a ``/SynapseData/DataLoader`` holding it sees ``setEpoch(_:)``.
public final class DistributedSampler: Sampler, @unchecked Sendable {
    /// The size of the data set.
    public let n: Int
    /// The number of ranks sharing the data set (the world size).
    public let numReplicas: Int
    /// The rank this sampler is for.
    public let rank: Int
    /// Whether each epoch is a new permutation.
    public let shuffle: Bool
    /// The seed every rank must share; epoch `e` draws from `seed + e`.
    public let seed: Int
    /// Whether the tail that doesn't divide evenly is dropped (otherwise the start is repeated).
    public let dropLast: Bool
    private let currentEpoch = Locked(0)

    /// A sampler for rank `rank` of `numReplicas` over `0..<n`.
    public init(n: Int, numReplicas: Int, rank: Int, shuffle: Bool = true, seed: Int = 0, dropLast: Bool = false) {
        check(n >= 0, "DistributedSampler needs a non-negative data set size, found \(n)")
        check(numReplicas > 0, "num_replicas should be a positive integer value, but got num_replicas=\(numReplicas)")
        check(rank >= 0 && rank < numReplicas,
              "Invalid rank \(rank), rank should be in the interval [0, \(numReplicas - 1)]")
        self.n = n
        self.numReplicas = numReplicas
        self.rank = rank
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
    }

    /// A sampler over `dataset` for this process's rank in `group`.
    public convenience init(
        _ dataset: some Dataset, group: ProcessGroup, shuffle: Bool = true, seed: Int = 0, dropLast: Bool = false
    ) {
        self.init(n: dataset.count, numReplicas: group.worldSize, rank: group.rank, shuffle: shuffle, seed: seed,
                  dropLast: dropLast)
    }

    /// The epoch the next ``makeEpoch()`` draws for (`sampler.epoch`).
    public var epoch: Int { currentEpoch.withLock { $0 } }

    /// Sets the epoch, which with ``seed`` decides the permutation (`sampler.set_epoch(epoch)`).
    public func setEpoch(_ epoch: Int) { currentEpoch.withLock { $0 = epoch } }

    /// The number of indices per rank (`len(sampler)`).
    public var count: Int {
        dropLast && n % numReplicas != 0 ? (n - numReplicas + numReplicas - 1) / numReplicas
            : (n + numReplicas - 1) / numReplicas
    }

    /// This rank's indices for the current epoch.
    public func makeEpoch() -> SamplerEpoch {
        var iterator = epochIndices(epoch).makeIterator()
        return SamplerEpoch(state: SamplerEpochState(generatorState: nil)) { iterator.next() }
    }

    /// The same as ``makeEpoch()``: an epoch is decided by ``seed`` and ``epoch``, not by a shared generator.
    public func resumeEpoch(from state: SamplerEpochState) -> SamplerEpoch { makeEpoch() }

    /// This rank's indices for `epoch`.
    func epochIndices(_ epoch: Int) -> [Int] {
        var indices: [Int]
        if shuffle {
            let generator = Generator().manualSeed(seed + epoch)
            indices = Tensor.randperm(n, generator: generator).toArray(of: Int64.self).map { Int($0) }
        } else {
            indices = Array(0..<n)
        }
        let totalSize = count * numReplicas
        if dropLast {
            indices = Array(indices.prefix(totalSize))
        } else if !indices.isEmpty {
            let padding = totalSize - indices.count
            let repeats = (padding + indices.count - 1) / indices.count
            indices += Array(Array(repeating: indices, count: repeats).joined().prefix(padding))
        }
        return Array(stride(from: rank, to: totalSize, by: numReplicas).map { indices[$0] })
    }
}
