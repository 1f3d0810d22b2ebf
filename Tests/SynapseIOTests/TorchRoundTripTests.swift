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

/// Hand-written pickles for the claims Python's pickler can't easily be made to write.
@Suite struct HandWrittenPickleTests {
    /// A `.pt` archive around `pickle`, with one 8-float storage under key "0".
    static func archive(_ pickle: [UInt8]) -> [UInt8] {
        var zip = ZipWriter()
        pickle.withUnsafeBytes { zip.add("archive/data.pkl", $0) }
        [Float](repeating: 1, count: 8).withUnsafeBytes { zip.add("archive/data/0", $0) }
        zip.add("archive/version", text: "3\n")
        zip.finish()
        return zip.bytes
    }

    /// `_rebuild_tensor_v2(<storage "0" as `storageClass` of `count` elements>, offset, (size,), (1,), False,
    /// OrderedDict())`, without the PROTO and STOP around it.
    static func rebuildCall(offset: Int64, size: UInt8, storageClass: String = "FloatStorage", count: Int64 = 8) -> [UInt8] {
        var bytes: [UInt8] = Array("ctorch._utils\n_rebuild_tensor_v2\n(".utf8)
        bytes += Array("(X".utf8) + [7, 0, 0, 0] + Array("storagectorch\n\(storageClass)\nX".utf8) + [1, 0, 0, 0]
            + Array("0X".utf8) + [3, 0, 0, 0] + Array("cpu".utf8)
        bytes += [0x8A, 8] + withUnsafeBytes(of: count.littleEndian, Array.init) + Array("tQ".utf8)
        bytes += [0x8A, 8] + withUnsafeBytes(of: offset.littleEndian, Array.init)
        bytes += Array("(K".utf8) + [size] + Array("t(K".utf8) + [1] + Array("t".utf8) + [0x89]
        bytes += Array("ccollections\nOrderedDict\n)RtR".utf8)
        return bytes
    }

    /// A whole pickle holding one such tensor.
    static func rebuild(offset: Int64, size: UInt8) -> [UInt8] {
        [0x80, 0x02] + rebuildCall(offset: offset, size: size) + Array(".".utf8)
    }

    @Test func aStorageReinterpretedWithAnOverflowingCountIsRefused() throws {
        // Named first as 32 bytes, then as 2^62 + 2 floats, whose byte count wraps around to 8.
        let pickle: [UInt8] = [0x80, 0x02, UInt8(ascii: "(")] + Self.rebuildCall(offset: 0, size: 4, storageClass: "ByteStorage", count: 32)
            + Self.rebuildCall(offset: 0, size: 8, count: (1 << 62) + 2) + Array("t.".utf8)
        let error = try #require(throws: CheckpointError.self) {
            try Self.archive(pickle).withUnsafeBytes { try decodeCheckpoint(bytes: $0) }
        }
        #expect(error.description.contains("is named as 4611686018427387906 float32 elements and as 32 uint8 elements"), "\(error)")
    }

    @Test func anEmptyViewFarPastItsStorageIsRefused() throws {
        let error = try #require(throws: CheckpointError.self) {
            try Self.archive(Self.rebuild(offset: .max, size: 0)).withUnsafeBytes { try decodeCheckpoint(bytes: $0) }
        }
        #expect(error.description.contains("reaches past its storage of 8 elements"), "\(error)")
    }

    @Test func theHandWrittenPickleIsValidOtherwise() throws {
        let value = try Self.archive(Self.rebuild(offset: 2, size: 3)).withUnsafeBytes { try decodeCheckpoint(bytes: $0) }
        let tensor = try value.tensor()
        #expect(tensor.storageOffset == 2 && tensor.shape == [3] && tensor.toArray(of: Float.self) == [1, 1, 1])
    }
}

extension HandWrittenPickleTests {
    @Test func aStorageReinterpretedAsBoolsIsCheckedAsBools() throws {
        // Storage "0" holds float 1.0s (bytes 00 00 80 3F): fine as bytes, not as bools.
        let pickle: [UInt8] = [0x80, 0x02, UInt8(ascii: "(")] + Self.rebuildCall(offset: 0, size: 4, storageClass: "ByteStorage", count: 32)
            + Self.rebuildCall(offset: 0, size: 4, storageClass: "BoolStorage", count: 32) + Array("t.".utf8)
        let error = try #require(throws: CheckpointError.self) {
            try Self.archive(pickle).withUnsafeBytes { try decodeCheckpoint(bytes: $0) }
        }
        #expect(error.description.contains("bool byte 2 is 128, expected 0 or 1"), "\(error)")
    }

    @Test func deeplyNestedOrderedDictsAreRefusedAndReleasedWithoutRecursion() throws {
        // 300,000 OrderedDicts, each inside the one below it: refused for their depth, and released one by one
        // (recursive release of such a chain overflows the stack).
        let levels = 300_000
        var pickle: [UInt8] = [0x80, 0x02] + Array("ccollections\nOrderedDict\nq\u{0}".utf8)
        for level in 0..<levels {
            pickle += Array("h\u{0})R".utf8)
            if level < levels - 1 { pickle += Array("X".utf8) + [1, 0, 0, 0, UInt8(ascii: "a")] }
        }
        pickle += Array(repeating: UInt8(ascii: "s"), count: levels - 1) + Array(".".utf8)
        let error = try #require(throws: CheckpointError.self) {
            try Self.archive(pickle).withUnsafeBytes { try decodeCheckpoint(bytes: $0) }
        }
        #expect(error.description.contains("nested more than 200 levels"), "\(error)")
    }
}
