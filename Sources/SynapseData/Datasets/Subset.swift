/// The samples of a dataset at given indices (`torch.utils.data.Subset`).
public struct Subset<Base: Dataset>: Dataset {
    /// The whole dataset.
    public let dataset: Base
    /// The indices of `dataset` this subset holds, in order.
    public let indices: [Int]

    /// The samples of `dataset` at `indices`.
    public init(_ dataset: Base, indices: [Int]) {
        self.dataset = dataset
        self.indices = indices
    }

    /// Number of indices.
    public var count: Int { indices.count }

    /// Sample `indices[index]` of the dataset.
    public subscript(index: Int) -> Base.Element { dataset[indices[normalizedIndex(index)]] }
}

/// Several datasets one after another (`torch.utils.data.ConcatDataset`).
public struct ConcatDataset<Base: Dataset>: Dataset {
    /// The datasets, in order.
    public let datasets: [Base]
    /// The running totals of their sizes (`cumulative_sizes`).
    public let cumulativeSizes: [Int]

    /// The concatenation of `datasets` (at least one, as PyTorch requires).
    public init(_ datasets: [Base]) {
        check(!datasets.isEmpty, "datasets should not be an empty iterable")
        self.datasets = datasets
        var total = 0
        cumulativeSizes = datasets.map { total += $0.count; return total }
    }

    /// The total number of samples.
    public var count: Int { cumulativeSizes.last ?? 0 }

    /// The sample at `index` of the concatenation.
    public subscript(index: Int) -> Base.Element {
        let index = normalizedIndex(index)
        let which = cumulativeSizes.firstIndex { index < $0 }!
        return datasets[which][which == 0 ? index : index - cumulativeSizes[which - 1]]
    }
}

/// Splits `dataset` into non-overlapping random subsets of the given `lengths`
/// (`torch.utils.data.random_split`): the same partition as PyTorch's for the same generator state, one
/// `randperm` of the total length cut in order.
public func randomSplit<Base: Dataset>(_ dataset: Base, lengths: [Int], generator: Generator? = nil) -> [Subset<Base>] {
    check(lengths.reduce(0, +) == dataset.count, "Sum of input lengths does not equal the length of the input dataset!")
    let permutation = Tensor.randperm(dataset.count, generator: generator).toArray(of: Int64.self).map(Int.init)
    var offset = 0
    return lengths.map { length in
        defer { offset += length }
        return Subset(dataset, indices: Array(permutation[offset ..< offset + length]))
    }
}

/// Splits `dataset` by `fractions` that sum to 1 (`random_split(dataset, [0.8, 0.2])`): each length is
/// `floor(count * fraction)`, and what remains is handed out one sample at a time from the first subset on, as
/// PyTorch does.
public func randomSplit<Base: Dataset>(_ dataset: Base, fractions: [Double], generator: Generator? = nil) -> [Subset<Base>] {
    check(abs(fractions.reduce(0, +) - 1) <= 1e-9 && fractions.allSatisfy { $0 >= 0 && $0 <= 1 },
          "Fractions must be between 0 and 1 and sum to 1, got \(fractions)")
    var lengths = fractions.map { Int((Double(dataset.count) * $0).rounded(.down)) }
    let remainder = dataset.count - lengths.reduce(0, +)
    for i in 0..<remainder { lengths[i % lengths.count] += 1 }
    return randomSplit(dataset, lengths: lengths, generator: generator)
}
