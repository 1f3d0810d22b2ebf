import SynapseTensor

/// The given indices in a random order (`torch.utils.data.SubsetRandomSampler`): `indices[randperm(count)]`, the
/// permutation drawn from `generator` (the default generator when `nil`).
public struct SubsetRandomSampler: Sampler {
    /// The indices to shuffle.
    public let subset: [Int]
    /// The generator to draw from; `nil` means the default generator.
    public let generator: Generator?

    /// A sampler over `indices`.
    public init(_ indices: [Int], generator: Generator? = nil) {
        subset = indices
        self.generator = generator
    }

    /// The number of indices.
    public var count: Int { subset.count }

    /// A new epoch: one `randperm` of the indices.
    public func makeEpoch() -> SamplerEpoch { epoch(generator ?? Generator.default) }

    /// The epoch that started in `state`, on a private generator.
    public func resumeEpoch(from state: SamplerEpochState) -> SamplerEpoch {
        epoch(epochGenerator(generator, resuming: state))
    }

    private func epoch(_ source: Generator) -> SamplerEpoch {
        let state = SamplerEpochState(generatorState: source.state.torchBytes)
        return .over(randomPermutation(subset.count, source).map { subset[$0] }, state: state)
    }
}
