import Foundation
import Testing
import SynapseIO
import SynapseNN

/// The inspection and conversion features behind `synapse`'s options, and the tool's exit codes.
@Suite struct CLIFeatureTests {
    static func fixture(_ name: String) throws -> CheckpointValue {
        try load(from: TorchFixtures.directory.appendingPathComponent(name))
    }

    @Test func nestedCheckpointsFlattenIntoSafeTensorsKeysAndMetadata() throws {
        let checkpoint: CheckpointValue = [
            "model": .init(["emb.weight": Tensor.zeros([2, 2])] as StateDict),
            "steps": [.init(Tensor.ones([1])), .init(Tensor.ones([2]))],
            "epoch": 3, "name": "run", "lr": 0.25, "raw": .bytes([1, 2]),
        ]
        let flat = SafeTensorsFlattening(checkpoint)
        #expect(Array(flat.tensors.keys) == ["model.emb.weight", "steps.0", "steps.1"])
        #expect(flat.metadata == ["epoch": "3", "name": "\"run\"", "lr": "0.25"])
        #expect(flat.dropped == ["raw"])
        #expect(SafeTensorsFlattening(.tensor(Tensor.zeros([1]))).tensors.keys.first == "tensor")
        #expect(!SafeTensorsFlattening.isFlat(checkpoint))
        #expect(SafeTensorsFlattening.isFlat(.init(["a": Tensor.zeros([1])] as StateDict)))
    }

    @Test func histogramsCountEveryElementOnceAndBroadcastsAsOftenAsTheyAppear() throws {
        let histogram = try #require(TensorHistogram.all(of: .tensor(Tensor([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 10])), bins: 5).first)
        #expect(histogram.lower == 0 && histogram.upper == 10)
        #expect(histogram.counts == [2, 2, 2, 2, 2])
        let broadcast = try #require(TensorHistogram.all(of: .tensor(Tensor([1.0, 3]).expand([1000, 2])), bins: 2).first)
        #expect(broadcast.counts == [1000, 1000])
        let nonFinite = try #require(TensorHistogram.all(of: .tensor(Tensor([1.0, .nan, .infinity, 2])), bins: 1).first)
        #expect(nonFinite.counts == [2] && nonFinite.nonFinite == 2)
        #expect(histogram.bars().split(separator: "\n").count == 6)
        let svg = TensorHistogram.svg([histogram, broadcast])
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>") && svg.components(separatedBy: "<rect").count == 1 + 1 + 5 + 2)
    }

    @Test func diffToleratesWhatAllcloseTolerates() {
        let a = CheckpointValue(["w": Tensor([1.0, 100.0])] as [String: Tensor])
        let b = CheckpointValue(["w": Tensor([1.001, 100.1])] as [String: Tensor])
        #expect(!CheckpointDiff(a, b).isIdentical)
        #expect(!CheckpointDiff(a, b, atol: 0.01).isIdentical)          // 0.1 > 0.01
        #expect(CheckpointDiff(a, b, atol: 0.01, rtol: 0.001).isIdentical)
        #expect(CheckpointDiff(a, b, atol: 0.2).report().hasSuffix("the checkpoints agree"))
        let nan = CheckpointValue(["w": Tensor([Double.nan])] as [String: Tensor])
        #expect(!CheckpointDiff(nan, nan, atol: 1).isIdentical)
    }

    /// The documented exit codes of the `synapse` executable built next to the tests.
    @Test func exitCodesAreTheDocumentedOnes() throws {
        let tool = AtomicSaveKillTests.tool
        func run(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = tool
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        let mlp = TorchFixtures.directory.appendingPathComponent("mlp.params").path
        let x = TorchFixtures.directory.appendingPathComponent("x-file").path
        #expect(try run(["inspect", mlp]) == 0)
        #expect(try run(["diff", mlp, mlp]) == 0)
        #expect(try run(["diff", mlp, x]) == 1)
        #expect(try run(["inspect", "/nonexistent.pt"]) == 2)
        #expect(try run(["inspect", TorchFixtures.directory.appendingPathComponent("os_system.pt").path]) == 2)
        #expect(try run(["inspect", "--bins", "0", mlp]) == 64)
    }
}
