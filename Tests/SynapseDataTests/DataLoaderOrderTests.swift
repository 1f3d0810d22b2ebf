import Testing
import SynapseData

extension DefaultGeneratorSuite {
    /// Same seed, same batches: every loader of the fixture gives torch's indices epoch after epoch, and leaves
    /// the default generator where torch leaves it.
    @Suite("DataLoader: PyTorch's batch order")
    struct DataLoaderOrderTests {
        func sampler(_ spec: LoadingFixture.SamplerSpec?, count: Int, generator: Generator?) -> (any Sampler)? {
            guard let spec else { return nil }
            switch spec.kind {
            case "random":
                return RandomSampler(count: count, replacement: spec.replacement ?? false, numSamples: spec.num_samples,
                                     generator: generator)
            case "subset": return SubsetRandomSampler(spec.indices ?? [], generator: generator)
            case "weighted":
                return WeightedRandomSampler(spec.weights ?? [], numSamples: spec.num_samples ?? 1,
                                             replacement: spec.replacement ?? true, generator: generator)
            default: return SequentialSampler(count: count)
            }
        }

        func epochs(_ case_: LoadingFixture.Loader, workers: Int) -> [[[Int]]] {
            manualSeed(case_.seed)
            let generator = case_.generator_seed.map { Generator(seed: UInt64($0)) }
            let dataset = TensorDataset(Tensor.arange(case_.count))
            let custom = sampler(case_.sampler, count: case_.count, generator: generator)
            let loader = DataLoader(dataset, batchSize: case_.batch_size, shuffle: case_.shuffle, sampler: custom,
                                    dropLast: case_.drop_last, generator: custom == nil ? generator : nil,
                                    workers: workers)
            return (0..<case_.epochs.count).map { _ in loader.map { $0[0].toArray(of: Int64.self).map(Int.init) } }
        }

        @Test("Indices of every batch, every epoch, and the default generator afterwards",
              arguments: LoadingFixture.file.loaders.map(\.name))
        func batchOrder(name: String) {
            Generator.withDefault(Generator()) {
                let case_ = LoadingFixture.file.loaders.first { $0.name == name }!
                #expect(epochs(case_, workers: 0) == case_.epochs)
                #expect(Tensor.rand([4], dtype: .float64).toArray(of: Double.self) == case_.after)
            }
        }

        @Test("Two worker threads give the same batches in the same order")
        func workers() {
            Generator.withDefault(Generator()) {
            for case_ in LoadingFixture.file.loaders {
                #expect(epochs(case_, workers: 2) == case_.epochs, "\(case_.name)")
            }
            }
        }

        @Test("len(loader), and the loader's settings are checked as PyTorch checks them")
        func counts() {
            let dataset = TensorDataset(Tensor.arange(10))
            #expect(DataLoader(dataset, batchSize: 3).count == 4)
            #expect(DataLoader(dataset, batchSize: 3, dropLast: true).count == 3)
            #expect(DataLoader(dataset, batchSize: 20, dropLast: true).map { $0 }.isEmpty)
        }

        @Test("random_split: torch's partition for lengths and fractions", arguments: LoadingFixture.file.splits.map(\.name))
        func splits(name: String) {
            Generator.withDefault(Generator()) {
                let case_ = LoadingFixture.file.splits.first { $0.name == name }!
                manualSeed(case_.seed)
                let generator = case_.generator_seed.map { Generator(seed: UInt64($0)) }
                let dataset = TensorDataset(Tensor.arange(case_.count))
                let subsets = case_.lengths.map { randomSplit(dataset, lengths: $0, generator: generator) }
                    ?? randomSplit(dataset, fractions: case_.fractions!, generator: generator)
                #expect(subsets.map(\.indices) == case_.subsets)
                #expect(subsets[0][0][0].item(as: Int64.self) == Int64(case_.subsets[0][0]))
            }
        }

        @Test("multinomial: torch's samples with and without replacement", arguments: LoadingFixture.file.multinomial.map(\.name))
        func multinomial(name: String) {
            Generator.withDefault(Generator()) {
                let case_ = LoadingFixture.file.multinomial.first { $0.name == name }!
                manualSeed(case_.seed)
                let weights = Tensor(case_.weights, dtype: case_.dtype == "float64" ? .float64 : .float32)
                let samples = weights.multinomial(case_.num_samples, replacement: case_.replacement)
                #expect(samples.toArray(of: Int64.self).map(Int.init) == case_.samples)
            }
        }

        @Test("An interrupted epoch resumes with the same remaining batches")
        func resume() throws {
            try Generator.withDefault(Generator()) {
                let dataset = TensorDataset(Tensor.arange(50))
                manualSeed(3)
                let loader = DataLoader(dataset, batchSize: 4, shuffle: true)
                _ = loader.map { $0 }                       // a first epoch
                let epochStart = getRNGState()
                let iterator = loader.makeIterator()
                let firstThree = (0..<3).map { _ in iterator.next()![0] }
                let position = iterator.position
                var rest: [[Int64]] = []
                while let batch = iterator.next() { rest.append(batch[0].toArray(of: Int64.self)) }
                let afterEpoch = getRNGState()

                manualSeed(99)                              // a new process would start anywhere
                let resumed = try loader.makeIterator(resumingAt: position)
                #expect(position.batchesDone == 3 && position.generatorState.equal(epochStart))
                var again: [[Int64]] = []
                while let batch = resumed.next() { again.append(batch[0].toArray(of: Int64.self)) }
                #expect(again == rest)
                #expect(getRNGState().equal(afterEpoch))
                #expect(firstThree.count == 3)
            }
        }
    }
}
