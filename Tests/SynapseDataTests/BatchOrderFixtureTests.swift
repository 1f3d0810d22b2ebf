import Foundation
import SynapseData
import SynapseTensor
import Testing

/// PyTorch's batch indices for the same seed, epoch after epoch, and the default generator's stream afterwards.
/// Each test runs in a child process: the cases reseed the process-wide default generator.
@Suite struct BatchOrderFixtureTests {
    @Test func fixturesHoldEnoughCases() {
        let loaders = DataFixtures.decode([DataFixtures.BatchCase].self, "loader_batches.json")
        let samplers = DataFixtures.decode([DataFixtures.BatchCase].self, "sampler_batches.json")
        let splits = DataFixtures.decode([DataFixtures.SplitCase].self, "random_split.json")
        #expect(loaders.count == 32)
        #expect(Set(samplers.map(\.kind)) == ["random", "weighted", "subset"])
        #expect(splits.count == 20)
        #expect(loaders.allSatisfy { $0.epochs.count == 3 } && samplers.allSatisfy { $0.epochs.count == 3 })
    }

    /// Every case of the file in a child process, which writes the mismatches, if any, to its standard error.
    @Test(arguments: ["loader_batches.json", "sampler_batches.json", "random_split.json"])
    func batchesAndSplitsMatchPyTorch(file: String) async {
        await #expect(processExitsWith: .success) { [file] in
            let problems = DataFixtures.allMismatches([file])
            if !problems.isEmpty { FileHandle.standardError.write(Data(problems.joined(separator: "\n").utf8)); exit(1) }
        }
    }

    /// An iterable data set's loader also draws PyTorch's `base_seed` each epoch, so the stream after it agrees.
    @Test func iterableLoadersKeepTheDefaultStreamInStep() async {
        await #expect(processExitsWith: .success) {
            struct Expected: Decodable { let seed: Int; let batch: Int; let epochs: [[[Int64]]]; let nextDefault: [Int64] }
            struct Countdown: IterableDataset {
                func makeIterator() -> AnyIterator<Int> { AnyIterator(stride(from: 6, to: 0, by: -1).makeIterator()) }
            }
            let expected = DataFixtures.decode(Expected.self, "iterable_batches.json")
            manualSeed(expected.seed)
            let loader = IterableDataLoader(Countdown(), batchSize: expected.batch)
            for epoch in expected.epochs { precondition(loader.map { $0.toArray(of: Int64.self) } == epoch) }
            precondition(Tensor.randint(0, 1 << 30, [2]).toArray(of: Int64.self) == expected.nextDefault)
        }
    }

    /// The cases that draw only from private generators run here too, so a mismatch shows in place.
    @Test func splitsWithAGeneratorMatchPyTorchInProcess() {
        for split in DataFixtures.decode([DataFixtures.SplitCase].self, "random_split.json") where split.generator {
            let dataset = DataFixtures.Indices(count: split.n)
            let isFractions = abs(split.lengths.reduce(0, +) - 1) < 1e-9
            let generator = Generator(seed: UInt64(split.seed))
            let parts = isFractions
                ? randomSplit(dataset, lengths: split.lengths, generator: generator)
                : randomSplit(dataset, lengths: split.lengths.map { Int($0) }, generator: generator)
            #expect(parts.map(\.indices) == split.parts, "split \(split.lengths) of \(split.n)")
        }
    }
}
