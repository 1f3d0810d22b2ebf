import Foundation
import Testing
import SynapseIO
import SynapseNN

/// A recurrent layer's checkpoint both ways: the state dict torch saved (`scripts/fixtures/recurrent.py`) loads into
/// an `LSTM` built with the same settings, which then computes what torch computed; what Synapse saves reads back
/// with the same keys and values.
@Suite struct RecurrentCheckpointTests {
    struct Values: Decodable { let shape: [Int]; let values: [Double] }
    struct Expected: Decodable { let keys: [String]; let input, output, h_n, c_n: Values }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/recurrent")

    static func close(_ tensor: Tensor, _ expected: Values) -> Bool {
        tensor.shape == expected.shape
            && zip(tensor.toArray(of: Double.self), expected.values).allSatisfy { abs($0 - $1) <= 1e-5 }
    }

    @Test func torchsLSTMCheckpointLoadsAndComputesAsTorch() throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.directory.appendingPathComponent("lstm_checkpoint.json")))
        let lstm = LSTM(3, 5, numLayers: 2, batchFirst: true, bidirectional: true, projSize: 2,
                        generator: Generator(seed: 123))
        #expect(Array(lstm.stateDict().keys) == expected.keys)
        let result = try lstm.load(from: Self.directory.appendingPathComponent("lstm_checkpoint.pt"))
        #expect(result.missingKeys.isEmpty && result.unexpectedKeys.isEmpty)
        let x = Tensor(flat: expected.input.values, shape: expected.input.shape).to(.float32)
        let (output, (hN, cN)) = lstm(x)
        #expect(Self.close(output, expected.output))
        #expect(Self.close(hN, expected.h_n))
        #expect(Self.close(cN, expected.c_n))

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-lstm-\(UUID()).pt")
        defer { try? FileManager.default.removeItem(at: url) }
        try lstm.save(to: url)
        let reread = try load(from: url).stateDict()
        #expect(Array(reread.keys) == expected.keys)
        for (key, tensor) in lstm.stateDict() {
            #expect(reread[key]?.toArray(of: Float.self) == tensor.toArray(of: Float.self), "\(key)")
        }
    }
}
