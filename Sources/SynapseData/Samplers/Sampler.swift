import SynapseTensor

/// An order in which to read a dataset's samples (`torch.utils.data.Sampler`): each iteration is one epoch and may
/// draw new random numbers, when it starts, exactly as PyTorch's samplers draw them.
public protocol Sampler: Sequence<Int>, Sendable {
    /// Number of indices one epoch yields (`len(sampler)`).
    var count: Int { get }
}

/// An iterator that computes its indices in chunks, each on demand, so that random draws happen when PyTorch's
/// generator functions make them: at the first `next()`, not when the epoch's iterator is created.
public struct ChunkedIndexIterator: IteratorProtocol {
    private var nextChunk: () -> [Int]?
    private var buffer: [Int] = []
    private var position = 0

    /// An iterator over the concatenation of the chunks `nextChunk` returns until it returns `nil`.
    init(_ nextChunk: @escaping () -> [Int]?) { self.nextChunk = nextChunk }

    /// The next index.
    public mutating func next() -> Int? {
        while position == buffer.count {
            guard let chunk = nextChunk() else { return nil }
            buffer = chunk
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }
}

/// `0, 1, …, count - 1` (`torch.utils.data.SequentialSampler`).
public struct SequentialSampler: Sampler {
    /// Number of samples.
    public let count: Int

    /// The indices of a dataset of `count` samples, in order.
    public init(count: Int) { self.count = count }

    /// The indices of `dataset`, in order.
    public init<D: Dataset>(_ dataset: D) { count = dataset.count }

    /// `0 ..< count`.
    public func makeIterator() -> Range<Int>.Iterator { (0..<count).makeIterator() }
}

/// The indices at random (`torch.utils.data.RandomSampler`): a permutation per pass over the data, or draws with
/// replacement, from `generator`, or when it is `nil` from a fresh generator seeded with one draw of the default
/// generator at the start of each epoch, as PyTorch does.
public struct RandomSampler: Sampler {
    /// Size of the dataset.
    public let dataCount: Int
    /// Whether an index may come several times in an epoch.
    public let replacement: Bool
    /// Number of indices per epoch (`num_samples`; the dataset's size by default).
    public let count: Int
    /// Where the draws come from; `nil` means a generator seeded from the default one per epoch.
    public let generator: SynapseTensor.Generator?

    /// A sampler over `dataCount` samples.
    public init(count dataCount: Int, replacement: Bool = false, numSamples: Int? = nil, generator: SynapseTensor.Generator? = nil) {
        check(numSamples.map { $0 > 0 } ?? true, "num_samples should be a positive integer value, but got num_samples=\(numSamples ?? 0)")
        self.dataCount = dataCount
        self.replacement = replacement
        count = numSamples ?? dataCount
        self.generator = generator
    }

    /// A sampler over `dataset`'s samples.
    public init<D: Dataset>(_ dataset: D, replacement: Bool = false, numSamples: Int? = nil, generator: SynapseTensor.Generator? = nil) {
        self.init(count: dataset.count, replacement: replacement, numSamples: numSamples, generator: generator)
    }

    /// One epoch, drawn as PyTorch's generator draws it: `count / 32` chunks of 32 `randint`s then one of
    /// `count % 32` with replacement; otherwise `count / n` whole `randperm`s then one more, of which the first
    /// `count % n` are used (PyTorch draws that last permutation even when it uses none of it).
    public func makeIterator() -> ChunkedIndexIterator {
        let (n, total, replacement, given) = (dataCount, count, replacement, generator)
        let chunkSize = replacement ? 32 : n
        var engine: SynapseTensor.Generator?
        var step = 0
        return ChunkedIndexIterator {
            if engine == nil {
                engine = given ?? SynapseTensor.Generator(seed: UInt64(bitPattern: Tensor.empty([], dtype: .int64).random_().item(as: Int64.self)))
            }
            guard n > 0, step <= total / chunkSize else { return nil }
            let size = step < total / chunkSize ? chunkSize : total % chunkSize
            step += 1
            if replacement { return Tensor.randint(n, [size], generator: engine).toArray(of: Int64.self).map(Int.init) }
            return Array(Tensor.randperm(n, generator: engine).toArray(of: Int64.self).map(Int.init).prefix(size))
        }
    }
}

/// The given indices in random order (`torch.utils.data.SubsetRandomSampler`): one `randperm` per epoch from
/// `generator` (the default generator when `nil`).
public struct SubsetRandomSampler: Sampler {
    /// The indices to sample from.
    public let indices: [Int]
    /// Where the draws come from; `nil` means the default generator.
    public let generator: SynapseTensor.Generator?

