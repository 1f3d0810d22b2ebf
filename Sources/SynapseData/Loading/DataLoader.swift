import SynapseTensor

/// Batches of samples from a data set, in PyTorch's order (`torch.utils.data.DataLoader`).
///
/// Each pass (`for batch in loader`) is one epoch. It draws what PyTorch's `iter(loader)` draws, in the same
/// order: a 64-bit `base_seed` from `generator` (the default generator when `nil`), then the sampler's draws, so
/// that the same seed gives the same batches epoch after epoch, and the random numbers drawn afterwards stay in
/// step with PyTorch's. With `workers > 0`, batch `i` is read on behalf of worker `i % workers`, whose
/// ``WorkerInfo`` generator is seeded as PyTorch seeds that worker: on the loop's own thread while batches are
/// cheaper than handing them to a thread, and by worker threads reading up to `workers * prefetchFactor` batches
/// ahead once two timed batches in a row were not. When the loop asks for a batch its worker hasn't started yet, the
/// loop's thread reads it (as that worker), so workers never make an epoch slower than reading in place.
///
/// ```swift
/// manualSeed(0)
/// let loader = DataLoader(TensorDataset(x, y), batchSize: 32, shuffle: true)
/// for epoch in 0..<3 {
///     for batch in loader { let (inputs, labels) = (batch[0], batch[1]); … }
/// }
/// ```
public final class DataLoader<D: Dataset, Batch>: Sequence, Sendable {
    /// The data set the samples come from.
    public let dataset: D
    /// The batches of indices of an epoch.
    public let batchSampler: BatchSampler
    /// The generator `base_seed` (and a shuffling ``RandomSampler``) draw from; `nil` means the default generator.
    public let generator: SynapseTensor.Generator?
    /// The number of worker threads; 0 reads every batch on the caller's thread when it is asked for.
    public let workers: Int
    /// How many batches each worker may have read ahead.
    public let prefetchFactor: Int
    let collate: @Sendable ([D.Element]) -> Batch
    /// Whether `collate` is the default stacking, so that a data set's ``Dataset/stackedSamples(at:)`` can stand in.
    let collatesByDefault: Bool

