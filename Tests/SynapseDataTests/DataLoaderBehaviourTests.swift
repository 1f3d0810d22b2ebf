import Foundation
import SynapseData
import SynapseIO
import SynapseTensor
import Testing

/// Collation, workers and resuming mid-epoch. Every loader here has its own generator: one without draws its
/// `base_seed` from the default generator, which other tests running in parallel seed.
@Suite struct DataLoaderBehaviourTests {
    static let inputs = Tensor.arange(0, 46, dtype: .float32).reshape([23, 2])
    static let labels = Tensor.arange(100, 123, dtype: .int64)

    static func indicesOfEpoch(_ loader: DataLoader<TensorDataset, [Tensor]>) -> [[Int]] {
        loader.map { batch in batch[1].toArray(of: Int64.self).map { Int($0) - 100 } }
    }

    @Test func tensorDatasetBatchesAreTheRowsOfTheirIndices() {
        let loader = DataLoader(TensorDataset(Self.inputs, Self.labels), batchSize: 5, shuffle: true,
            generator: Generator(seed: 3))
        var seen: [Int] = []
        for batch in loader {
            let indices = batch[1].toArray(of: Int64.self).map { Int($0) - 100 }
            #expect(batch[0].shape == [indices.count, 2])
            #expect(batch[0].toArray(of: Float.self) == indices.flatMap { [Float(2 * $0), Float(2 * $0 + 1)] })
            seen += indices
        }
        #expect(seen.sorted() == Array(0..<23))
        #expect(loader.count == 5)
    }

    @Test func aTensorDatasetGathersWholeBatchesExactlyAsStackingTheSamples() throws {
        let images = Tensor.randn([23, 3, 2], generator: Generator(seed: 1))
        let data = TensorDataset(images, Self.labels)
        let gathered = DataLoader(data, batchSize: 4, shuffle: true, generator: Generator(seed: 9))
        let stacked = DataLoader(data, batchSize: 4, shuffle: true, generator: Generator(seed: 9)) { Array.collate($0) }
        let (fast, slow) = (Array(gathered), Array(stacked))
        #expect(fast.count == 6 && slow.count == 6)
        for (a, b) in zip(fast, slow) {
            #expect(a.count == 2 && a[0].shape == b[0].shape && a[0].equal(b[0]) && a[1].equal(b[1]))
            #expect(a[0].isContiguous && a[1].dtype == .int64)
        }
        #expect(data.stackedSamples(at: [])?.map(\.shape) == [[0, 3, 2], [0]])
        let subset = Subset(data, indices: [7, 3, 22, 3])
        let viaSubset = try #require(subset.stackedSamples(at: [3, 0, 2]))
        #expect(viaSubset[0].equal(Tensor.stack([images[3], images[7], images[22]])))
        let digits = try Digits(split: .test)
        let viaDigits = try #require(digits.stackedSamples(at: [4, 1]))
        #expect(viaDigits[0].equal(Tensor.stack([digits[4][0], digits[1][0]])) && viaDigits[1].equal(Tensor.stack([digits[4][1], digits[1][1]])))
    }

    @Test(arguments: [0, 2])
    func aRunKilledMidEpochResumesWithTheSameRemainingBatches(workers: Int) throws {
        for (replacement, dropLast) in [(false, false), (true, true)] {
            func makeLoader(_ seed: UInt64) -> DataLoader<TensorDataset, [Tensor]> {
                let generator = Generator(seed: seed)
                let sampler = RandomSampler(n: 23, replacement: replacement, numSamples: 40, generator: generator)
                return DataLoader(TensorDataset(Self.inputs, Self.labels), batchSize: 3, sampler: sampler,
                    dropLast: dropLast, generator: generator, workers: workers)
            }
            let loader = makeLoader(5)
            _ = Self.indicesOfEpoch(loader)   // a first epoch moves the generator on
            let iterator = loader.makeIterator()
            var before: [[Int]] = []
            for _ in 0..<4 { before.append(iterator.next()![1].toArray(of: Int64.self).map { Int($0) - 100 }) }
            let saved = iterator.state.checkpointValue
            var rest: [[Int]] = []
            while let batch = iterator.next() { rest.append(batch[1].toArray(of: Int64.self).map { Int($0) - 100 }) }
            #expect(before.count + rest.count == loader.count)

            // A new process: another generator state entirely; only the checkpoint entry is known.
            let resumed = makeLoader(999).makeIterator(resumingFrom: try DataLoaderState(checkpointValue: saved))
            var resumedRest: [[Int]] = []
            while let batch = resumed.next() { resumedRest.append(batch[1].toArray(of: Int64.self).map { Int($0) - 100 }) }
            #expect(resumedRest == rest, "replacement \(replacement)")
            #expect(resumed.state.batchesYielded == loader.count)
        }
    }

