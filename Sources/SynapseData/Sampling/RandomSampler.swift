import SynapseTensor

/// Random indices (`torch.utils.data.RandomSampler`): a permutation of `0..<n` per epoch, or, with `replacement`,
/// `numSamples` independent draws; PyTorch's indices for the same seed.
///
/// Without a generator each epoch seeds a private `Generator` from one 64-bit draw of the default generator (what
/// PyTorch's `torch.empty((), dtype=torch.int64).random_()` draws). Without replacement an epoch is
/// `numSamples / n` permutations and the first `numSamples % n` indices of one more (always drawn); with replacement
/// it is `randint(0, n)` in chunks of 32.
public struct RandomSampler: Sampler {
    /// The size of the data set the indices are for.
    public let n: Int
    /// Whether an index can come up more than once in an epoch.
    public let replacement: Bool
    /// The number of indices per epoch (`n` unless given).
    public let numSamples: Int
    /// The generator to draw from; `nil` seeds a fresh one from the default generator each epoch.
    public let generator: Generator?

    /// A sampler over the indices of a data set of `n` samples.
    public init(n: Int, replacement: Bool = false, numSamples: Int? = nil, generator: Generator? = nil) {
        let numSamples = numSamples ?? n
        check(numSamples > 0, "num_samples should be a positive integer value, but got num_samples=\(numSamples)")
        check(n > 0, "RandomSampler needs a non-empty data source, found \(n) samples")
        self.n = n
        self.replacement = replacement
        self.numSamples = numSamples
        self.generator = generator
    }

    /// A sampler over the indices of `dataset`.
    public init(_ dataset: some Dataset, replacement: Bool = false, numSamples: Int? = nil, generator: Generator? = nil) {
        self.init(n: dataset.count, replacement: replacement, numSamples: numSamples, generator: generator)
    }

    /// `numSamples`.
    public var count: Int { numSamples }

    /// A new epoch, drawing what PyTorch draws.
    public func makeEpoch() -> SamplerEpoch {
        let source = generator ?? Generator(seed: Generator.default.random64() % (1 << 63))
        return epoch(source)
    }

    /// The epoch that started in `state`, on a private generator.
    public func resumeEpoch(from state: SamplerEpochState) -> SamplerEpoch {
        epoch(epochGenerator(generator, resuming: state))
    }

    private func epoch(_ source: Generator) -> SamplerEpoch {
        let state = SamplerEpochState(generatorState: source.state.torchBytes)
        let (n, numSamples, replacement) = (n, numSamples, replacement)
        // The chunks PyTorch's generator function draws one after another, each when the previous one runs out.
        let chunkSizes = replacement
            ? Array(repeating: 32, count: numSamples / 32) + [numSamples % 32]
            : Array(repeating: n, count: numSamples / n) + [numSamples % n]
        let draws = EpochDraws()
        return SamplerEpoch(state: state) {
            while draws.position == draws.buffer.count {
                guard draws.chunk < chunkSizes.count else { return nil }
                let size = chunkSizes[draws.chunk]
                draws.chunk += 1
                draws.buffer = replacement
                    ? Tensor.randint(0, n, [size], generator: source).toArray(of: Int64.self).map { Int($0) }
                    : Array(randomPermutation(n, source).prefix(size))
                draws.position = 0
            }
            draws.position += 1
            return draws.buffer[draws.position - 1]
        }
    }
}

/// Where a ``RandomSampler`` epoch is in its draws. Only the epoch's `next` touches it, one index at a time, so its
/// fields skip Swift's run-time exclusivity checks, which for variables captured by the closure took a quarter of
/// a shuffled digits epoch (thread-local bookkeeping on every index).
private final class EpochDraws {
    @exclusivity(unchecked) var chunk = 0
    @exclusivity(unchecked) var buffer: [Int] = []
    @exclusivity(unchecked) var position = 0
}
