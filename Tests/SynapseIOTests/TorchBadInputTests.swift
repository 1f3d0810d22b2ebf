import Foundation
import Testing
import SynapseIO

/// Broken PyTorch files — every truncation, thousands of random bit flips — are refused with an error or read as
/// other values, never a crash or a hang. (Hostile pickles are in `TorchCheckpointFixtureTests`.)
@Suite struct TorchBadInputTests {
    /// Writes `bytes` to a fresh file and loads it.
    static func load(_ bytes: [UInt8]) -> Result<CheckpointValue, CheckpointError> {
        let url = SafeTensorsBadInputTests.directory.appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        do { return .success(try SynapseIO.load(from: url)) } catch { return .failure(error) }
    }

    static func fixture(_ name: String) -> [UInt8] {
        Array(try! Data(contentsOf: TorchFixtures.directory.appendingPathComponent(name)))
    }

    @Test(arguments: ["x-file", "tied_model.pt", "legacy.pt"])
    func everyTruncationIsAnError(_ name: String) {
        let good = Self.fixture(name)
        #expect(throws: Never.self) { try Self.load(good).get() }
        for length in 0..<good.count {
            guard case .failure = Self.load(Array(good.prefix(length))) else {
                Issue.record("\(name) truncated to \(length) of \(good.count) bytes was accepted")
                return
            }
        }
    }

    @Test(arguments: ["nested.pt", "legacy.pt", "views.pt"])
    func randomBitFlipsNeverCrash(_ name: String) {
        let good = Self.fixture(name)
        var generator = SystemRandomNumberGenerator()
        var refused = 0
        for _ in 0..<1_500 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            }
            if case .failure = Self.load(bytes) { refused += 1 }
        }
        #expect(refused > 0)   // flips in the structure are caught; flips in the data are just other values
    }

    /// Inputs the fuzzer once crashed on (`Fuzz/regressions/`, named `<parser>-<what>`): each must now load or
    /// throw when given to the parser that crashed.
    @Test func fuzzerFindingsStayFixed() throws {
        let folder = TorchFixtures.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.isEmpty)
        let formats: [String: CheckpointFormat] = ["zip": .torchZip, "legacy": .torchLegacy, "safetensors": .safetensors]
        for name in names {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            let format = formats[String(name.prefix { $0 != "-" })]
            _ = bytes.withUnsafeBytes { try? decodeCheckpoint(bytes: $0, format: format) }
        }
    }

    /// A legacy file's framing errors name the legacy format (they were once worded as safetensors header errors).
    @Test func legacyFramingErrorsNameTheLegacyFormat() {
        var bytes = Self.fixture("legacy.pt")
        let version = bytes.firstRange(of: [UInt8(ascii: "M"), 0xE9, 0x03])!
        bytes[version.lowerBound + 1] = 0xEA   // protocol version 1002
        guard case .failure(let error) = Self.load(bytes) else {
            Issue.record("accepted")
            return
        }
        #expect(error.description == "invalid legacy PyTorch file: legacy protocol version int 1002, expected 1001")
    }

    @Test func unknownFormatsSayWhatTheyStartWith() {
        guard case .failure(let error) = Self.load(Array("hello, world".utf8)) else {
            Issue.record("a text file was accepted")
            return
        }
        #expect(error.description.contains("starts with bytes [68 65 6c 6c 6f 2c 20 77]"), "\(error)")
    }
}
