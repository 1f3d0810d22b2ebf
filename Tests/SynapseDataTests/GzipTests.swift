import Foundation
import Testing
@testable import SynapseData
import SynapseTensor

/// gzip files made by zlib (every level, fixed codes, several members, every header field) inflate to their
/// contents; corrupt, truncated and hostile ones are refused with the reason; the IDX, `.npy` and text readers take
/// gzipped files, and `.npz` archives deflated by `np.savez_compressed` read like stored ones
/// (`scripts/fixtures/gzip_files.py`).
@Suite struct GzipTests {
    struct Fixture: Decodable {
        struct Case: Decodable { let file: String; let raw: String }
        struct Refusal: Decodable { let file: String; let message: String }
        let cases: [Case]
        let hostile: [Refusal]
    }

    static let fixture = DataFixtures.decode(Fixture.self, "gzip.json")

    /// The error `body` throws; records an issue when it returns.
    static func failure(_ body: () throws(DataFileError) -> [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            _ = try body()
            Issue.record("expected a DataFileError", sourceLocation: sourceLocation)
            return ""
        } catch { return error.description }
    }

    static func expectFailure(_ words: String, sourceLocation: SourceLocation = #_sourceLocation,
                              _ body: () throws(DataFileError) -> [UInt8]) {
        let message = failure(body, sourceLocation: sourceLocation)
        #expect(message.contains(words), "\(message)", sourceLocation: sourceLocation)
    }

    @Test func zlibsOutputInflatesToItsContents() throws {
        #expect(Self.fixture.cases.count == 8)
        for test in Self.fixture.cases {
            let inflated = try Gzip.inflate(DataFixtures.bytes(test.file), format: "test")
            #expect(inflated == DataFixtures.bytes(test.raw), "\(test.file)")
        }
    }

    @Test func hostileDeflateStreamsSayWhy() {
        #expect(Self.fixture.hostile.count == 6)
        for refusal in Self.fixture.hostile {
            Self.expectFailure(refusal.message) { () throws(DataFileError) in
                try Gzip.inflate(DataFixtures.bytes(refusal.file), format: "test")
            }
        }
    }

    @Test func corruptAndLyingMembersAreRefused() {
        let good = DataFixtures.bytes("gzip/level6.gz")
        var badCRC = good
        badCRC[good.count - 8] ^= 1
        Self.expectFailure("fails its CRC-32 check") { () throws(DataFileError) in try Gzip.inflate(badCRC, format: "test") }
        var badSize = good
        badSize[good.count - 4] ^= 1
        Self.expectFailure("claims 82401 bytes, and inflates to 82400") { () throws(DataFileError) in
            try Gzip.inflate(badSize, format: "test")
        }
        var method = good
        method[2] = 7
        Self.expectFailure("compression method 7") { () throws(DataFileError) in try Gzip.inflate(method, format: "test") }
        var flags = good
        flags[3] = 0x20
        Self.expectFailure("reserved header flags") { () throws(DataFileError) in try Gzip.inflate(flags, format: "test") }
        Self.expectFailure("expected a gzip member (1f 8b) at byte \(good.count)") { () throws(DataFileError) in
            try Gzip.inflate(good + Array(repeating: 0, count: 12), format: "test")
        }
        // A small limit stands in for the 4 GiB one: output past it is refused, not allocated.
        Self.expectFailure("inflate past 1000 bytes") { () throws(DataFileError) in
            try Gzip.inflate(good, format: "test", limit: 1000)
        }
        Self.expectFailure("inflate past 1000 bytes") { () throws(DataFileError) in
            try Gzip.inflate(DataFixtures.bytes("gzip/level0.gz"), format: "test", limit: 1000)
        }
    }

    @Test func everyTruncationIsAnError() {
        let good = DataFixtures.bytes("gzip/every_field.gz")
        for length in Array(2..<40) + Array(stride(from: 40, to: good.count, by: 97)) {
            _ = Self.failure { () throws(DataFileError) in try Gzip.inflate(Array(good.prefix(length)), format: "test") }
        }
    }

    @Test func aBitFlipIsRefusedOrChangesNothing() {
        let good = DataFixtures.bytes("gzip/level1.gz"), payload = DataFixtures.bytes("gzip/payload.bin")
        var refused = 0, flips = 0
        for position in stride(from: 10, to: good.count - 8, by: 487) {
            var bytes = good
            bytes[position] ^= 1 << UInt8(position % 8)
            flips += 1
            if let inflated = try? Gzip.inflate(bytes, format: "test") {
                // A flip in bits the decoder never reads (the padding after the last block) changes nothing.
                #expect(inflated == payload, "byte \(position)")
            } else {
                refused += 1
            }
        }
        #expect(refused >= flips - 2)
    }

    @Test func readersTakeGzippedFiles() throws {
        let labels = try IDXFile.read(contentsOf: DataFixtures.path("labels.idx1-ubyte.gz"))
        let plainLabels = try IDXFile.read(contentsOf: DataFixtures.path("labels.idx1-ubyte"))
        #expect(labels.shape == [3] && labels.equal(plainLabels))
        let table = try DelimitedText.read(contentsOf: DataFixtures.path("table.csv.gz"), hasHeader: true)
        let plainTable = try DelimitedText.read(contentsOf: DataFixtures.path("table.csv"), hasHeader: true)
        #expect(table.shape == [2, 3] && table.equal(plainTable))
        let cut = Array(DataFixtures.bytes("labels.idx1-ubyte.gz").dropLast(3))
        #expect(throws: DataFileError.self) { try IDXFile.decode(cut) }
    }

    @Test func savezCompressedArchivesReadLikeStoredOnes() throws {
        let arrays = try NumpyArray.readArchive(contentsOf: DataFixtures.path("pair_compressed.npz"))
        #expect(arrays.keys.sorted() == ["x"])
        #expect(arrays["x"]?.shape == [2, 3] && arrays["x"]?.toArray(of: Float.self) == [0, 0.25, 0.5, 0.75, 1, 1.25])
        // A flipped bit in the deflated member: refused by the inflater or by the member's CRC-32.
        var bytes = DataFixtures.bytes("pair_compressed.npz")
        let dataStart = 30 + Int(bytes[26]) + Int(bytes[27]) << 8 + Int(bytes[28]) + Int(bytes[29]) << 8
        bytes[dataStart + 20] ^= 0x10
        #expect(throws: DataFileError.self) { try NumpyArray.decodeArchive(bytes) }
    }
}
