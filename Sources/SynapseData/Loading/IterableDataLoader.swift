import SynapseTensor

/// Batches of an ``IterableDataset``, in the order its iterator yields them (`DataLoader(iterable_dataset)` with
/// no workers). Like PyTorch, each epoch first draws a 64-bit `base_seed` from `generator` (the default generator
/// when `nil`), so the random numbers drawn afterwards stay in step.
public struct IterableDataLoader<D: IterableDataset, Batch>: Sequence, Sendable {
    /// The data set.
    public let dataset: D
    /// Samples per batch.
    public let batchSize: Int
    /// Whether a last, incomplete batch is dropped.
    public let dropLast: Bool
    /// The generator `base_seed` is drawn from; `nil` means the default generator.
    public let generator: SynapseTensor.Generator?
    let collate: @Sendable ([D.Element]) -> Batch

    /// A loader over `dataset` that collates with `collate`.
    public init(
        _ dataset: D, batchSize: Int = 1, dropLast: Bool = false, generator: SynapseTensor.Generator? = nil,
        collate: @escaping @Sendable ([D.Element]) -> Batch
    ) {
        check(batchSize > 0, "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.dropLast = dropLast
        self.generator = generator
        self.collate = collate
    }

    /// The batches of one pass over the data set.
    public func makeIterator() -> AnyIterator<Batch> {
        _ = (generator ?? SynapseTensor.Generator.default).random64()
        let (samples, size, dropLast, collate) = (dataset.makeIterator(), batchSize, dropLast, collate)
        return AnyIterator {
            var batch: [D.Element] = []
            while batch.count < size, let sample = samples.next() { batch.append(sample) }
            if batch.isEmpty || (dropLast && batch.count < size) { return nil }
            return collate(batch)
        }
    }
}

extension IterableDataLoader where D.Element: Collatable, Batch == D.Element.Batch {
    /// A loader that collates with ``Collatable``.
    public init(_ dataset: D, batchSize: Int = 1, dropLast: Bool = false, generator: SynapseTensor.Generator? = nil) {
        self.init(dataset, batchSize: batchSize, dropLast: dropLast, generator: generator) { D.Element.collate($0) }
    }
}
