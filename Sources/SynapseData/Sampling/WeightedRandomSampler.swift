import SynapseTensor

/// Indices drawn with probabilities proportional to `weights` (`torch.utils.data.WeightedRandomSampler`): one
/// `torch.multinomial(weights, numSamples, replacement)` per epoch, in float64, PyTorch's indices for the same seed.
public struct WeightedRandomSampler: Sampler {
    /// The weight of each index (non-negative, finite, not all zero).
    public let weights: [Double]
    /// The number of indices per epoch.
    public let numSamples: Int
    /// Whether an index can come up more than once in an epoch.
    public let replacement: Bool
    /// The generator to draw from; `nil` means the default generator.
    public let generator: Generator?

    /// A sampler over `0..<weights.count`; without replacement `numSamples` can't exceed the number of weights
    /// (zero weights come last, as in PyTorch).
    public init(weights: [Double], numSamples: Int, replacement: Bool = true, generator: Generator? = nil) {
        check(numSamples > 0, "num_samples should be a positive integer value, but got num_samples=\(numSamples)")
        Multinomial.checkWeights(weights)
        check(replacement || numSamples <= weights.count,
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement")
        self.weights = weights
        self.numSamples = numSamples
        self.replacement = replacement
        self.generator = generator
    }

    /// `numSamples`.
    public var count: Int { numSamples }

    /// A new epoch: one multinomial draw of all its indices.
    public func makeEpoch() -> SamplerEpoch { epoch(generator ?? Generator.default) }

    /// The epoch that started in `state`, on a private generator.
    public func resumeEpoch(from state: SamplerEpochState) -> SamplerEpoch {
        epoch(epochGenerator(generator, resuming: state))
    }

    private func epoch(_ source: Generator) -> SamplerEpoch {
        let state = SamplerEpochState(generatorState: source.state.torchBytes)
        return .over(Multinomial.sample(weights, count: numSamples, replacement: replacement, generator: source),
            state: state)
    }
}
