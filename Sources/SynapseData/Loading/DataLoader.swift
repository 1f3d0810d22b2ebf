import SynapseTensor

/// Batches of a dataset's samples, in the order PyTorch's `torch.utils.data.DataLoader` gives them.
///
/// ```swift
/// manualSeed(0)
/// let loader = DataLoader(TensorDataset(features, labels), batchSize: 32, shuffle: true)
/// for epoch in 0..<3 {
///     for batch in loader { let (x, y) = (batch[0], batch[1]); … }
/// }
/// ```
///
/// **Same seed, same batches.** Each epoch starts as PyTorch's does: one `int64` draw from `generator` (or the
/// default generator) for the workers' base seed, then the sampler's own draws at the first batch (a shuffling
/// `RandomSampler` without a generator seeds a fresh one from the default generator), so for the same
/// `manualSeed` the indices of every batch equal PyTorch's, epoch after epoch.
///
/// **Workers** are threads: with `workers > 0`, up to `workers × prefetchFactor` batches are loaded and collated
/// ahead on other threads while the caller trains; batches still come in sampler order.
///
/// **Resuming**: every iterator knows its ``Position`` (the generator's state when the epoch began and how many
/// batches were taken); ``makeIterator(resumingAt:)`` continues an interrupted epoch with the same remaining
/// batches, without loading the skipped ones.
public final class DataLoader<Data: Dataset, Batch>: Sequence {
    /// The samples.
    public let dataset: Data
    /// Samples per batch.
    public let batchSize: Int
    /// Whether the last, smaller batch of an epoch is left out.
    public let dropLast: Bool
    /// The order of the samples.
    public let sampler: any Sampler
    /// The generator of the epoch's base-seed draw and, when shuffling, of the permutation; `nil` means the default.
    public let generator: SynapseTensor.Generator?
    /// Threads loading batches ahead (0: batches are loaded on the caller's thread).
    public let workers: Int
    /// Batches each worker loads ahead.
    public let prefetchFactor: Int
    /// Turns a batch's samples into the batch.
    let collate: @Sendable ([Data.Element]) -> Batch

