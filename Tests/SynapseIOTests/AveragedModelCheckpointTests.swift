import Foundation
import Testing
import SynapseIO

/// A PyTorch `AveragedModel` state dict (`torch.save(ema.state_dict())`, `scripts/fixtures/swa.py`) loads strictly
/// into Synapse's, and what Synapse saves has the same entries (keys, dtypes, shapes) for torch to load back.
@Suite struct AveragedModelCheckpointTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/optim/ema_state.pt")

    static func smallCNN() -> Sequential<Module> {
        let generator = Generator(seed: 1)
        return Sequential(Conv2d(2, 3, kernelSize: 3, dtype: .float64, generator: generator),
                          BatchNorm2d(3, dtype: .float64), ReLU(), Flatten(),
                          Linear(48, 2, dtype: .float64, generator: generator))
    }

    @Test func torchsFileLoadsStrictlyAndSavesBackTheSame() throws {
        let ema = try AveragedModel(Self.smallCNN(), copy: Self.smallCNN, rule: .exponential(decay: 0.9), useBuffers: true)
        let result = try ema.load(from: Self.file, strict: true)
        #expect(result.allKeysMatched)
        let torch = try load(from: Self.file).stateDict()
        #expect(ema.nAveraged.item(as: Int64.self) == 10)
        for (key, tensor) in ema.stateDict() { #expect(tensor.equal(torch[key]!), "\(key)") }

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-ema-\(UUID().uuidString).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        try ema.save(to: url)
        let written = try load(from: url).stateDict()
        #expect(Array(written.keys) == Array(torch.keys))
        for (key, tensor) in written {
            #expect(tensor.dtype == torch[key]!.dtype && tensor.shape == torch[key]!.shape && tensor.equal(torch[key]!), "\(key)")
        }
    }
}
