import Foundation
import Testing
import SynapseIO
import SynapseNN

/// `torch.save` checkpoints of models using spectral norm, global pruning and the legacy weight-norm hook
/// (`scripts/fixtures/parametrize.py`), loaded strictly into their Swift twins through SynapseIO.
private struct CheckpointCase: Decodable {
    struct Stored: Decodable {
        let shape: [Int]
        let values: [Double]
        var tensor: Tensor { Tensor(flat: values.map { Float($0) }, shape: shape) }
    }
    let keys: [String]
    let input, output: Stored
}

private struct CheckpointsFile: Decodable { let checkpoints: [String: CheckpointCase] }

private let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/parametrize")

private final class ResBlock: Module {
    let conv1 = Conv2d(3, 4, kernelSize: (3, 3), padding: .explicit(1, 1), generator: Generator(seed: 1))
    let conv2 = Conv2d(4, 3, kernelSize: (3, 3), padding: .explicit(1, 1), generator: Generator(seed: 2))
    let head = Linear(48, 2, generator: Generator(seed: 3))
    override func forward(_ x: Tensor) -> Tensor { head((x + conv2(conv1(x).relu())).flatten(startDim: 1)) }
}

/// The Swift twin of `name`, reparametrized as in the script (its own values: the checkpoint replaces them).
private func twin(_ name: String) throws -> Module {
    let generator = Generator(seed: 4)
    switch name {
    case "resblock_spectral_norm":
        let block = ResBlock()
        for layer in [block.conv1, block.conv2, block.head] as [Module] {
            try Parametrizations.spectralNorm(layer, generator: generator)
        }
        return block
    case "mlp_global_pruning":
        let model = Sequential<Module>([Linear(6, 8, generator: generator), ReLU(), Linear(8, 4, generator: generator)])
        for _ in 0..<2 {
            try Prune.globalUnstructured([(model[0], "weight"), (model[2], "weight")], method: L1Unstructured(amount: 0.3))
        }
        return model
    case "legacy_weight_norm":
        let model = Sequential<Module>([Conv2d(2, 3, kernelSize: (3, 3), generator: generator), ReLU(), Flatten(),
                                        Linear(27, 4, generator: generator)])
        try NNUtils.weightNorm(model[0])
        try NNUtils.weightNorm(model[3], dim: nil)
        return model
    default:
        fatalError("no twin for \(name)")
    }
}

@Suite struct ReparametrizedCheckpointTests {
    @Test(arguments: ["resblock_spectral_norm", "mlp_global_pruning", "legacy_weight_norm"])
    func torchCheckpointLoadsStrictly(_ name: String) throws {
        let file = try JSONDecoder().decode(CheckpointsFile.self,
                                            from: Data(contentsOf: directory.appendingPathComponent("checkpoints.json")))
        let expected = try #require(file.checkpoints[name])
        let model = try twin(name)
        #expect(Array(model.stateDict().map(\.key)) == expected.keys)
        let result = try model.load(from: directory.appendingPathComponent("\(name).pt"))
        #expect(result.allKeysMatched)
        model.eval()
        let output = noGrad { model(expected.input.tensor) }
        let difference = zip(output.toArray(of: Double.self), expected.output.values).map { abs($0 - $1) }.max() ?? 0
        #expect(output.shape == expected.output.shape && difference <= 1e-5, "\(name): \(difference)")

        // And back: Synapse's file of the same model loads into a fresh twin and computes the same.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reparametrized-\(name)-\(UUID()).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let copy = try twin(name)
        try copy.load(from: url)
        copy.eval()
        #expect(noGrad { copy(expected.input.tensor) }.equal(output))
    }
}