    /// A loader over `dataset`.
    /// - Parameters:
    ///   - batchSize: samples per batch.
    ///   - shuffle: a ``RandomSampler`` with `generator` instead of the data set's order.
    ///   - sampler: the order of the indices; can't be combined with `shuffle`.
    ///   - dropLast: drop a last batch with fewer than `batchSize` samples.
    ///   - generator: the generator for `base_seed` and shuffling.
    ///   - workers: worker threads (`num_workers`).
    ///   - prefetchFactor: batches read ahead per worker.
    ///   - collate: makes a batch from samples.
    public convenience init(
        _ dataset: D, batchSize: Int = 1, shuffle: Bool = false, sampler: (any Sampler)? = nil,
        dropLast: Bool = false, generator: SynapseTensor.Generator? = nil, workers: Int = 0, prefetchFactor: Int = 2,
        collate: @escaping @Sendable ([D.Element]) -> Batch
    ) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, sampler: sampler, dropLast: dropLast,
            generator: generator, workers: workers, prefetchFactor: prefetchFactor, collate: collate,
            collatesByDefault: false)
    }

    /// The public initialiser's work; `collatesByDefault` lets ``fetch(_:)`` ask the data set for whole batches.
    convenience init(
        _ dataset: D, batchSize: Int, shuffle: Bool, sampler: (any Sampler)?, dropLast: Bool,
        generator: SynapseTensor.Generator?, workers: Int, prefetchFactor: Int,
        collate: @escaping @Sendable ([D.Element]) -> Batch, collatesByDefault: Bool
    ) {
        check(!(shuffle && sampler != nil), "sampler option is mutually exclusive with shuffle")
        let order = sampler ?? (shuffle
            ? RandomSampler(n: dataset.count, generator: generator) as any Sampler
            : SequentialSampler(count: dataset.count))
        self.init(dataset, batchSampler: BatchSampler(order, batchSize: batchSize, dropLast: dropLast),
            generator: generator, workers: workers, prefetchFactor: prefetchFactor, collate: collate,
            collatesByDefault: collatesByDefault)
    }

    /// A loader whose index batches come from `batchSampler` (`DataLoader(dataset, batch_sampler=…)`).
    public convenience init(
        _ dataset: D, batchSampler: BatchSampler, generator: SynapseTensor.Generator? = nil, workers: Int = 0,
        prefetchFactor: Int = 2, collate: @escaping @Sendable ([D.Element]) -> Batch
    ) {
        self.init(dataset, batchSampler: batchSampler, generator: generator, workers: workers,
                  prefetchFactor: prefetchFactor, collate: collate, collatesByDefault: false)
    }

    init(
        _ dataset: D, batchSampler: BatchSampler, generator: SynapseTensor.Generator?, workers: Int,
        prefetchFactor: Int, collate: @escaping @Sendable ([D.Element]) -> Batch, collatesByDefault: Bool
    ) {
        check(workers >= 0, "num_workers option should be non-negative, found \(workers)")
        check(prefetchFactor > 0, "prefetch_factor option should be positive, found \(prefetchFactor)")
        self.dataset = dataset
        self.batchSampler = batchSampler
        self.generator = generator
        self.workers = workers
        self.prefetchFactor = prefetchFactor
        self.collate = collate
        self.collatesByDefault = collatesByDefault
    }

    /// The number of batches in an epoch (`len(loader)`).
    public var count: Int { batchSampler.count }

    /// Starts an epoch.
    public func makeIterator() -> DataLoaderIterator<D, Batch> { DataLoaderIterator(self, resuming: nil) }

    /// Continues an epoch from a ``DataLoaderIterator/state`` saved mid-epoch: the batches not yet yielded then
    /// come next, the same ones; no generator is drawn from or rewound.
    public func makeIterator(resumingFrom state: DataLoaderState) -> DataLoaderIterator<D, Batch> {
        DataLoaderIterator(self, resuming: state)
    }

    /// The batch of the samples at `indices`.
    func fetch(_ indices: [Int]) -> Batch {
        // A data set's stacked batch is a sample of the same type (a `TensorDataset`'s rows), and the default
        // collation of such samples has that type too; the cast only states that.
        if collatesByDefault, let stacked = dataset.stackedSamples(at: indices), let batch = stacked as? Batch {
            return batch
        }
        return collate(indices.map { dataset[$0] })
    }
}

extension DataLoader where D.Element: Collatable, Batch == D.Element.Batch {
    /// A loader that collates with ``Collatable`` (PyTorch's `default_collate`); see
    /// ``init(_:batchSize:shuffle:sampler:dropLast:generator:workers:prefetchFactor:collate:)``.
    public convenience init(
        _ dataset: D, batchSize: Int = 1, shuffle: Bool = false, sampler: (any Sampler)? = nil,
        dropLast: Bool = false, generator: SynapseTensor.Generator? = nil, workers: Int = 0, prefetchFactor: Int = 2
    ) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, sampler: sampler, dropLast: dropLast,
            generator: generator, workers: workers, prefetchFactor: prefetchFactor, collate: { D.Element.collate($0) },
            collatesByDefault: true)
    }
}