    @Test func samplersReportAndRestoreTheirPositionInAnEpoch() {
        let samplers: [any Sampler] = [
            RandomSampler(n: 9, generator: Generator(seed: 1)),
            RandomSampler(n: 9, replacement: true, numSamples: 70, generator: Generator(seed: 2)),
            WeightedRandomSampler(weights: [1, 2, 3, 0.5], numSamples: 12, generator: Generator(seed: 3)),
            SubsetRandomSampler([5, 8, 13, 21], generator: Generator(seed: 4)),
            SequentialSampler(count: 6),
        ]
        for sampler in samplers {
            var epoch = sampler.makeEpoch()
            let head = (0..<3).compactMap { _ in epoch.next() }
            let (state, consumed) = (epoch.state, epoch.consumed)
            let rest = Array(epoch)
            #expect(head.count + rest.count == sampler.count && consumed == 3)
            #expect(Array(sampler.resumeEpoch(from: state, after: consumed)) == rest, "\(type(of: sampler))")
        }
    }

    @Test func malformedSamplerEntriesAreRefused() throws {
        #expect(throws: DataLoaderStateError.self) { try DataLoaderState(checkpointValue: .int(3)) }
        #expect(throws: DataLoaderStateError.self) {
            try DataLoaderState(checkpointValue: .dict(["base_seed": .int(1)]))
        }
        #expect(throws: DataLoaderStateError.self) {
            try DataLoaderState(checkpointValue: .dict([
                "base_seed": .int(1), "batches_yielded": .int(2), "generator_state": .tensor(Tensor.zeros([5056], dtype: .uint8)),
            ]))
        }
        let good = DataLoaderState(baseSeed: 4, sampler: SamplerEpochState(generatorState: Generator(seed: 1).state.torchBytes),
            batchesYielded: 2)
        #expect(try DataLoaderState(checkpointValue: good.checkpointValue) == good)
    }

    @Test func collationOfNumbersArraysDictionariesAndPairs() {
        #expect(Int.collate([1, 2, 3]).dtype == .int64)
        #expect(Double.collate([1.5, 2]).toArray(of: Double.self) == [1.5, 2])
        let dictionaries = [String: Float].collate([["a": 1, "b": 2], ["a": 3, "b": 4]])
        #expect(dictionaries["a"]?.toArray(of: Float.self) == [1, 3])
        #expect(dictionaries["b"]?.toArray(of: Float.self) == [2, 4])
        let (x, y) = Collate.pairs([(Tensor([1.0, 2.0] as [Float]), 7), (Tensor([3.0, 4.0] as [Float]), 8)])
        #expect(x.shape == [2, 2] && y.toArray(of: Int64.self) == [7, 8])
        struct Pairs: Dataset {
            var count: Int { 5 }
            subscript(index: Int) -> (Int, Double) { (index, Double(index) / 2) }
        }
        let loader = DataLoader(Pairs(), batchSize: 2, generator: Generator(), collate: Collate.pairs)
        #expect(loader.map { $0.1.toArray(of: Double.self) } == [[0, 0.5], [1, 1.5], [2]])
    }

    @Test func subsetsAndConcatenationsIndexLikePyTorch() {
        struct Range10: Dataset {
            let start: Int
            var count: Int { 10 }
            subscript(index: Int) -> Int { start + index }
        }
        let joined = ConcatDataset([Range10(start: 0), Range10(start: 100), Range10(start: 200)])
        #expect(joined.count == 30 && joined.cumulativeSizes == [10, 20, 30])
        #expect([0, 9, 10, 19, 20, 29].map { joined[$0] } == [0, 9, 100, 109, 200, 209])
        let subset = Subset(joined, indices: [29, 0, 15])
        #expect((0..<3).map { subset[$0] } == [209, 0, 105])
        let batches = BatchSampler(SequentialSampler(count: 10), batchSize: 4, dropLast: true)
        #expect(Array(batches.makeEpoch()) == [[0, 1, 2, 3], [4, 5, 6, 7]] && batches.count == 2)
    }

    @Test func anIterableDatasetIsBatchedInOrder() {
        struct Countdown: IterableDataset {
            func makeIterator() -> AnyIterator<Int> { AnyIterator(stride(from: 6, to: 0, by: -1).makeIterator()) }
        }
        let loader = IterableDataLoader(Countdown(), batchSize: 4, generator: Generator())
        #expect(loader.map { $0.toArray(of: Int64.self) } == [[6, 5, 4, 3], [2, 1]])
        #expect(IterableDataLoader(Countdown(), batchSize: 4, dropLast: true, generator: Generator()).map { $0.numel } == [4])
    }
}

/// Worker threads (run under ThreadSanitizer by `.ci/run`, which runs every suite named `…ConcurrencyTests`).
@Suite struct DataLoaderWorkerConcurrencyTests {
    static let inputs = DataLoaderBehaviourTests.inputs
    static let labels = DataLoaderBehaviourTests.labels

