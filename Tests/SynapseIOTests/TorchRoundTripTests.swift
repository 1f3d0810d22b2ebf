import Foundation
import Testing
@testable import SynapseIO

/// Synapse → file → Synapse for every value kind torch wrote in the fixtures, in both formats; ties and shared
/// storages survive.
@Suite struct TorchRoundTripTests {
    static func temporary(_ name: String) -> URL {
        SafeTensorsBadInputTests.directory.appendingPathComponent(UUID().uuidString).appendingPathComponent(name)
    }

    static func roundTrip(_ value: CheckpointValue, as name: String) throws -> CheckpointValue {
        let url = temporary(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try save(value, to: url)
        return try load(from: url)
    }

    @Test(arguments: TorchFixtures.expected.keys.sorted())
    func everyFixtureSurvivesARoundTrip(_ name: String) throws {
        let value = try load(from: TorchFixtures.directory.appendingPathComponent(name))
        let again = try Self.roundTrip(value, as: "copy.pt")
        let differences = CheckpointDescription.differences(again, TorchFixtures.expected[name]!)
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test func zip64ArchivesReadBack() throws {
        let value = try load(from: TorchFixtures.directory.appendingPathComponent("nested.pt"))
        let bytes = try TorchZipWriter.encode(value, folder: "nested", zip64Threshold: 16)
        let url = Self.temporary("zip64.pt")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        let differences = CheckpointDescription.differences(try load(from: url), TorchFixtures.expected["nested.pt"]!)
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test func recordsAreAlignedAndNamedAsTorchNamesThem() throws {
        let bytes = try TorchZipWriter.encode(CheckpointValue([Tensor([1.0, 2.0]), Tensor([3, 4])]), folder: "x-files")
        let archive = try bytes.withUnsafeBytes { try ZipArchive($0) }
        #expect(archive.names == ["x-files/data.pkl", "x-files/.format_version", "x-files/.storage_alignment",
                                  "x-files/byteorder", "x-files/data/0", "x-files/data/1", "x-files/version"])
        for name in archive.names { #expect(archive.records[name]!.offset % 64 == 0, "\(name)") }
        #expect(TorchZipWriter.folder(for: "mlp.params") == "mlp" && TorchZipWriter.folder(for: "x-file") == "x-file")
    }

    @Test func tiesAndViewsStayShared() throws {
        let weight = Parameter(Tensor([[1.0, 2.0], [3.0, 4.0]]))
        let view = weight.detach().t()
        let value: CheckpointValue = ["a": .tensor(weight), "b": .tensor(weight), "t": .tensor(view), "n": 3]
        let again = try Self.roundTrip(value, as: "tied.pt")
        let (a, b, t) = (try again["a"]!.tensor(), try again["b"]!.tensor(), try again["t"]!.tensor())
        #expect(a === b && a is Parameter && a.requiresGrad)
        #expect(t.storage === a.storage && t.strides == [1, 2] && !(t is Parameter))
        #expect(t.toArray(of: Float.self) == [1, 3, 2, 4])
    }

    @Test func modulesSaveAndLoadInEitherFormat() throws {
        for name in ["model.pt", "model.safetensors", "model"] {
            let model = Sequential(Linear(3, 4, generator: Generator(seed: 1)), ReLU(), Linear(4, 2, generator: Generator(seed: 2)))
            let clone = Sequential(Linear(3, 4, generator: Generator(seed: 3)), ReLU(), Linear(4, 2, generator: Generator(seed: 4)))
            let url = Self.temporary(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try model.save(to: url)
            try clone.load(from: url)
            for (key, tensor) in model.stateDict() {
                #expect(clone.stateDict()[key]!.toArray(of: Float.self) == tensor.toArray(of: Float.self), "\(name) \(key)")
            }
        }
    }

    @Test func safetensorsHoldsOnlyTensorDictionaries() throws {
        let error = try #require(throws: CheckpointError.self) {
            try Self.roundTrip(["epoch": 3], as: "bad.safetensors")
        }
        #expect(error.description == "expected a dict of tensors, found a value of type int under 'epoch'")
    }
}