/// One epoch of a ``DataLoader``: yields its batches in order and can report where it is (``state``).
public final class DataLoaderIterator<D: Dataset, Batch>: IteratorProtocol {
    // The epoch's state skips run-time exclusivity checks: an iterator isn't `Sendable`, only its own methods
    // touch these fields and none calls out while modifying one, and the checks cost as much as the rest of the
    // bookkeeping of a cheap batch.
    private let loader: DataLoader<D, Batch>
    @exclusivity(unchecked) private var batches: BatchEpoch
    private let baseSeed: UInt64
    @exclusivity(unchecked) private var yielded: Int
    /// The loader's workers (none without `workers`); batch `i` is read as worker `i % workers`.
    private let workerInfos: [WorkerInfo]
    /// Their ``WorkerInfo/slot``s, which `workerInfos` keeps alive.
    private let workerSlots: [UnsafeRawPointer]
    /// Decides when reading batches in place should give way to worker threads (tests substitute their own).
    @exclusivity(unchecked) var launchPolicy = WorkerLaunchPolicy()
    /// Runs a worker's loop on a thread (tests substitute their own).
    var launchWorker: (@escaping @Sendable () -> Void) -> Void = ParkedThreads.shared.run
    /// The worker threads, once ``launchPolicy`` started them.
    @exclusivity(unchecked) private var pool: WorkerPool<Batch>?
    @exclusivity(unchecked) private var submitted = 0
    @exclusivity(unchecked) private var exhausted = false

    init(_ loader: DataLoader<D, Batch>, resuming: DataLoaderState?) {
        self.loader = loader
        if let resuming {
            baseSeed = resuming.baseSeed
            batches = loader.batchSampler.batches(of: loader.batchSampler.sampler.resumeEpoch(from: resuming.sampler))
            var skipped = 0
            while skipped < resuming.batchesYielded, batches.next() != nil { skipped += 1 }
            yielded = skipped
        } else {
            // PyTorch's `_BaseDataLoaderIter.__init__`: torch.empty((), dtype=torch.int64).random_(generator=…).
            baseSeed = (loader.generator ?? SynapseTensor.Generator.default).random64() % (1 << 63)
            batches = loader.batchSampler.makeEpoch()
            yielded = 0
        }
        workerInfos = (0..<loader.workers).map { [baseSeed] in
            WorkerInfo(id: $0, count: loader.workers, baseSeed: baseSeed)
        }
        workerSlots = workerInfos.map(\.slot)
    }

    deinit { pool?.shutdown() }

    /// The seed PyTorch hands its workers (`base_seed`), drawn when the epoch started.
    public var workerBaseSeed: UInt64 { baseSeed }

    /// Where the epoch is: its start (base seed and the sampler's generator state) and the number of batches
    /// yielded so far. ``DataLoader/makeIterator(resumingFrom:)`` continues from it.
    public var state: DataLoaderState {
        DataLoaderState(baseSeed: baseSeed, sampler: batches.indices.state, batchesYielded: yielded)
    }

    /// Whether worker threads read the batches now (tests).
    var workersStarted: Bool { pool != nil }

    /// The next batch, or `nil` at the end of the epoch.
    public func next() -> Batch? {
        if let pool {
            guard yielded < submitted else { return nil }
            let batch = pool.take(yielded)
            yielded += 1
            submitNext()
            return batch
        }
        guard let indices = batches.next() else { return nil }
        defer { yielded += 1 }
        guard !workerSlots.isEmpty else { return loader.fetch(indices) }
        let start = launchPolicy.batchStarts()
        let batch = WorkerInfo.withCurrent(slot: workerSlots[yielded % workerSlots.count]) { loader.fetch(indices) }
        if launchPolicy.finished(startedAt: start) { startWorkers(from: yielded + 1) }
        return batch
    }

    /// Hands the batches from number `first` on to worker threads, `workers * prefetchFactor` of them at a time.
    private func startWorkers(from first: Int) {
        pool = WorkerPool(infos: workerInfos, launch: launchWorker) { [loader] indices in loader.fetch(indices) }
        submitted = first
        for _ in 0..<(loader.workers * loader.prefetchFactor) { submitNext() }
    }

    private func submitNext() {
        guard !exhausted else { return }
        guard let indices = batches.next() else {
            exhausted = true
            return
        }
        pool?.submit(submitted, indices)
        submitted += 1
    }
}