    /// A sampler of `indices` in random order.
    public init(_ indices: [Int], generator: SynapseTensor.Generator? = nil) {
        self.indices = indices
        self.generator = generator
    }

    /// Number of indices.
    public var count: Int { indices.count }

    /// One permutation of the indices, drawn at the first `next()`.
    public func makeIterator() -> ChunkedIndexIterator {
        let (indices, generator) = (indices, generator)
        var done = false
        return ChunkedIndexIterator {
            guard !done else { return nil }
            done = true
            return Tensor.randperm(indices.count, generator: generator).toArray(of: Int64.self).map { indices[Int($0)] }
        }
    }
}

/// Indices drawn with the given weights (`torch.utils.data.WeightedRandomSampler`): one
/// ``SynapseTensor/Tensor/multinomial(_:replacement:generator:)`` of float64 weights per epoch.
public struct WeightedRandomSampler: Sampler {
    /// One non-negative weight per sample.
    public let weights: [Double]
    /// Number of indices per epoch.
    public let count: Int
    /// Whether an index may come several times.
    public let replacement: Bool
    /// Where the draws come from; `nil` means the default generator.
    public let generator: SynapseTensor.Generator?

    /// `numSamples` indices per epoch in proportion to `weights`.
    public init(_ weights: [Double], numSamples: Int, replacement: Bool = true, generator: SynapseTensor.Generator? = nil) {
        check(numSamples > 0, "num_samples should be a positive integer value, but got num_samples=\(numSamples)")
        check(replacement || numSamples <= weights.count, "cannot sample n_sample > prob_dist.size(-1) samples without replacement")
        self.weights = weights
        count = numSamples
        self.replacement = replacement
        self.generator = generator
    }

    /// One epoch's draws, made at the first `next()`.
    public func makeIterator() -> ChunkedIndexIterator {
        let (weights, count, replacement, generator) = (weights, count, replacement, generator)
        var done = false
        return ChunkedIndexIterator {
            guard !done else { return nil }
            done = true
            return Tensor(weights, dtype: .float64).multinomial(count, replacement: replacement, generator: generator)
                .toArray(of: Int64.self).map(Int.init)
        }
    }
}

/// Groups another sampler's indices into batches (`torch.utils.data.BatchSampler`).
public struct BatchSampler: Sequence, Sendable {
    /// The indices to group.
    public let sampler: any Sampler
    /// Indices per batch.
    public let batchSize: Int
    /// Whether a last, smaller batch is left out.
    public let dropLast: Bool

    /// Batches of `batchSize` of `sampler`'s indices.
    public init(_ sampler: any Sampler, batchSize: Int, dropLast: Bool) {
        check(batchSize > 0, "batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        self.sampler = sampler
        self.batchSize = batchSize
        self.dropLast = dropLast
    }

    /// Number of batches per epoch.
    public var count: Int { dropLast ? sampler.count / batchSize : (sampler.count + batchSize - 1) / batchSize }

    /// One epoch's batches.
    public func makeIterator() -> AnyIterator<[Int]> {
        var indices = sampler.makeIterator()
        let (batchSize, dropLast) = (batchSize, dropLast)
        return AnyIterator {
            var batch: [Int] = []
            batch.reserveCapacity(batchSize)
            while batch.count < batchSize, let index = indices.next() { batch.append(index) }
            if batch.isEmpty || (dropLast && batch.count < batchSize) { return nil }
            return batch
        }
    }
}
