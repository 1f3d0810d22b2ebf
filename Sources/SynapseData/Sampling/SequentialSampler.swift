import SynapseTensor

/// The indices `0..<count` in order (`torch.utils.data.SequentialSampler`), what ``DataLoader`` uses without
/// shuffling.
public struct SequentialSampler: Sampler {
    /// The number of indices.
    public let count: Int

    /// A sampler over `0..<count`.
    public init(count: Int) {
        check(count >= 0, "count must be non-negative, found \(count)")
        self.count = count
    }

    /// A sampler over the indices of `dataset`.
    public init(_ dataset: some Dataset) { self.init(count: dataset.count) }

    /// `0..<count`; draws nothing.
    public func makeEpoch() -> SamplerEpoch { .over(0..<count, state: SamplerEpochState(generatorState: nil)) }

    /// `0..<count` again.
    public func resumeEpoch(from state: SamplerEpochState) -> SamplerEpoch { makeEpoch() }
}