    /// A loader of `dataset` in batches of `batchSize`, shuffled per epoch when `shuffle` (a ``RandomSampler``
    /// drawing from `generator`), or in the order of `sampler`; `collate` builds each batch.
    public init(_ dataset: Data, batchSize: Int = 1, shuffle: Bool = false, sampler: (any Sampler)? = nil,
                dropLast: Bool = false, generator: SynapseTensor.Generator? = nil, workers: Int = 0, prefetchFactor: Int = 2,
                collate: @escaping @Sendable ([Data.Element]) -> Batch) {
        check(batchSize > 0, "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        check(!(shuffle && sampler != nil), "sampler option is mutually exclusive with shuffle")
        check(workers >= 0, "num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        check(prefetchFactor > 0, "prefetch_factor option should be positive, got \(prefetchFactor)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.dropLast = dropLast
        self.sampler = sampler ?? (shuffle ? RandomSampler(dataset, generator: generator) : SequentialSampler(dataset))
        self.generator = generator
        self.workers = workers
        self.prefetchFactor = prefetchFactor
        self.collate = collate
    }

    /// Number of batches per epoch (`len(loader)`).
    public var count: Int { BatchSampler(sampler, batchSize: batchSize, dropLast: dropLast).count }

    /// Where an epoch stands: enough to continue it with the same remaining batches.
    public struct Position: Sendable {
        /// The state of the loader's generator (the default generator when it has none) when the epoch began, in
        /// PyTorch's layout (save it with the checkpoint).
        public let generatorState: Tensor
        /// Batches taken so far in the epoch.
        public let batchesDone: Int

        /// A position from saved values.
        public init(generatorState: Tensor, batchesDone: Int) {
            self.generatorState = generatorState
            self.batchesDone = batchesDone
        }
    }

    /// A new epoch.
    public func makeIterator() -> Iterator { Iterator(self, skipping: 0) }

    /// Continues the epoch `position` describes: the generator is set back to the epoch's start, the first
    /// `batchesDone` batches are drawn but not loaded, and the next batch is the one the interrupted epoch would
    /// have given next. Restore your own random state (``SynapseTensor/setRNGState(_:)``) after this call.
    public func makeIterator(resumingAt position: Position) throws(RNGStateError) -> Iterator {
        try (generator ?? SynapseTensor.Generator.default).setState(position.generatorState)
        return Iterator(self, skipping: position.batchesDone)
    }

    /// One epoch of batches.
    public final class Iterator: IteratorProtocol {
        private let loader: DataLoader
        private var batches: AnyIterator<[Int]>
        private let epochStart: Tensor
        private var taken: Int
        private var submitted: Int
        private var exhausted = false
        private let pool: PrefetchingWorkers<Batch>?

        init(_ loader: DataLoader, skipping skipped: Int) {
            self.loader = loader
            epochStart = (loader.generator ?? SynapseTensor.Generator.default).getState()
            // `_BaseDataLoaderIter` draws the workers' base seed before anything else.
            _ = Tensor.empty([], dtype: .int64).random_(generator: loader.generator)
            batches = BatchSampler(loader.sampler, batchSize: loader.batchSize, dropLast: loader.dropLast).makeIterator()
            var skippedCount = 0
            while skippedCount < skipped, batches.next() != nil { skippedCount += 1 }
            taken = skippedCount
            submitted = skippedCount
            let (dataset, collate) = (loader.dataset, loader.collate)
            pool = loader.workers > 0
                ? PrefetchingWorkers(threads: loader.workers) { indices in collate(indices.map { dataset[$0] }) }
                : nil
        }

        deinit { pool?.stop() }

        /// Where the epoch stands now.
        public var position: Position { Position(generatorState: epochStart, batchesDone: taken) }

        /// The next batch, or `nil` at the end of the epoch.
        public func next() -> Batch? {
            guard let pool else {
                guard let indices = batches.next() else { return nil }
                taken += 1
                return loader.collate(indices.map { loader.dataset[$0] })
            }
            while !exhausted && submitted - taken < loader.workers * loader.prefetchFactor {
                if let indices = batches.next() {
                    pool.submit(sequence: submitted, indices: indices)
                    submitted += 1
                } else {
                    exhausted = true
                }
            }
            guard taken < submitted else { return nil }
            defer { taken += 1 }
            return pool.take(sequence: taken)
        }
    }
}

extension DataLoader where Data.Element: Collatable, Batch == Data.Element.Batch {
    /// A loader batching samples with PyTorch's default collation (see ``Collatable``).
    public convenience init(_ dataset: Data, batchSize: Int = 1, shuffle: Bool = false, sampler: (any Sampler)? = nil,
                            dropLast: Bool = false, generator: SynapseTensor.Generator? = nil, workers: Int = 0, prefetchFactor: Int = 2) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, sampler: sampler, dropLast: dropLast,
                  generator: generator, workers: workers, prefetchFactor: prefetchFactor) { Data.Element.collate($0) }
    }
}

extension DataLoader {
    /// A loader of pair samples (`(image, label)`), each half batched with the default collation:
    /// `for (images, labels) in loader`.
    public convenience init<A: Collatable, B: Collatable>(
        _ dataset: Data, batchSize: Int = 1, shuffle: Bool = false, sampler: (any Sampler)? = nil,
        dropLast: Bool = false, generator: SynapseTensor.Generator? = nil, workers: Int = 0, prefetchFactor: Int = 2
    ) where Data.Element == (A, B), Batch == (A.Batch, B.Batch) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, sampler: sampler, dropLast: dropLast,
                  generator: generator, workers: workers, prefetchFactor: prefetchFactor) { samples in
            (A.collate(samples.map(\.0)), B.collate(samples.map(\.1)))
        }
    }
}
