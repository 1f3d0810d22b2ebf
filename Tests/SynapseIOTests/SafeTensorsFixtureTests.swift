import Foundation
import Testing
import SynapseIO

/// The committed golden files of `Tests/Fixtures/checkpoints/` (`scripts/fixtures/checkpoints.py`).
enum CheckpointFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/checkpoints")

    struct Expected: Decodable {
        struct TensorValues: Decodable {
            let dtype: String
            let shape: [Int]
            let values: [Double]
        }
        struct File: Decodable {
            let metadata: [String: String]?
            let tensors: [String: TensorValues]
        }
        let files: [String: File]
    }

    static let expected: Expected = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("expected.json")),
              let value = try? JSONDecoder().decode(Expected.self, from: data) else {
            fatalError("can't read the checkpoint fixtures: run ~/torchenv/bin/python scripts/fixtures/checkpoints.py")
        }
        return value
    }()
}

/// Files written by the safetensors library, read bit for bit; Synapse's own files read back; models saved and
/// loaded with their ties.
@Suite struct SafeTensorsFixtureTests {
    @Test(arguments: ["every_dtype.safetensors", "tied_model.safetensors"])
    func readsWhatTheLibraryWrote(_ name: String) throws {
        let expected = try #require(CheckpointFixtures.expected.files[name])
        let (tensors, metadata) = try SafeTensors.loadWithMetadata(from: CheckpointFixtures.directory.appendingPathComponent(name))
        #expect(metadata == (expected.metadata ?? [:]))
        for (key, values) in expected.tensors {
            let tensor = try #require(tensors[key], "missing \(key)")
            #expect(tensor.dtype.rawValue == values.dtype, "\(key)")
            #expect(tensor.shape == values.shape, "\(key)")
            let got = tensor.dtype == .bool ? tensor.to(.uint8).toArray(of: Double.self) : tensor.toArray(of: Double.self)
            #expect(got == values.values, "\(key)")
        }
    }

    @Test func tiedModelLoadsWithItsTie() throws {
        final class Tied: Module {
            let enc = Linear(3, 3, generator: Generator(seed: 5))
            let dec = Linear(3, 3, generator: Generator(seed: 6))
            override init() {
                super.init()
                dec.weight = enc.weight
            }
        }
        let model = Tied()
        try model.load(from: CheckpointFixtures.directory.appendingPathComponent("tied_model.safetensors"))
        let stored = try #require(CheckpointFixtures.expected.files["tied_model.safetensors"]?.tensors["dec.weight"])
        #expect(model.enc.weight === model.dec.weight)
        #expect(model.enc.weight.toArray(of: Double.self) == stored.values)
    }

    @Test func roundTripOfEveryKindOfTensor() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try SafeTensors.load(from: CheckpointFixtures.directory.appendingPathComponent("every_dtype.safetensors"))
        var state = source
        state["transposed"] = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).t()
        state["alias of f32"] = source["f32"]!
        let url = directory.appendingPathComponent("all.safetensors")
        try SafeTensors.save(state, to: url, metadata: ["format": "pt"])
        let (back, metadata) = try SafeTensors.loadWithMetadata(from: url)
        #expect(metadata == ["format": "pt", "alias of f32": "f32"])
        for (key, tensor) in state {
            let loaded = try #require(back[key], "\(key)")
            #expect(loaded.dtype == tensor.dtype && loaded.shape == tensor.shape && loaded.equal(tensor), "\(key)")
        }
        back["f32"]![0, 0] = 99      // copy-on-write: the file is untouched
        #expect(try SafeTensors.load(from: url)["f32"]!.equal(source["f32"]!))
    }
}
