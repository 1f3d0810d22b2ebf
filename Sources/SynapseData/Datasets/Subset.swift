import SynapseTensor

/// The samples of `base` at the given indices, in that order (`torch.utils.data.Subset`); `randomSplit(_:lengths:generator:)`
/// returns these.
public struct Subset<Base: Dataset>: Dataset {
    /// The data set the samples come from.
    public let base: Base
    /// Indices into `base`.
    public let indices: [Int]

    /// The samples of `base` at `indices`; each must be in `0..<base.count`.
    public init(_ base: Base, indices: [Int]) {
        for index in indices {
            check(index >= 0 && index < base.count,
                "Subset index \(index) is out of range for a dataset of \(base.count) samples")
        }
        self.base = base
        self.indices = indices
    }

    /// The number of indices.
    public var count: Int { indices.count }

    /// Sample `indices[index]` of the base.
    public subscript(index: Int) -> Base.Element { base[indices[checkedIndex(index)]] }

    /// The base's stacked batch of `indices[i]` for each `i` of `positions`, when the base can stack batches.
    public func stackedSamples(at positions: [Int]) -> Base.Element? {
        base.stackedSamples(at: positions.map { indices[checkedIndex($0)] })
    }
}