    /// Samples of `base` that each take `delay` microseconds to read: batches worth handing to worker threads.
    struct Slow<Base: Dataset>: Dataset {
        let base: Base
        var delay: UInt32 = 100
        var count: Int { base.count }
        subscript(index: Int) -> Base.Element {
            usleep(delay)
            return base[index]
        }
    }

    /// The first tensor of every batch of three epochs.
    static func threeEpochs<L: Sequence>(_ loader: L) -> [[[Float]]] where L.Element == [Tensor] {
        (0..<3).map { _ in loader.map { $0[0].toArray(of: Float.self) } }
    }

    /// Cheap batches (read by the caller) and slow ones (worth waking the worker threads for) alike.
    @Test(arguments: [false, true])
    func workerThreadsGiveTheBatchesOfZero(slowSamples: Bool) {
        let data = TensorDataset(Self.inputs, Self.labels)
        let expected = Self.threeEpochs(DataLoader(data, batchSize: 4, shuffle: true, generator: Generator(seed: 11)))
        for workers in [1, 2, 3] {
            let found = slowSamples
                ? Self.threeEpochs(DataLoader(Slow(base: data), batchSize: 4, shuffle: true,
                    generator: Generator(seed: 11), workers: workers, prefetchFactor: 2))
                : Self.threeEpochs(DataLoader(data, batchSize: 4, shuffle: true,
                    generator: Generator(seed: 11), workers: workers, prefetchFactor: 2))
            #expect(found == expected, "\(workers) workers")
        }
    }

    /// A data set drawing from its worker's generator gets the numbers PyTorch's workers draw, epoch after epoch.
    @Test func workersDrawWhatPyTorchsWorkersDraw() {
        struct Expected: Decodable { let seed: UInt64; let batch: Int; let workers: Int; let epochs: [[[Double]]] }
        struct Noisy: Dataset {
            var count: Int { 14 }
            subscript(index: Int) -> Tensor {
                guard let worker = WorkerInfo.current else { preconditionFailure("read outside a worker thread") }
                usleep(100)  // worth handing to the worker threads
                return Tensor.rand([2], generator: worker.generator)
            }
        }
        let expected = DataFixtures.decode(Expected.self, "worker_draws.json")
        let loader = DataLoader(Noisy(), batchSize: expected.batch, generator: Generator(seed: expected.seed),
            workers: expected.workers)
        for epoch in expected.epochs {
            #expect(loader.map { $0.toArray(of: Float.self) } == epoch.map { $0.map { Float($0) } })
        }
        #expect(WorkerInfo.current == nil)
    }

    @Test func anIteratorDroppedMidEpochStopsItsWorkers() {
        let loader = DataLoader(Slow(base: TensorDataset(Self.inputs, Self.labels)), batchSize: 2,
                                generator: Generator(), workers: 2)
        for _ in 0..<20 {
            let iterator = loader.makeIterator()
            // Two slow batches start the threads, which read ahead; the iterator then goes.
            let labels = (0..<3).map { _ in iterator.next()?[1].toArray(of: Int64.self) }
            #expect(labels == [[100, 101], [102, 103], [104, 105]])
        }
    }
}

/// A resumable checkpoint written to a `.pt` file and read back: the `"sampler"` entry continues the epoch.
@Suite struct ResumableCheckpointTests {
    @Test func theSamplerEntrySurvivesAPtFile() throws {
        let data = TensorDataset(Tensor.arange(0, 50, dtype: .int64))
        let makeLoader = { (seed: UInt64) in DataLoader(data, batchSize: 4, shuffle: true, generator: Generator(seed: seed)) }
        let iterator = makeLoader(8).makeIterator()
        for _ in 0..<5 { _ = iterator.next() }
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("synapse-data-\(UInt32.random(in: 0...UInt32.max)).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        let generatorState = Generator(seed: 8).getState()
        try save(.dict(["sampler": iterator.state.checkpointValue, "rng_state": .tensor(generatorState)]), to: url)
        guard case .dict(let loaded) = try load(from: url), let sampler = loaded["sampler"],
              case .tensor(let rngState)? = loaded["rng_state"] else {
            Issue.record("the checkpoint did not read back as a dictionary with 'sampler' and 'rng_state'")
            return
        }
        #expect(rngState.toArray(of: UInt8.self) == generatorState.toArray(of: UInt8.self))
        let resumed = makeLoader(1).makeIterator(resumingFrom: try DataLoaderState(checkpointValue: sampler))
        var rest: [[Int64]] = [], expected: [[Int64]] = []
        while let batch = iterator.next() { expected.append(batch[0].toArray(of: Int64.self)) }
        while let batch = resumed.next() { rest.append(batch[0].toArray(of: Int64.self)) }
        #expect(rest == expected && rest.count == 13 - 5)
    }
}
