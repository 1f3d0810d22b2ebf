import Foundation
import Testing
@testable import SynapseIO

/// Broken and hostile safetensors files: each is refused with a clear error, never a crash, a hang or an
/// allocation of what the header merely claims.
@Suite struct SafeTensorsBadInputTests {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-bad-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Writes `bytes` to a fresh file and loads it.
    static func load(_ bytes: [UInt8]) -> Result<StateDict, CheckpointError> {
        let url = directory.appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        do { return .success(try SafeTensors.load(from: url)) } catch { return .failure(error) }
    }

    /// A file from a header text and data bytes.
    static func file(header: String, data: [UInt8]) -> [UInt8] {
        var header = Array(header.utf8)
        header.append(contentsOf: Array(repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
        return withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header + data
    }

    static let good: [UInt8] = Array(try! Data(contentsOf: CheckpointFixtures.directory
        .appendingPathComponent("every_dtype.safetensors")))

    @Test func everyTruncationIsAnError() {
        for length in 0..<Self.good.count {
            guard case .failure = Self.load(Array(Self.good.prefix(length))) else {
                Issue.record("a file truncated to \(length) of \(Self.good.count) bytes was accepted")
                return
            }
        }
    }

    @Test func randomBitFlipsNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        var refused = 0
        for _ in 0..<1_500 {
            var bytes = Self.good
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            }
            if case .failure = Self.load(bytes) { refused += 1 }
        }
        #expect(refused > 0)   // flips in the header are caught; flips in the data are just other values
    }

    @Test(arguments: [
        ("header longer than the file", withUnsafeBytes(of: UInt64(64).littleEndian, Array.init) + Array("{}".utf8),
         "truncated"),
        ("not JSON", file(header: "{not json", data: []), "not valid JSON"),
        ("not an object", file(header: "[1, 2]", data: []), "expected a JSON object starting with '{'"),
        ("huge shape overflows", file(header: #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#, data: Array(repeating: 0, count: 16)), "overflows"),
        ("shape lies about the size", file(header: #"{"a":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]), "needs 4000000000 bytes"),
        ("offsets past the end", file(header: #"{"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}"#, data: [1, 2]), "truncated"),
        ("overlapping tensors", file(header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"#, data: [1, 2, 3]), "overlap"),
        ("a hole", file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#, data: [1, 2]), "a hole"),
        ("trailing bytes", file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#, data: [1, 2]), "the tensors cover 1"),
        ("unknown dtype", file(header: #"{"a":{"dtype":"U64","shape":[1],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)), "dtype U64"),
        ("negative shape", file(header: #"{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}}"#, data: []), "non-negative"),
        ("fractional shape", file(header: #"{"a":{"dtype":"U8","shape":[1.5],"data_offsets":[0,1]}}"#, data: [0]), "non-negative integers"),
        ("integral float shape", file(header: #"{"a":{"dtype":"U8","shape":[8.0],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)), "non-negative integers"),
        ("exponent shape", file(header: #"{"a":{"dtype":"U8","shape":[8e0],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)), "non-negative integers"),
        ("boolean shape", file(header: #"{"a":{"dtype":"U8","shape":[true],"data_offsets":[0,1]}}"#, data: [0]), "non-negative integers"),
        ("bool byte other than 0 and 1", file(header: #"{"a":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}"#, data: [1, 7]), "expected 0 or 1"),
        ("metadata not strings", file(header: #"{"__metadata__":{"a":1}}"#, data: []), "must be a string"),
        ("reversed offsets", file(header: #"{"a":{"dtype":"U8","shape":[0],"data_offsets":[2,1]}}"#, data: [0, 0]), "0 <= begin <= end"),
    ] as [(String, [UInt8], String)])
    func lyingHeadersAreRefused(_ name: String, _ bytes: [UInt8], _ message: String) {
        guard case .failure(let error) = Self.load(bytes) else {
            Issue.record("\(name): accepted")
            return
        }
        #expect(error.description.contains(message), "\(name): \(error)")
    }

    /// A tensor with no elements but dimensions whose product overflows (`[0, 2⁶², 2⁶²]`) loads, and can be made
    /// contiguous and saved again: its strides saturate instead of trapping.
    @Test func anEmptyTensorWithHugeDimensionsLoads() throws {
        let bytes = Self.file(header: #"{"a":{"dtype":"F32","shape":[0,4611686018427387904,4611686018427387904],"data_offsets":[0,0]}}"#, data: [])
        let state = try Self.load(bytes).get()
        let tensor = try #require(state["a"])
        #expect(tensor.shape == [0, 1 << 62, 1 << 62] && tensor.numel == 0)
        #expect(tensor.contiguous().numel == 0)
        #expect(throws: Never.self) { _ = try SafeTensorsWriter.encode(state, metadata: [:]) }
    }

    @Test func aHeaderLengthBeyondTheLimitIsRefusedWithoutReadingIt() {
        let bytes = withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init) + Array("{}".utf8)
        guard case .failure(let error) = Self.load(bytes) else {
            Issue.record("accepted")
            return
        }
        #expect(error.description.contains("more than the 100 MB the format allows"))
    }

    @Test func aWriterDyingBeforeTheRenameLeavesTheOldFile() throws {
        let folder = Self.directory.appendingPathComponent("dying-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("kept.safetensors")
        let original: StateDict = ["w": Tensor([1.0, 2.0])]
        try SafeTensors.save(original, to: url)
        struct Crash: Error {}
        AtomicWrite.$beforeRename.withValue({ throw Crash() }) {
            #expect(throws: CheckpointError.self) { try SafeTensors.save(["w": Tensor([9.0])], to: url) }
        }
        #expect(try SafeTensors.load(from: url)["w"]!.equal(original["w"]!))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
