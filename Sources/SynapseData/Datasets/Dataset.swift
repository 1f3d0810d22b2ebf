/// A collection of samples read by index (`torch.utils.data.Dataset`, map-style): ``count`` samples, each
/// returned by the subscript.
///
/// ```swift
/// struct Squares: Dataset {
///     var count: Int { 100 }
///     subscript(index: Int) -> (Double, Double) { (Double(index), Double(index * index)) }
/// }
/// ```
///
/// Datasets are `Sendable`: a ``DataLoader`` with worker threads reads samples from several threads at once.
public protocol Dataset<Element>: Sendable {
    /// What one sample is.
    associatedtype Element
    /// Number of samples (`len(dataset)`).
    var count: Int { get }
    /// The sample at `index`, `0 ..< count`.
    subscript(index: Int) -> Element { get }
}

/// A source of samples read in order, with no length known in advance (`torch.utils.data.IterableDataset`):
/// ``DataLoader`` batches what its iterator yields.
public protocol IterableDataset<Element>: Sequence, Sendable {}

extension Dataset {
    /// Stops with PyTorch's message when `index` is outside `-count ..< count`; returns it made non-negative.
    func normalizedIndex(_ index: Int) -> Int {
        check(index >= -count && index < count, "index \(index) is out of range for a dataset of \(count) samples")
        return index < 0 ? index + count : index
    }
}
