import Foundation
import SynapseData
import SynapseTensor

/// The committed golden files of `scripts/fixtures/data.py` (run with torch) in `Tests/Fixtures/data/`.
enum DataFixtures {
    /// The folder of the data fixtures.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/data")

    /// The path of a fixture file.
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The bytes of a fixture file.
    static func bytes(_ name: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            fatalError("can't read \(path(name)): run ~/torchenv/bin/python scripts/fixtures/data.py")
        }
        return [UInt8](data)
    }

    /// Decodes a JSON fixture.
    static func decode<T: Decodable>(_ type: T.Type, _ name: String) -> T {
        guard let value = try? JSONDecoder().decode(T.self, from: Data(bytes(name))) else {
            fatalError("can't decode \(path(name)): run ~/torchenv/bin/python scripts/fixtures/data.py")
        }
        return value
    }

    /// A case of `loader_batches.json` or `sampler_batches.json`: PyTorch's batch indices over three epochs.
    struct BatchCase: Decodable {
        let name: String
        let kind: String
        let seed: Int
        let n: Int?
        let batch: Int
        let dropLast: Bool?
        let generator: Bool
        let replacement: Bool?
        let numSamples: Int?
        let weights: [Double]?
        let indices: [Int]?
        let epochs: [[[Int]]]
        let nextDefault: [Int]
    }

    /// A case of `random_split.json`.
    struct SplitCase: Decodable {
        let seed: Int
        let n: Int
        let lengths: [Double]
        let generator: Bool
        let parts: [[Int]]
        let nextDefault: [Int]?
    }

    /// The data set whose sample `i` is `i`, so that a batch shows its indices.
    struct Indices: Dataset {
        let count: Int
        subscript(index: Int) -> Int { index }
    }

    /// Runs `batchCase` as the fixture script ran it and returns what differs from PyTorch (nothing when equal).
    static func mismatches(_ batchCase: BatchCase) -> [String] {
        manualSeed(batchCase.seed)
        let generator = batchCase.generator ? Generator(seed: UInt64(batchCase.seed)) : nil
        if batchCase.generator { manualSeed(batchCase.seed + 1) }
        let dataset = Indices(count: batchCase.n ?? batchCase.weights?.count ?? 25)
        let loader: DataLoader<Indices, Tensor>
        switch batchCase.kind {
        case "shuffle", "sequential":
            loader = DataLoader(dataset, batchSize: batchCase.batch, shuffle: batchCase.kind == "shuffle",
                dropLast: batchCase.dropLast ?? false, generator: generator)
        case "random":
            let sampler = RandomSampler(dataset, replacement: batchCase.replacement ?? false,
                numSamples: batchCase.numSamples, generator: generator)
            loader = DataLoader(dataset, batchSize: batchCase.batch, sampler: sampler)
        case "weighted":
            let sampler = WeightedRandomSampler(weights: batchCase.weights ?? [], numSamples: batchCase.numSamples ?? 0,
                replacement: batchCase.replacement ?? true, generator: generator)
            loader = DataLoader(dataset, batchSize: batchCase.batch, sampler: sampler)
        default:
            loader = DataLoader(dataset, batchSize: batchCase.batch,
                sampler: SubsetRandomSampler(batchCase.indices ?? [], generator: generator))
        }
        var problems: [String] = []
        for (epoch, expected) in batchCase.epochs.enumerated() {
            let found = loader.map { $0.toArray(of: Int64.self).map { Int($0) } }
            if found != expected { problems.append("\(batchCase.name) epoch \(epoch): expected \(expected), found \(found)") }
        }
        let next = Tensor.randint(0, 1 << 30, [2]).toArray(of: Int64.self).map { Int($0) }
        if next != batchCase.nextDefault {
            problems.append("\(batchCase.name): default generator afterwards expected \(batchCase.nextDefault), found \(next)")
        }
        return problems
    }

    /// Runs a `random_split` case and returns what differs from PyTorch.
    static func mismatches(_ split: SplitCase) -> [String] {
        manualSeed(split.seed)
        let generator = split.generator ? Generator(seed: UInt64(split.seed)) : nil
        let dataset = Indices(count: split.n)
        let isFractions = abs(split.lengths.reduce(0, +) - 1) < 1e-9
        let parts = isFractions
            ? randomSplit(dataset, lengths: split.lengths, generator: generator)
            : randomSplit(dataset, lengths: split.lengths.map { Int($0) }, generator: generator)
        var problems: [String] = []
        let found = parts.map(\.indices)
        if found != split.parts { problems.append("split \(split.lengths) of \(split.n), seed \(split.seed): expected \(split.parts), found \(found)") }
        if let expected = split.nextDefault {
            let next = Tensor.randint(0, 1 << 30, [2]).toArray(of: Int64.self).map { Int($0) }
            if next != expected { problems.append("split \(split.lengths) seed \(split.seed): next draws \(next), expected \(expected)") }
        }
        return problems
    }

    /// Runs every batch and split case; the exit tests call it in a child process (the cases reseed the default
    /// generator, which tests running in parallel also draw from).
    static func allMismatches(_ files: [String]) -> [String] {
        var problems: [String] = []
        for file in files where file != "random_split.json" {
            for batchCase in decode([BatchCase].self, file) { problems += mismatches(batchCase) }
        }
        if files.contains("random_split.json") {
            for split in decode([SplitCase].self, "random_split.json") { problems += mismatches(split) }
        }
        return problems
    }
}
