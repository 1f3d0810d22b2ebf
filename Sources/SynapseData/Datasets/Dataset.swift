import SynapseTensor

/// A map-style data set (`torch.utils.data.Dataset`): a fixed number of samples, each reachable by its index.
///
/// Conform a type with `count` and a subscript; ``DataLoader`` samples indices, reads the samples (on worker
/// threads when asked, hence `Sendable`) and collates them into batches.
///
/// ```swift
/// struct Squares: Dataset {
///     var count: Int { 100 }
///     subscript(index: Int) -> Double { Double(index * index) }
/// }
/// ```
public protocol Dataset<Element>: Sendable {
    /// One sample.
    associatedtype Element
    /// The number of samples (`len(dataset)`).
    var count: Int { get }
    /// The sample at `index`, in `0..<count`.
    subscript(index: Int) -> Element { get }
    /// The samples at `indices` already stacked into one batch, as the default collation would stack them, when
    /// the data set can read them at once faster than one by one (what PyTorch's `__getitems__` is for); `nil`
    /// (the default) when it can't. ``DataLoader`` asks only when it collates by default.
    func stackedSamples(at indices: [Int]) -> Element?
}

extension Dataset {
    /// No batched read: ``DataLoader`` reads the samples one by one.
    public func stackedSamples(at indices: [Int]) -> Element? { nil }
}

/// An iterable data set (`torch.utils.data.IterableDataset`): a stream of samples with no random access, read in
/// order by ``IterableDataLoader``.
public protocol IterableDataset<Element>: Sendable {
    /// One sample.
    associatedtype Element
    /// A fresh pass over the samples (one epoch).
    func makeIterator() -> AnyIterator<Element>
}

extension Dataset {
    /// Stops with PyTorch's wording when `index` is outside `0..<count`; returns it otherwise.
    func checkedIndex(_ index: Int) -> Int {
        check(index >= 0 && index < count, "index \(index) is out of range for a dataset of \(count) samples")
        return index
    }

    /// `indices`, each checked as ``checkedIndex(_:)`` checks it, as the int64 tensor that gathers those rows.
    func checkedRows(_ indices: [Int]) -> Tensor {
        Tensor(flat: indices.map { Int64(checkedIndex($0)) }, shape: [indices.count])
    }
}
