import Foundation
@testable import SynapseTensor

/// `Tests/Fixtures/rng/manifest.json` + `data.bin`, written by `scripts/fixtures/rng.py` with torch.
struct RandomManifest: Decodable {
    let torch: String
    let capability: String
    let cases: [RandomCase]

    static let shared: RandomManifest = try! Fixtures.json(RandomManifest.self, "rng/manifest.json")
    static let data: Data = try! Fixtures.data("rng/data.bin")
}

/// One scenario: seed the default generator, create named generators, run the steps in order.
struct RandomCase: Decodable, Sendable {
    let name: String
    let seed: Int
    let generators: [String: Int?]
    let steps: [RandomStep]
    let initial_seed: UInt64
}

/// One call and where torch's result lives in `data.bin`.
struct RandomStep: Decodable, Sendable {
    struct View: Decodable, Sendable {
        let base: [Int]
        let shape: [Int]
        let strides: [Int]
        let offset: Int
    }

    let op: String
    let dtype: String
    let shape: [Int]
    let args: [Double]
    let generator: String?
    let view: View?
    let offset: Int
    let count: Int
    let item_size: Int

    /// torch's result bytes (row-major, little-endian).
    var expected: Data {
        RandomManifest.data.subdata(in: offset..<(offset + count * item_size))
    }
}

/// Replays fixture cases with Synapse.
///
/// The case's default generator (what `torch.manual_seed(seed)` seeds) is a private `Generator` seeded the same
/// way, so that cases can run in parallel without sharing `Generator.default`.
enum RandomRunner {
    /// The raw bytes of every step's result, in order.
    static func run(_ testCase: RandomCase) -> [Data] {
        let defaultGenerator = Generator().manualSeed(testCase.seed)
        var generators: [String: Generator] = [:]
        for (name, seed) in testCase.generators {
            generators[name] = seed.map { Generator().manualSeed($0) } ?? Generator()
        }
        return testCase.steps.map { step in
            let generator = step.generator.map { generators[$0]! } ?? defaultGenerator
            return bytes(of: run(step, generator))
        }
    }

    static func run(_ step: RandomStep, _ generator: Generator) -> Tensor {
        let dtype = DType(rawValue: step.dtype)!
        let args = step.args
        switch step.op {
        case "rand": return Tensor.rand(step.shape, dtype: dtype, generator: generator)
        case "randn": return Tensor.randn(step.shape, dtype: dtype, generator: generator)
        case "randint":
            if args.count == 1 { return Tensor.randint(Int(args[0]), step.shape, dtype: dtype, generator: generator) }
            return Tensor.randint(Int(args[0]), Int(args[1]), step.shape, dtype: dtype, generator: generator)
        case "randperm": return Tensor.randperm(Int(args[0]), dtype: dtype, generator: generator)
        default: break
        }
        let target: Tensor
        if let view = step.view {
            let base = Tensor.empty(view.base, dtype: dtype)
            target = Tensor(storage: base.storage, shape: view.shape, strides: view.strides,
                            storageOffset: view.offset, dtype: dtype)
        } else {
            target = Tensor.empty(step.shape, dtype: dtype)
        }
        switch (step.op, args.count) {
        case ("uniform_", _): target.uniform_(args[0], args[1], generator: generator)
        case ("normal_", _): target.normal_(mean: args[0], std: args[1], generator: generator)
        case ("bernoulli_", _): target.bernoulli_(args[0], generator: generator)
        case ("random_", 0): target.random_(generator: generator)
        case ("random_", 1): target.random_(Int(args[0]), generator: generator)
        case ("random_", _): target.random_(Int(args[0]), Int(args[1]), generator: generator)
        default: fatalError("unknown fixture op \(step.op)")
        }
        return target
    }

    /// Row-major raw element bytes.
    static func bytes(of tensor: Tensor) -> Data {
        let dense = tensor.contiguous()
        return withExtendedLifetime(dense) {
            Data(bytes: dense.baseRawPointer, count: dense.numel * dense.dtype.itemSize)
        }
    }

    /// `nil` when equal, else which elements differ.
    static func mismatch(_ actual: Data, _ expected: Data, itemSize: Int) -> String? {
        if actual == expected { return nil }
        guard actual.count == expected.count else { return "\(actual.count) bytes, expected \(expected.count)" }
        let a = [UInt8](actual), e = [UInt8](expected)
        let count = a.count / itemSize
        let differing = (0..<count).filter { a[($0 * itemSize)..<(($0 + 1) * itemSize)] != e[($0 * itemSize)..<(($0 + 1) * itemSize)] }
        return "\(differing.count) of \(count) elements differ, first at index \(differing.first!)"
    }
}
