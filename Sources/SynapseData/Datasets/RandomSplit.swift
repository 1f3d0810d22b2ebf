import SynapseTensor

/// Splits `dataset` into non-overlapping subsets of the given lengths (`torch.utils.data.random_split`): one
/// `randperm(sum)` from `generator` (the default generator when `nil`), cut in order. The same seed gives PyTorch's
/// partition.
///
/// ```swift
/// manualSeed(42)
/// let parts = randomSplit(data, lengths: [80, 20])     // torch.manual_seed(42); random_split(data, [80, 20])
/// ```
public func randomSplit<D: Dataset>(_ dataset: D, lengths: [Int], generator: Generator? = nil) -> [Subset<D>] {
    check(lengths.allSatisfy { $0 >= 0 }, "lengths must be non-negative, found \(lengths)")
    check(lengths.reduce(0) { $0 + $1 } == dataset.count,
        "Sum of input lengths does not equal the length of the input dataset! (expected \(dataset.count), found \(lengths.reduce(0) { $0 + $1 }))")
    let order = Tensor.randperm(dataset.count, generator: generator).toArray(of: Int64.self).map { Int($0) }
    var offset = 0
    return lengths.map { length in
        defer { offset += length }
        return Subset(dataset, indices: Array(order[offset..<(offset + length)]))
    }
}

/// Splits `dataset` by fractions that sum to 1 (`random_split(dataset, [0.8, 0.2])`): each part gets
/// `floor(count * fraction)` samples, and the remainder goes one by one to the parts in turn, as PyTorch does.
public func randomSplit<D: Dataset>(_ dataset: D, lengths fractions: [Double], generator: Generator? = nil) -> [Subset<D>] {
    let total = fractions.reduce(0.0) { $0 + $1 }
    check(abs(total - 1) <= 1e-9 && total <= 1, "fractions must sum to 1, found a sum of \(total)")
    for (index, fraction) in fractions.enumerated() {
        check(fraction >= 0 && fraction <= 1, "Fraction at index \(index) is not between 0 and 1")
    }
    var lengths = fractions.map { Int((Double(dataset.count) * $0).rounded(.down)) }
    let remainder = dataset.count - lengths.reduce(0) { $0 + $1 }
    for index in 0..<remainder { lengths[index % lengths.count] += 1 }
    return randomSplit(dataset, lengths: lengths, generator: generator)
}
